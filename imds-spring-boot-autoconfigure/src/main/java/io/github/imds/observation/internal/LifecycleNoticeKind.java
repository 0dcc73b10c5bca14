package io.github.imds.observation.internal;

import io.github.imds.lifecycle.RebalanceRecommendationEvent;
import io.github.imds.lifecycle.ScheduledMaintenanceEvent;
import io.github.imds.lifecycle.SpotInterruptionEvent;
import io.github.imds.lifecycle.TargetLifecycleStateChangedEvent;
import org.jspecify.annotations.Nullable;

/**
 * The {@code kind} tag of the {@code imds.lifecycle.notices} counter: one per lifecycle event type.
 *
 * @since 0.1.0
 */
public enum LifecycleNoticeKind {

	/** {@link SpotInterruptionEvent}: EC2 will reclaim this spot instance. */
	SPOT_INTERRUPTION("spot-interruption", SpotInterruptionEvent.class),

	/** {@link RebalanceRecommendationEvent}: the spot instance is at elevated risk of interruption. */
	REBALANCE_RECOMMENDATION("rebalance-recommendation", RebalanceRecommendationEvent.class),

	/** {@link TargetLifecycleStateChangedEvent}: the Auto Scaling target lifecycle state changed. */
	TARGET_LIFECYCLE_STATE("target-lifecycle-state", TargetLifecycleStateChangedEvent.class),

	/** {@link ScheduledMaintenanceEvent}: the set of scheduled maintenance events changed. */
	SCHEDULED_MAINTENANCE("scheduled-maintenance", ScheduledMaintenanceEvent.class);

	private final String tag;

	private final Class<?> eventType;

	LifecycleNoticeKind(String tag, Class<?> eventType) {
		this.tag = tag;
		this.eventType = eventType;
	}

	/**
	 * The tag value.
	 * @return the lower-case name
	 */
	public String tag() {
		return this.tag;
	}

	/**
	 * The kind of an event type.
	 * @param type the event type
	 * @return the kind, or {@code null} when the type is not a lifecycle notice
	 */
	public static @Nullable LifecycleNoticeKind of(Class<?> type) {
		for (LifecycleNoticeKind kind : values()) {
			if (kind.eventType.isAssignableFrom(type)) {
				return kind;
			}
		}
		return null;
	}

}
