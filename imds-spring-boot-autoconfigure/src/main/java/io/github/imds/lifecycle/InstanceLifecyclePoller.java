package io.github.imds.lifecycle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.github.imds.client.ImdsClient;
import io.github.imds.client.ImdsException;
import io.github.imds.client.ImdsJson;
import io.github.imds.client.ImdsResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.util.Assert;

/**
 * Polls IMDS for instance lifecycle notices and publishes each distinct notice once as an application event:
 * {@link SpotInterruptionEvent}, {@link RebalanceRecommendationEvent}, {@link TargetLifecycleStateChangedEvent}
 * and {@link ScheduledMaintenanceEvent}.
 * <p>
 * Every poll interval (with jitter) it reads, with one request per path:
 * <ul>
 * <li>{@code spot/instance-action} and {@code events/recommendations/rebalance}, only on a spot instance;</li>
 * <li>{@code autoscaling/target-lifecycle-state}, while it answers; after a 404 (not in an Auto Scaling group)
 * only every 5 minutes;</li>
 * <li>{@code events/maintenance/scheduled} every 5 minutes.</li>
 * </ul>
 * A path whose request fails is left alone for an exponentially growing, jittered delay (twice the poll
 * interval, then four times, … up to 5 minutes), so an IMDS outage or throttling
 * is not made worse.
 * <p>
 * With drain on termination, a spot {@code terminate}, {@code stop} or {@code hibernate} notice, or a target
 * lifecycle state of {@code Terminated}, publishes {@link ReadinessState#REFUSING_TRAFFIC} once, so the
 * readiness probe fails and load balancers stop sending traffic before the instance goes.
 * <p>
 * As a {@link SmartLifecycle} it polls on one daemon thread named {@value #THREAD_NAME} from context start to
 * context close. {@link #pollOnce()} runs one poll on the calling thread.
 *
 * @since 0.1.0
 */
public class InstanceLifecyclePoller implements SmartLifecycle {

	/**
	 * Name of the polling thread.
	 */
	public static final String THREAD_NAME = "imds-lifecycle";

	static final String SPOT_PATH = "/latest/meta-data/spot/instance-action";

	static final String REBALANCE_PATH = "/latest/meta-data/events/recommendations/rebalance";

	static final String TARGET_STATE_PATH = "/latest/meta-data/autoscaling/target-lifecycle-state";

	static final String MAINTENANCE_PATH = "/latest/meta-data/events/maintenance/scheduled";

	static final String LIFE_CYCLE_PATH = "/latest/meta-data/instance-life-cycle";

	/**
	 * Maintenance is scheduled days ahead: a few minutes of delay cost nothing.
	 */
	static final Duration MAINTENANCE_INTERVAL = Duration.ofMinutes(5);

	static final Duration NOT_IN_GROUP_INTERVAL = Duration.ofMinutes(5);

	static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

	/**
	 * How long {@link #stop()} waits for a poll in flight: at most one request, bounded by the client's
	 * timeouts, but context close should not hang on IMDS.
	 */
	static final Duration STOP_TIMEOUT = Duration.ofSeconds(1);

	private static final DateTimeFormatter MAINTENANCE_TIME = DateTimeFormatter.ofPattern("d MMM uuuu H:mm:ss zzz",
			Locale.ROOT);

	private static final int MAX_REMEMBERED_NOTICES = 32;

	private static final Log logger = LogFactory.getLog(InstanceLifecyclePoller.class);

	private final ImdsClient client;

	private final ApplicationEventPublisher publisher;

	private final Duration pollInterval;

	private final boolean drainOnTermination;

	private final Clock clock;

	private final Object lifecycleMonitor = new Object();

	private @Nullable ScheduledExecutorService executor;

	private volatile boolean running;

	private volatile LifecycleState snapshot;

	// The fields below are guarded by pollLock: a poll runs on the polling thread, or on a caller of pollOnce().

	private final Lock pollLock = new ReentrantLock();

	private final Map<String, PathSchedule> schedules = new HashMap<>();

	private final Set<String> failingPaths = new LinkedHashSet<>();

	private final Set<SpotInterruption> seenSpotInterruptions = new LinkedHashSet<>();

