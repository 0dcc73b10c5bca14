package io.github.imds.lifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEvent;

/**
 * What the lifecycle paths said last, and which notices are new: each reader takes a body (or {@code null}
 * for a 404), updates the current state, queues the events of new notices and says when its path is due
 * again. Not thread-safe: the poller reads paths under its lock.
 */
final class LifecycleNotices {

	private static final Log logger = LogFactory.getLog(InstanceLifecyclePoller.class);

	private final Object source;

	private final NoticeMemory<SpotInterruption> seenSpotInterruptions = new NoticeMemory<>();

	private final NoticeMemory<Instant> seenRebalanceRecommendations = new NoticeMemory<>();

	private final List<ApplicationEvent> pendingEvents = new ArrayList<>();

	private final List<String> pendingWarnings = new ArrayList<>();

	private @Nullable String instanceLifeCycle;

	private @Nullable SpotInterruption spotInterruption;

	private @Nullable Instant rebalanceRecommendation;

	private @Nullable String targetLifecycleState;

	private boolean inAutoScalingGroup;

	private List<ScheduledMaintenance> scheduledMaintenance = List.of();

	private Set<String> maintenanceKey = Set.of();

	LifecycleNotices(Object source, @Nullable String instanceLifeCycle) {
		this.source = source;
		this.instanceLifeCycle = instanceLifeCycle;
	}

	@Nullable String instanceLifeCycle() {
		return this.instanceLifeCycle;
	}

	@Nullable SpotInterruption spotInterruption() {
		return this.spotInterruption;
	}

	@Nullable Instant rebalanceRecommendation() {
		return this.rebalanceRecommendation;
	}

	@Nullable String targetLifecycleState() {
		return this.targetLifecycleState;
	}

	boolean inAutoScalingGroup() {
		return this.inAutoScalingGroup;
	}

	List<ScheduledMaintenance> scheduledMaintenance() {
		return this.scheduledMaintenance;
	}

	void onKnownInstanceLifeCycle(String instanceLifeCycle) {
		this.instanceLifeCycle = instanceLifeCycle;
	}

	Duration onInstanceLifeCycle(@Nullable String body) {
		this.instanceLifeCycle = NoticeParser.instanceLifeCycle(body);
		if (logger.isDebugEnabled()) {
			logger.debug("Instance life cycle is '%s'".formatted(this.instanceLifeCycle));
		}
		return Duration.ZERO;
	}

	Duration onSpotInterruption(@Nullable String body) {
		if (body == null) {
			// withdrawn (404): a stop or hibernate notice after the instance came back
			this.spotInterruption = null;
			return Duration.ZERO;
		}
		SpotInterruption notice = NoticeParser.spotInterruption(body);
		this.spotInterruption = notice;
		if (this.seenSpotInterruptions.firstSighting(notice)) {
			String description = "Spot interruption notice: %s at %s".formatted(notice.action(), notice.time());
			if (notice.isTermination()) {
				this.pendingWarnings.add(description);
			}
			else {
				logger.warn(description);
			}
			this.pendingEvents.add(new SpotInterruptionEvent(this.source, notice));
		}
		return Duration.ZERO;
	}

	Duration onRebalanceRecommendation(@Nullable String body) {
		if (body == null) {
			return Duration.ZERO;
		}
		Instant noticeTime = NoticeParser.rebalanceRecommendation(body);
		this.rebalanceRecommendation = noticeTime;
		if (this.seenRebalanceRecommendations.firstSighting(noticeTime)) {
			logger.info("Spot rebalance recommendation: noticeTime %s".formatted(noticeTime));
			this.pendingEvents.add(new RebalanceRecommendationEvent(this.source, noticeTime));
		}
		return Duration.ZERO;
	}

	Duration onTargetLifecycleState(@Nullable String body) {
		if (body == null) {
			// Not in an Auto Scaling group. Attaching one is rare, so looking every few minutes is enough.
			this.inAutoScalingGroup = false;
			return InstanceLifecyclePoller.NOT_IN_GROUP_INTERVAL;
		}
		this.inAutoScalingGroup = true;
		String current = NoticeParser.targetLifecycleState(body);
		if (current != null && !current.equals(this.targetLifecycleState)) {
			String previous = this.targetLifecycleState;
			this.targetLifecycleState = current;
			String description = "Auto Scaling target lifecycle state: %s (was %s)".formatted(current,
					(previous != null) ? previous : "unknown");
			if (isTerminated(current)) {
				this.pendingWarnings.add(description);
			}
			else {
				logger.info(description);
			}
			this.pendingEvents.add(new TargetLifecycleStateChangedEvent(this.source, previous, current));
		}
		return Duration.ZERO;
	}

	Duration onScheduledMaintenance(@Nullable String body) {
		List<ScheduledMaintenance> events = (body != null) ? NoticeParser.scheduledMaintenance(body) : List.of();
		this.scheduledMaintenance = events;
		// An event is the same notice while its id and state are the same; new times alone (a reschedule by
		// the user) are visible in the state but are not a new notice.
		Set<String> key = new LinkedHashSet<>();
		events.forEach((event) -> key.add(event.eventId() + "|" + event.code() + "|" + event.state()));
		if (!key.equals(this.maintenanceKey)) {
			this.maintenanceKey = Set.copyOf(key);
			if (!events.isEmpty()) {
				logger.info("Scheduled maintenance: %s".formatted(events));
				this.pendingEvents.add(new ScheduledMaintenanceEvent(this.source, events));
			}
		}
		return InstanceLifecyclePoller.MAINTENANCE_INTERVAL;
	}

	/**
	 * The termination notice present now.
	 * @return the cause of a drain, or {@code null} when no termination notice is present
	 */
	ReadinessDrain.@Nullable Cause terminationCause() {
		SpotInterruption spot = this.spotInterruption;
		boolean terminated = isTerminated(this.targetLifecycleState);
		if (spot != null && spot.isTermination()) {
			String reason = "spot interruption notice (%s at %s)".formatted(spot.action(), spot.time());
			return new ReadinessDrain.Cause(reason, !"terminate".equals(spot.action()) && !terminated);
		}
		return terminated ? new ReadinessDrain.Cause("Auto Scaling target lifecycle state Terminated", false) : null;
	}

	/**
	 * Logs the new termination notices (one WARN each, with what happened to readiness) and hands over the
	 * events of the new notices.
	 * @param readiness what the drain did, for the WARN lines
	 * @return the events to publish, in the order read
	 */
	List<ApplicationEvent> drainPending(String readiness) {
		this.pendingWarnings.forEach((warning) -> logger.warn(warning + readiness));
		this.pendingWarnings.clear();
		List<ApplicationEvent> events = List.copyOf(this.pendingEvents);
		this.pendingEvents.clear();
		return events;
	}

	private static boolean isTerminated(@Nullable String targetLifecycleState) {
		return "Terminated".equals(targetLifecycleState);
	}

}
