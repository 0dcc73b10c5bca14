package io.github.imds.client;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Full-jitter exponential backoff (AWS Architecture Blog, "Exponential Backoff And Jitter"): the delay before
 * attempt {@code n + 1} is uniform in {@code [0, min(cap, base * 2^(n-1))]}, so many clients throttled at
 * once spread out instead of retrying in lockstep.
 */
final class Backoff {

	static final Duration BASE = Duration.ofMillis(50);

	static final Duration CAP = Duration.ofSeconds(1);

	private Backoff() {
	}

	static Duration delayAfter(int failedAttempt) {
		long ceiling = ceilingMillis(failedAttempt);
		return Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling + 1));
	}

	static Duration maxTotalDelay(int maxAttempts) {
		long total = 0;
		for (int attempt = 1; attempt < maxAttempts; attempt++) {
			total += ceilingMillis(attempt);
		}
		return Duration.ofMillis(total);
	}

	private static long ceilingMillis(int failedAttempt) {
		long exponential = BASE.toMillis() << Math.min(failedAttempt - 1, 20);
		return Math.min(CAP.toMillis(), exponential);
	}

}
