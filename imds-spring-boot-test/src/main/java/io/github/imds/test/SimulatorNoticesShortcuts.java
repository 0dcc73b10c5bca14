package io.github.imds.test;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * The shortcuts of {@link ImdsSimulator} for spot, rebalance, Auto Scaling and
 * maintenance notices: each one calls the method of the same name on {@link #notices()}
 * and returns the simulator, so that set-ups chain across roles:
 * {@code imds.region("eu-west-1").role("app").latency(ofMillis(50))}. {@link SimulatorNotices}
 * documents the behaviour.
 *
 * @author imds-spring-boot contributors
 * @since 0.1.0
 */
public sealed interface SimulatorNoticesShortcuts permits ImdsSimulator {

	/**
	 * Spot, rebalance, Auto Scaling and maintenance notices.
	 * @return the notices view
	 */
	SimulatorNotices notices();

	/** Same as {@link SimulatorNotices#spotInterruption(String,Instant)}, returning this. */
	default ImdsSimulator spotInterruption(String action, Instant time) {
		notices().spotInterruption(action, time);
		return simulator();
	}

	/** Same as {@link SimulatorNotices#clearSpotInterruption()}, returning this. */
	default ImdsSimulator clearSpotInterruption() {
		notices().clearSpotInterruption();
		return simulator();
	}

	/** Same as {@link SimulatorNotices#rebalanceRecommendation(Instant)}, returning this. */
	default ImdsSimulator rebalanceRecommendation(@Nullable Instant noticeTime) {
		notices().rebalanceRecommendation(noticeTime);
		return simulator();
	}

	/** Same as {@link SimulatorNotices#targetLifecycleState(String)}, returning this. */
	default ImdsSimulator targetLifecycleState(@Nullable String state) {
		notices().targetLifecycleState(state);
		return simulator();
	}

	/** Same as {@link SimulatorNotices#scheduledMaintenance(String,String,Instant,Instant)}, returning this. */
	default ImdsSimulator scheduledMaintenance(String code, String description, Instant notBefore, Instant notAfter) {
		notices().scheduledMaintenance(code, description, notBefore, notAfter);
		return simulator();
	}

	/** Same as {@link SimulatorNotices#clearScheduledMaintenance()}, returning this. */
	default ImdsSimulator clearScheduledMaintenance() {
		notices().clearScheduledMaintenance();
		return simulator();
	}

	private ImdsSimulator simulator() {
		return (ImdsSimulator) this;
	}

}
