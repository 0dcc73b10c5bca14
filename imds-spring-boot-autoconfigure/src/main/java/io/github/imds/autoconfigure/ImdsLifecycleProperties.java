package io.github.imds.autoconfigure;

import java.time.Duration;

/**
 * Spot, rebalance, Auto Scaling and maintenance notices.
 *
 * @since 0.1.0
 */
public class ImdsLifecycleProperties {

	/**
	 * Whether to poll IMDS for instance lifecycle notices and publish them as events.
	 */
	private boolean enabled = true;

	/**
	 * Interval between polls of the spot and Auto Scaling paths.
	 */
	private Duration pollInterval = Duration.ofSeconds(5);

	/**
	 * Whether a termination notice switches readiness to REFUSING_TRAFFIC.
	 */
	private boolean drainOnTermination = true;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Duration getPollInterval() {
		return this.pollInterval;
	}

	public void setPollInterval(Duration pollInterval) {
		this.pollInterval = ImdsPropertyChecks.requireAtLeast("imds.lifecycle.poll-interval",
				pollInterval, Duration.ofMillis(1), "at least 1ms");
	}

	public boolean isDrainOnTermination() {
		return this.drainOnTermination;
	}

	public void setDrainOnTermination(boolean drainOnTermination) {
		this.drainOnTermination = drainOnTermination;
	}

}
