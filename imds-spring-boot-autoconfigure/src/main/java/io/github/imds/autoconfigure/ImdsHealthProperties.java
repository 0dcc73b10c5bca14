package io.github.imds.autoconfigure;

import java.time.Duration;

/**
 * The imds health indicator.
 *
 * @since 0.1.0
 */
public class ImdsHealthProperties {

	/**
	 * Longest time the health indicator reuses the outcome of the last IMDS request; within it, health
	 * checks send nothing.
	 */
	private Duration maxStaleness = Duration.ofSeconds(30);

	/**
	 * How long IMDS must fail (no answer, not even a 429) before the health indicator reports DOWN; until
	 * then it is UP with a degraded detail, so that one failed request does not take the instance out of
	 * service. 0 reports DOWN at the first failure.
	 */
	private Duration downAfter = Duration.ofMinutes(1);

	public Duration getMaxStaleness() {
		return this.maxStaleness;
	}

	public void setMaxStaleness(Duration maxStaleness) {
		this.maxStaleness = ImdsPropertyChecks.requireAtLeast("imds.health.max-staleness",
				maxStaleness, Duration.ZERO, "0 or more");
	}

	public Duration getDownAfter() {
		return this.downAfter;
	}

	public void setDownAfter(Duration downAfter) {
		this.downAfter = ImdsPropertyChecks.requireAtLeast("imds.health.down-after",
				downAfter, Duration.ZERO, "0 or more");
	}

}