	private final Set<Instant> seenRebalanceRecommendations = new LinkedHashSet<>();

	private @Nullable String instanceLifeCycle;

	private @Nullable SpotInterruption spotInterruption;

	private @Nullable Instant rebalanceRecommendation;

	private @Nullable String targetLifecycleState;

	private boolean inAutoScalingGroup;

	private List<MaintenanceEvent> scheduledMaintenance = List.of();

	private Set<String> maintenanceKey = Set.of();

	private boolean drainTriggered;

	private @Nullable String drainReason;

	private @Nullable Instant lastPoll;

	private @Nullable String lastError;

	private long errors;

	/**
	 * Creates a poller that uses the system clock.
	 * @param client the shared IMDS client
	 * @param publisher where events are published, usually the application context
	 * @param pollInterval the interval between polls of the spot and Auto Scaling paths
	 * @param drainOnTermination whether a termination notice switches readiness to
	 * {@link ReadinessState#REFUSING_TRAFFIC}
	 * @param instanceLifeCycle the instance's life cycle ({@code spot}, {@code on-demand}, …) when already
	 * known, such as from the {@code ec2.instance-life-cycle} property; {@code null} to read it from IMDS once
	 */
	public InstanceLifecyclePoller(ImdsClient client, ApplicationEventPublisher publisher, Duration pollInterval,
			boolean drainOnTermination, @Nullable String instanceLifeCycle) {
		this(client, publisher, pollInterval, drainOnTermination, instanceLifeCycle, Clock.systemUTC());
	}

	/**
	 * Creates a poller.
	 * @param client the shared IMDS client
	 * @param publisher where events are published, usually the application context
	 * @param pollInterval the interval between polls of the spot and Auto Scaling paths
	 * @param drainOnTermination whether a termination notice switches readiness to
	 * {@link ReadinessState#REFUSING_TRAFFIC}
	 * @param instanceLifeCycle the instance's life cycle when already known; {@code null} to read it from IMDS
	 * once
	 * @param clock the clock that decides which paths are due
	 */
	public InstanceLifecyclePoller(ImdsClient client, ApplicationEventPublisher publisher, Duration pollInterval,
			boolean drainOnTermination, @Nullable String instanceLifeCycle, Clock clock) {
		Assert.notNull(client, "'client' must not be null");
		Assert.notNull(publisher, "'publisher' must not be null");
		Assert.notNull(pollInterval, "'pollInterval' must not be null");
		Assert.isTrue(pollInterval.toMillis() >= 1,
				() -> "'pollInterval' must be at least 1ms, was '%s'".formatted(pollInterval));
		Assert.notNull(clock, "'clock' must not be null");
		this.client = client;
		this.publisher = publisher;
		this.pollInterval = pollInterval;
		this.drainOnTermination = drainOnTermination;
		this.instanceLifeCycle = (instanceLifeCycle != null && !instanceLifeCycle.isBlank())
				? instanceLifeCycle.trim() : null;
		this.clock = clock;
		this.snapshot = buildSnapshot();
	}

	/**
	 * A snapshot of the last notices, the current target lifecycle state and whether the drain was triggered.
	 * @return the state
	 */
	public LifecycleState state() {
		LifecycleState last = this.snapshot;
		return new LifecycleState(this.running, last.instanceLifeCycle(), last.spotInterruption(),
				last.rebalanceRecommendation(), last.targetLifecycleState(), last.inAutoScalingGroup(),
				last.scheduledMaintenance(), last.drainTriggered(), last.drainReason(), last.lastPoll(),
				last.lastError(), last.errors());
	}

	/**
	 * The interval between polls of the spot and Auto Scaling paths.
	 * @return the poll interval
	 */
	public Duration getPollInterval() {
		return this.pollInterval;
	}

	/**
	 * Whether a termination notice switches readiness to {@link ReadinessState#REFUSING_TRAFFIC}.
	 * @return whether drain on termination is on
	 */
	public boolean isDrainOnTermination() {
		return this.drainOnTermination;
	}

