package io.github.imds.lifecycle;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * An immutable snapshot of what the {@link InstanceLifecyclePoller} knows, for diagnostics such as the
 * {@code imds} actuator endpoint.
 *
 * @param running whether the poller is polling
 * @param instanceLifeCycle {@code spot}, {@code on-demand} or {@code scheduled}, or {@code null} while not
 * known yet; spot paths are polled only for {@code spot}
 * @param spotInterruption the spot interruption notice present at the last read, or {@code null} (none, or
 * withdrawn)
 * @param rebalanceRecommendation the notice time of the last rebalance recommendation read, or {@code null}
 * @param targetLifecycleState the last Auto Scaling target lifecycle state read, or {@code null}
 * @param inAutoScalingGroup whether the last read of the target lifecycle state answered (it answers 404
 * outside an Auto Scaling group)
 * @param scheduledMaintenance the scheduled maintenance events from the last successful read
 * @param drainTriggered whether readiness is held at {@code REFUSING_TRAFFIC} by a termination notice
 * @param drainReason the notice that triggered the drain, or {@code null}
 * @param lastPoll when the last poll ran, or {@code null} before the first
 * @param lastError the last failed request's message, or {@code null}
 * @param errors how many requests failed since start
 * @since 0.1.0
 */
public record LifecycleStatus(boolean running, @Nullable String instanceLifeCycle,
		@Nullable SpotInterruption spotInterruption, @Nullable Instant rebalanceRecommendation,
		@Nullable String targetLifecycleState, boolean inAutoScalingGroup,
		List<ScheduledMaintenance> scheduledMaintenance,
		boolean drainTriggered, @Nullable String drainReason, @Nullable Instant lastPoll, @Nullable String lastError,
		long errors) {

	/**
	 * Creates a snapshot.
	 * @param running whether the poller is polling
	 * @param instanceLifeCycle the instance life cycle
	 * @param spotInterruption the last spot interruption notice
	 * @param rebalanceRecommendation the last rebalance recommendation time
	 * @param targetLifecycleState the last target lifecycle state
	 * @param inAutoScalingGroup whether the target lifecycle state answered
	 * @param scheduledMaintenance the scheduled maintenance events
	 * @param drainTriggered whether the drain was triggered
	 * @param drainReason the drain's reason
	 * @param lastPoll the last poll's time
	 * @param lastError the last error
	 * @param errors the error count
	 */
	public LifecycleStatus {
		scheduledMaintenance = List.copyOf(scheduledMaintenance);
	}

}
