package io.github.imds.credentials;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;

/**
 * When to refresh: the timing rules of {@link ImdsRoleCredentialsProvider}, as pure functions.
 */
final class RefreshPolicy {

	/**
	 * Shortest delay between two fetches of credentials that are still valid, so that credentials about to
	 * expire do not turn the refresh into a busy loop.
	 */
	static final Duration MIN_DELAY = Duration.ofSeconds(1);

	private RefreshPolicy() {
	}

	/**
	 * Delay until the refresh of credentials fetched at {@code now}. Long-lived credentials are refreshed
	 * {@code lead} before expiration, minus up to a fifth of {@code lead} of jitter, so that instances and
	 * processes started together do not ask IMDS together. Credentials that live less than twice
	 * {@code lead} (or that IMDS did not rotate yet) are refreshed at half their remaining life, minus up to
	 * a tenth of it.
	 * @param expiration when the credentials expire, after {@code now}
	 * @param now the time of the fetch
	 * @param lead how long before expiration to refresh
	 * @param random the jitter source
	 * @return the delay
	 */
	static Duration nextRefresh(Instant expiration, Instant now, Duration lead, Random random) {
		Duration remaining = Duration.between(now, expiration);
		if (remaining.compareTo(lead.multipliedBy(2)) > 0) {
			return remaining.minus(lead).minus(jitter(lead.dividedBy(5), random));
		}
		Duration half = remaining.dividedBy(2);
		Duration delay = half.minus(jitter(half.dividedBy(5), random));
		Duration floor = (MIN_DELAY.compareTo(half) < 0) ? MIN_DELAY : half;
		return (delay.compareTo(floor) < 0) ? floor : delay;
	}

	/**
	 * Delay after the {@code failures}-th failure in a row: exponential from {@code base}, capped, with
	 * "equal jitter" (between half and all of it) so that retries spread out but never turn into a tight
	 * loop.
	 * @param failures the number of failures in a row, from 1
	 * @param base the first delay
	 * @param cap the largest delay
	 * @param random the jitter source
	 * @return the delay
	 */
	static Duration backoff(int failures, Duration base, Duration cap, Random random) {
		Duration ceiling = base.multipliedBy(1L << Math.min(Math.max(failures - 1, 0), 20));
		if (ceiling.compareTo(cap) > 0) {
			ceiling = cap;
		}
		Duration half = ceiling.dividedBy(2);
		return half.plus(jitter(ceiling.minus(half), random));
	}

	private static Duration jitter(Duration max, Random random) {
		// max is never negative: a bound of 1 draws 0
		return Duration.ofNanos(random.nextLong(max.toNanos() + 1));
	}

}