	/**
	 * Runs one poll on the calling thread: reads each path that is due now (one request per path) and
	 * publishes the events for new notices. Paths not due (backing off after an error, or polled rarely) are
	 * skipped. Never throws for IMDS errors; they are recorded in {@link #state()}.
	 */
	public void pollOnce() {
		this.pollLock.lock();
		try {
			Instant now = this.clock.instant();
			if (this.instanceLifeCycle == null) {
				poll(LIFE_CYCLE_PATH, now, this::onInstanceLifeCycle);
			}
			if ("spot".equals(this.instanceLifeCycle)) {
				poll(SPOT_PATH, now, this::onSpotInterruption);
				poll(REBALANCE_PATH, now, this::onRebalanceRecommendation);
			}
			poll(TARGET_STATE_PATH, now, this::onTargetLifecycleState);
			poll(MAINTENANCE_PATH, now, this::onScheduledMaintenance);
			this.lastPoll = now;
			this.snapshot = buildSnapshot();
		}
		finally {
			this.pollLock.unlock();
		}
	}

	private void poll(String path, Instant now, Function<Optional<ImdsResponse>, Duration> handler) {
		PathSchedule schedule = this.schedules.computeIfAbsent(path, (key) -> new PathSchedule());
		if (now.isBefore(schedule.nextDue)) {
			return;
		}
		Duration next;
		try {
			next = handler.apply(this.client.get(path));
		}
		catch (ImdsException | IllegalArgumentException | DateTimeParseException ex) {
			// IllegalArgumentException and DateTimeParseException: a body this library cannot read. Backing off
			// like for a failed request keeps a broken answer from being re-read (and logged) every poll.
			failed(path, schedule, now, ex);
			return;
		}
		schedule.failures = 0;
		schedule.nextDue = now.plus(next);
		if (this.failingPaths.remove(path) && this.failingPaths.isEmpty()) {
			logger.info("IMDS lifecycle polling recovered");
		}
	}

	private void failed(String path, PathSchedule schedule, Instant now, RuntimeException ex) {
		schedule.failures++;
		Duration delay = backoff(schedule.failures);
		schedule.nextDue = now.plus(delay);
		this.errors++;
		this.lastError = ex.getMessage();
		boolean firstOfOutage = this.failingPaths.isEmpty();
		this.failingPaths.add(path);
		if (firstOfOutage && this.running) {
			logger.warn("IMDS lifecycle poll of %s failed, backing off: %s".formatted(path, ex.getMessage()));
		}
		else if (logger.isDebugEnabled()) {
			logger.debug("IMDS lifecycle poll of %s failed (%d in a row), next attempt in %s: %s".formatted(path,
					schedule.failures, delay, ex.getMessage()));
		}
	}

