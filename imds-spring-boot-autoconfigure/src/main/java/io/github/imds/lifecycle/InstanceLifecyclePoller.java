package io.github.imds.lifecycle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import io.github.imds.client.ImdsClient;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;

/**
 * Polls IMDS for instance lifecycle notices and publishes each distinct notice once as an application event:
 * {@link SpotInterruptionEvent}, {@link RebalanceRecommendationEvent}, {@link TargetLifecycleStateChangedEvent}
 * and {@link ScheduledMaintenanceEvent}.
 * <p>
 * Every poll interval (with jitter) it reads, with one request per path: {@code spot/instance-action} and
 * {@code events/recommendations/rebalance} on a spot instance; {@code autoscaling/target-lifecycle-state}
 * while it answers (after a 404, every 5 minutes); {@code events/maintenance/scheduled} every 5 minutes. A
 * path whose request fails backs off on its own: the spot and target-state paths at most 20 seconds, so that
 * the two-minute warning is not missed under throttling, the others up to 5 minutes.
 * <p>
 * With drain on termination, a spot {@code terminate}, {@code stop} or {@code hibernate} notice, or a target
 * lifecycle state of {@code Terminated}, holds readiness at {@link ReadinessState#REFUSING_TRAFFIC} while the
 * notice is present, also when it was there before the application was ready; readiness returns when a
 * {@code stop} or {@code hibernate} notice is withdrawn.
 * <p>
 * As a {@link SmartLifecycle} it polls on one daemon thread named {@value #THREAD_NAME} from context start to
 * context close. {@link #pollOnce()} runs one poll on the calling thread.
 *
 * @since 0.1.0
 */
public class InstanceLifecyclePoller implements SmartLifecycle, ApplicationListener<AvailabilityChangeEvent<?>> {

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

	/**
	 * Longest backoff of the slow paths (rebalance, maintenance).
	 */
	static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

	/**
	 * Longest backoff of the paths that carry the two-minute warning (spot, target state, and the life cycle
	 * that decides whether the spot path is read): several reads within the warning even under throttling.
	 */
	static final Duration URGENT_MAX_BACKOFF = Duration.ofSeconds(20);

	/**
	 * How long {@link #stop()} waits for a poll in flight: at most one request, bounded by the client's
	 * timeouts, but context close should not hang on IMDS.
	 */
	static final Duration STOP_TIMEOUT = Duration.ofSeconds(1);

	private static final Log logger = LogFactory.getLog(InstanceLifecyclePoller.class);

	private final ImdsClient client;

	private final ApplicationEventPublisher publisher;

	private final Duration pollInterval;

	private final Clock clock;

	private final ReadinessDrain drain;

	private final PollingLoop loop;

	private final DrainReassertion reassertion;

	private volatile LifecycleStatus snapshot;

	// The fields below are guarded by pollLock: a poll runs on the polling thread, or on a caller of pollOnce().

	private final Lock pollLock = new ReentrantLock();

	private final NoticePathReader paths;

	private final LifecycleNotices notices;

	private final Supplier<@Nullable String> instanceLifeCycleSource;

	private @Nullable Instant lastPoll;

	InstanceLifecyclePoller(InstanceLifecyclePollerBuilder builder) {
		this.client = builder.client;
		this.publisher = builder.publisher;
		this.pollInterval = builder.pollInterval;
		this.clock = builder.clock;
		this.instanceLifeCycleSource = builder.instanceLifeCycle;
		this.notices = new LifecycleNotices(this, this.instanceLifeCycleSource.get());
		this.drain = new ReadinessDrain(this.publisher, this, builder.drainOnTermination, builder.availability);
		this.loop = new PollingLoop(builder.scheduler, this::pollOnce, this::nextPollDelay);
		this.paths = new NoticePathReader(this.client, this.pollInterval, builder.random, this.loop::isRunning);
		this.reassertion = new DrainReassertion(this.drain, this.loop);
		this.snapshot = buildSnapshot();
	}

	/**
	 * Creates a builder, for applications that define their own poller bean.
	 * @param client the shared IMDS client
	 * @param publisher where events are published, usually the application context
	 * @return a builder
	 */
	public static InstanceLifecyclePollerBuilder builder(ImdsClient client, ApplicationEventPublisher publisher) {
		return new InstanceLifecyclePollerBuilder(client, publisher);
	}

