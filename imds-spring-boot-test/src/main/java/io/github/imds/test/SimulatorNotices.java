package io.github.imds.test;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * The lifecycle notices an {@link ImdsSimulator} serves ({@link ImdsSimulator#notices()}):
 * spot interruptions, rebalance recommendations, Auto Scaling target states and scheduled
 * maintenance, in the shapes of
 * https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/spot-instance-termination-notices.html
 * and https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/monitoring-instances-status-check_sched.html.
 *
 * @author imds-spring-boot contributors
 * @since 0.1.0
 */
public final class SimulatorNotices {

	private final InstanceNotices notices;

	SimulatorNotices(InstanceNotices notices) {
		this.notices = notices;
	}

	/**
	 * Issue a spot interruption notice ({@code spot/instance-action} and
	 * {@code spot/termination-time}).
	 * @param action {@code terminate}, {@code stop} or {@code hibernate}
	 * @param time when the action happens
	 * @return this view
	 */
	public SimulatorNotices spotInterruption(String action, Instant time) {
		this.notices.spotInterruption(action, time);
		return this;
	}

	/**
	 * Withdraw the spot interruption notice (404 again).
	 * @return this view
	 */
	public SimulatorNotices clearSpotInterruption() {
		this.notices.clearSpotInterruption();
		return this;
	}

	/**
	 * Issue a rebalance recommendation ({@code events/recommendations/rebalance}).
	 * @param noticeTime the notice time, or {@code null} to withdraw it
	 * @return this view
	 */
	public SimulatorNotices rebalanceRecommendation(@Nullable Instant noticeTime) {
		this.notices.rebalanceRecommendation(noticeTime);
		return this;
	}

	/**
	 * Set {@code autoscaling/target-lifecycle-state}, such as {@code InService} or
	 * {@code Terminated}.
	 * @param state the state, or {@code null} for an instance outside Auto Scaling (404)
	 * @return this view
	 */
	public SimulatorNotices targetLifecycleState(@Nullable String state) {
		this.notices.targetLifecycleState(state);
		return this;
	}

	/**
	 * Add an active scheduled maintenance event to {@code events/maintenance/scheduled}.
	 * @param code the event code, such as {@code system-reboot}
	 * @param description the description
	 * @param notBefore the earliest start
	 * @param notAfter the latest end
	 * @return this view
	 */
	public SimulatorNotices scheduledMaintenance(String code, String description, Instant notBefore,
			Instant notAfter) {
		this.notices.scheduledMaintenance(code, description, notBefore, notAfter);
		return this;
	}

	/**
	 * Remove all scheduled maintenance events ({@code []}).
	 * @return this view
	 */
	public SimulatorNotices clearScheduledMaintenance() {
		this.notices.clearScheduledMaintenance();
		return this;
	}

}