	/**
	 * Full-jitter-from-half exponential backoff: uniform in {@code [d/2, d]} with
	 * {@code d = min(max, interval * 2^failures)}. Half the delay is always kept, so a failing path is never
	 * polled at the normal rate, and the other half spreads a fleet that failed at the same moment.
	 */
	private Duration backoff(int failures) {
		long ceiling = Math.min(MAX_BACKOFF.toMillis(),
				this.pollInterval.toMillis() * (1L << Math.min(failures, 20)));
		long half = Math.max(1, ceiling / 2);
		return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(ceiling - half + 1));
	}

	private Duration onInstanceLifeCycle(Optional<ImdsResponse> response) {
		// Every instance lists its life cycle; where it does not, it cannot be a spot instance.
		this.instanceLifeCycle = response.map((body) -> body.asString().trim())
			.filter((value) -> !value.isEmpty())
			.orElse("on-demand");
		if (logger.isDebugEnabled()) {
			logger.debug("Instance life cycle is '%s'".formatted(this.instanceLifeCycle));
		}
		return Duration.ZERO;
	}

	private Duration onSpotInterruption(Optional<ImdsResponse> response) {
		if (response.isEmpty()) {
			return Duration.ZERO;
		}
		ImdsJson json = response.get().asJson();
		SpotInterruption notice = new SpotInterruption(text(json, "action"), Instant.parse(text(json, "time")));
		this.spotInterruption = notice;
		if (remember(this.seenSpotInterruptions, notice)) {
			String description = "Spot interruption notice: %s at %s".formatted(notice.action(), notice.time());
			boolean drained = notice.isTermination() && drain(description);
			logger.warn(description + (notice.isTermination() ? drainSuffix(drained) : ""));
			publish(new SpotInterruptionEvent(this, notice));
		}
		return Duration.ZERO;
	}

	private Duration onRebalanceRecommendation(Optional<ImdsResponse> response) {
		if (response.isEmpty()) {
			return Duration.ZERO;
		}
		Instant noticeTime = Instant.parse(text(response.get().asJson(), "noticeTime"));
		this.rebalanceRecommendation = noticeTime;
		if (remember(this.seenRebalanceRecommendations, noticeTime)) {
			logger.info("Spot rebalance recommendation: noticeTime %s".formatted(noticeTime));
			publish(new RebalanceRecommendationEvent(this, noticeTime));
		}
		return Duration.ZERO;
	}

	private Duration onTargetLifecycleState(Optional<ImdsResponse> response) {
		if (response.isEmpty()) {
			// Not in an Auto Scaling group. Attaching one is rare, so looking every few minutes is enough.
			this.inAutoScalingGroup = false;
			return NOT_IN_GROUP_INTERVAL;
		}
		this.inAutoScalingGroup = true;
		String current = response.get().asString().trim();
		if (!current.isEmpty() && !current.equals(this.targetLifecycleState)) {
			String previous = this.targetLifecycleState;
			this.targetLifecycleState = current;
			String description = "Auto Scaling target lifecycle state: %s (was %s)".formatted(current,
					(previous != null) ? previous : "unknown");
			if ("Terminated".equals(current)) {
				logger.warn(description + drainSuffix(drain(description)));
			}
			else {
				logger.info(description);
			}
			publish(new TargetLifecycleStateChangedEvent(this, previous, current));
		}
		return Duration.ZERO;
	}

	private Duration onScheduledMaintenance(Optional<ImdsResponse> response) {
		List<MaintenanceEvent> events = new ArrayList<>();
		if (response.isPresent()) {
			ImdsJson json = response.get().asJson();
			if (!json.isArray()) {
				throw new IllegalArgumentException("%s is not a JSON array".formatted(MAINTENANCE_PATH));
			}
			for (ImdsJson item : json) {
				events.add(new MaintenanceEvent(optionalText(item, "Code"), optionalText(item, "Description"),
						optionalText(item, "State"), optionalText(item, "EventId"),
						maintenanceTime(item, "NotBefore"), maintenanceTime(item, "NotAfter"),
						maintenanceTime(item, "NotBeforeDeadline")));
			}
		}
		this.scheduledMaintenance = List.copyOf(events);
		// An event is the same notice while its id and state are the same; new times alone (a reschedule by
		// the user) are visible in the state but are not a new notice.
		Set<String> key = events.stream()
			.map((event) -> event.eventId() + "|" + event.code() + "|" + event.state())
			.collect(Collectors.toUnmodifiableSet());
		if (!key.equals(this.maintenanceKey)) {
			this.maintenanceKey = key;
			if (!events.isEmpty()) {
				logger.info("Scheduled maintenance: %s".formatted(events));
				publish(new ScheduledMaintenanceEvent(this, events));
			}
		}
		return MAINTENANCE_INTERVAL;
	}

	private boolean drain(String reason) {
		if (!this.drainOnTermination || this.drainTriggered) {
			return false;
		}
		this.drainTriggered = true;
		this.drainReason = reason;
		try {
			AvailabilityChangeEvent.publish(this.publisher, this, ReadinessState.REFUSING_TRAFFIC);
		}
		catch (RuntimeException ex) {
			logger.error("Failed to publish readiness REFUSING_TRAFFIC", ex);
		}
		return true;
	}

	private String drainSuffix(boolean drained) {
		if (drained) {
			return "; readiness set to REFUSING_TRAFFIC so that load balancers drain this instance";
		}
		if (!this.drainOnTermination) {
			return "; readiness unchanged (imds.lifecycle.drain-on-termination is off)";
		}
		return "; readiness already REFUSING_TRAFFIC";
	}

	private void publish(ApplicationEvent event) {
		try {
			this.publisher.publishEvent(event);
		}
		catch (RuntimeException ex) {
			// A failing listener must not stop the polling, nor make the same notice be published again.
			logger.error("A listener of %s failed".formatted(event), ex);
		}
	}

	private static <T> boolean remember(Set<T> seen, T notice) {
		if (!seen.add(notice)) {
			return false;
		}
		if (seen.size() > MAX_REMEMBERED_NOTICES) {
			seen.remove(seen.iterator().next());
		}
		return true;
	}

	private static String text(ImdsJson json, String field) {
		String value = optionalText(json, field);
		if (value == null || value.isBlank()) {
			throw new IllegalArgumentException("Field '%s' is missing".formatted(field));
		}
		return value;
	}

	private static @Nullable String optionalText(ImdsJson json, String field) {
		ImdsJson value = json.get(field);
		return (value != null && value.isString()) ? value.asString() : null;
	}

	private static @Nullable Instant maintenanceTime(ImdsJson json, String field) {
		String value = optionalText(json, field);
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return ZonedDateTime.parse(value.trim(), MAINTENANCE_TIME).toInstant();
		}
		catch (DateTimeParseException ex) {
			// One odd time should not hide the event: it is kept with the time unknown.
			if (logger.isDebugEnabled()) {
				logger.debug("Cannot parse %s '%s' of a scheduled maintenance event".formatted(field, value));
			}
			return null;
		}
	}

	private LifecycleState buildSnapshot() {
		return new LifecycleState(false, this.instanceLifeCycle, this.spotInterruption, this.rebalanceRecommendation,
				this.targetLifecycleState, this.inAutoScalingGroup, this.scheduledMaintenance, this.drainTriggered,
				this.drainReason, this.lastPoll, this.lastError, this.errors);
	}

	@Override
	public void start() {
		if (!this.client.availability().isAvailable()) {
			// not on EC2 or disabled: no thread, no request (decided here, not by a condition, for Spring AOT)
			return;
		}
		synchronized (this.lifecycleMonitor) {
			if (this.running) {
				return;
			}
			ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(this::newThread);
			this.executor = executor;
			this.running = true;
			executor.execute(this::tick);
		}
	}

	@Override
	public void stop() {
		ScheduledExecutorService executor;
		synchronized (this.lifecycleMonitor) {
			if (!this.running) {
				return;
			}
			this.running = false;
			executor = this.executor;
			this.executor = null;
		}
		if (executor != null && Thread.currentThread().getName().equals(THREAD_NAME)) {
			// A listener on the polling thread closed the context: interrupting or waiting for ourselves would
			// cut the rest of the shutdown short.
			executor.shutdown();
		}
		else if (executor != null) {
			// Interrupts a request in flight; waits briefly so no event is published once the context is closed.
			executor.shutdownNow();
			try {
				executor.awaitTermination(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	private void tick() {
		ScheduledExecutorService owner = this.executor;
		if (!this.running) {
			return;
		}
		try {
			pollOnce();
		}
		catch (RuntimeException ex) {
			logger.warn("IMDS lifecycle poll failed", ex);
		}
		finally {
			scheduleNextTick(owner);
		}
	}

	private void scheduleNextTick(@Nullable ScheduledExecutorService owner) {
		synchronized (this.lifecycleMonitor) {
			ScheduledExecutorService executor = this.executor;
			// only on the executor that ran this tick: after a stop and a start, the new one has its own ticks
			if (this.running && executor != null && executor == owner && !executor.isShutdown()) {
				executor.schedule(this::tick, jittered(this.pollInterval).toMillis(), TimeUnit.MILLISECONDS);
			}
		}
	}

	/**
	 * Uniform in {@code [0.9, 1.1] * interval}: instances started together do not keep polling in lockstep.
	 */
	private static Duration jittered(Duration interval) {
		long millis = interval.toMillis();
		long spread = millis / 10;
		return Duration.ofMillis(millis - spread + ThreadLocalRandom.current().nextLong(2 * spread + 1));
	}

	private Thread newThread(Runnable runnable) {
		Thread thread = new Thread(runnable, THREAD_NAME);
		thread.setDaemon(true);
		return thread;
	}

	/**
	 * When a path is due next, and how many requests to it failed in a row.
	 */
	private static final class PathSchedule {

		private Instant nextDue = Instant.MIN;

		private int failures;

	}

}
