package io.github.imds.lifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.random.RandomGenerator;

/**
 * When one lifecycle path is due next, and how many of its requests failed in a row. A failing path waits a
 * random delay in {@code [d/2, d]}, {@code d = min(cap, base × 2^failures)}: half the delay is always kept, so a
 * failing path is never polled at the normal rate, and the other half spreads a fleet that failed at the same
 * moment. Each path has its own cap: the spot and target-state paths keep a short one so that the two-minute
 * warning is not missed under throttling, the slow paths a long one.
 */
final class PathBackoff {

	private final Duration base;

	private final Duration cap;

	private final RandomGenerator random;

	private Instant nextDue = Instant.MIN;

	private int failures;

	/**
	 * Creates the schedule of one path.
	 * @param base the poll interval, doubled on each failure
	 * @param cap the longest delay after failures
	 * @param random the jitter source
	 */
	PathBackoff(Duration base, Duration cap, RandomGenerator random) {
		this.base = base;
		this.cap = cap;
		this.random = random;
	}

	boolean isDue(Instant now) {
		return !now.isBefore(this.nextDue);
	}

	Instant nextDue() {
		return this.nextDue;
	}

	int failures() {
		return this.failures;
	}

	/**
	 * Records an answer: the path is due again after {@code next} ({@link Duration#ZERO}: every poll).
	 * @param now when it answered
	 * @param next how long until it is due again
	 * @return whether the path was failing before
	 */
	boolean succeeded(Instant now, Duration next) {
		boolean recovered = this.failures > 0;
		this.failures = 0;
		this.nextDue = now.plus(next);
		return recovered;
	}

	/**
	 * Records a failure and backs off.
	 * @param now when it failed
	 * @return the delay until it is due again
	 */
	Duration failed(Instant now) {
		this.failures++;
		Duration delay = delay(this.failures, this.base, this.cap, this.random);
		this.nextDue = now.plus(delay);
		return delay;
	}

	/**
	 * The delay after {@code failures} failures in a row: uniform in {@code [d/2, d]} with
	 * {@code d = min(cap, base × 2^failures)}.
	 * @param failures failures in a row, at least 1
	 * @param base the base delay
	 * @param cap the longest delay
	 * @param random the jitter source
	 * @return the delay
	 */
	static Duration delay(int failures, Duration base, Duration cap, RandomGenerator random) {
		long ceiling = Math.min(cap.toMillis(), base.toMillis() * (1L << Math.min(Math.max(failures, 0), 20)));
		long half = Math.max(1, ceiling / 2);
		return Duration.ofMillis(half + random.nextLong(Math.max(1, ceiling - half + 1)));
	}

	/**
	 * The delay until the next poll: the poll interval ±10 % (instances started together do not keep polling
	 * in lockstep), or less when a path backing off is due before, so that a failing spot path is read when
	 * its backoff ends rather than up to one poll interval later.
	 * @param interval the poll interval
	 * @param random the jitter source
	 * @param now the time now
	 * @param paths the schedules of the paths
	 * @return the delay
	 */
	static Duration nextPoll(Duration interval, RandomGenerator random, Instant now, Collection<PathBackoff> paths) {
		long millis = interval.toMillis();
		long spread = millis / 10;
		Duration delay = Duration.ofMillis(millis - spread + random.nextLong(2 * spread + 1));
		for (PathBackoff path : paths) {
			if (path.nextDue.isAfter(now) && Duration.between(now, path.nextDue).compareTo(delay) < 0) {
				delay = Duration.between(now, path.nextDue);
			}
		}
		return delay;
	}

}