	/**
	 * A snapshot of the current notices, the target lifecycle state and whether readiness is drained.
	 * @return the status
	 */
	public LifecycleStatus status() {
		LifecycleStatus last = this.snapshot;
		return new LifecycleStatus(this.loop.isRunning(), last.instanceLifeCycle(), last.spotInterruption(),
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
	 * Whether a termination notice holds readiness at {@link ReadinessState#REFUSING_TRAFFIC}.
	 * @return whether drain on termination is on
	 */
	public boolean isDrainOnTermination() {
		return this.drain.isEnabled();
	}

	/**
	 * Runs one poll on the calling thread: reads each path that is due now (one request per path), brings
	 * readiness in line with the termination notices present, then publishes the events of new notices.
	 * Paths not due (backing off after an error, or polled rarely) are skipped. Never throws for IMDS errors;
	 * they are recorded in {@link #status()}.
	 */
	public void pollOnce() {
		this.pollLock.lock();
		try {
			Instant now = this.clock.instant();
			LifecycleNotices notices = this.notices;
			String known = (notices.instanceLifeCycle() == null) ? this.instanceLifeCycleSource.get() : null;
			if (known != null) {
				notices.onKnownInstanceLifeCycle(known);
			}
			else if (notices.instanceLifeCycle() == null) {
				this.paths.read(LIFE_CYCLE_PATH, URGENT_MAX_BACKOFF, now, notices::onInstanceLifeCycle);
			}
			if ("spot".equals(notices.instanceLifeCycle())) {
				this.paths.read(SPOT_PATH, URGENT_MAX_BACKOFF, now, notices::onSpotInterruption);
				this.paths.read(REBALANCE_PATH, MAX_BACKOFF, now, notices::onRebalanceRecommendation);
			}
			this.paths.read(TARGET_STATE_PATH, URGENT_MAX_BACKOFF, now, notices::onTargetLifecycleState);
			this.paths.read(MAINTENANCE_PATH, MAX_BACKOFF, now, notices::onScheduledMaintenance);
			// readiness first, so that listeners of the notices see it drained
			ReadinessDrain.Change change = this.drain.update(notices.terminationCause());
			List<ApplicationEvent> events = notices.drainPending(this.drain.outcome(change));
			this.lastPoll = now;
			this.snapshot = buildSnapshot();
			events.forEach(this::publish);
		}
		finally {
			this.pollLock.unlock();
		}
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

	private Duration nextPollDelay() {
		this.pollLock.lock();
		try {
			return this.paths.nextPollDelay(this.clock.instant());
		}
		finally {
			this.pollLock.unlock();
		}
	}

	private LifecycleStatus buildSnapshot() {
		LifecycleNotices notices = this.notices;
		return new LifecycleStatus(false, notices.instanceLifeCycle(), notices.spotInterruption(),
				notices.rebalanceRecommendation(), notices.targetLifecycleState(), notices.inAutoScalingGroup(),
				notices.scheduledMaintenance(), this.drain.isHeld(), this.drain.reason(), this.lastPoll,
				this.paths.lastError(), this.paths.errors());
	}

	/**
	 * Keeps readiness drained while a termination notice is present: above all against the
	 * {@code ACCEPTING_TRAFFIC} that {@code SpringApplication} publishes once the application is ready, after
	 * the first poll.
	 * @param event the readiness or liveness change
	 */
	@Override
	public void onApplicationEvent(AvailabilityChangeEvent<?> event) {
		if (!(event.getState() instanceof ReadinessState readiness) || event.getSource() == this) {
			return;
		}
		this.reassertion.onReadinessChange(event, readiness);
	}

	@Override
	public void start() {
		if (!this.client.availability().isAvailable()) {
			// not on EC2 or disabled: no thread, no request (decided here, not by a condition, for Spring AOT)
			return;
		}
		this.loop.start();
	}

	@Override
	public void stop() {
		this.loop.stop(STOP_TIMEOUT);
	}

	@Override
	public boolean isRunning() {
		return this.loop.isRunning();
	}

}
