package io.github.imds.credentials;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RefreshPolicy}.
 */
class RefreshPolicyTests {

	private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

	private static final Duration LEAD = Duration.ofMinutes(15);

	private final Random random = new Random();

	@RepeatedTest(10)
	void longLivedCredentialsAreRefreshedLeadBeforeExpiryWithJitter() {
		Duration delay = RefreshPolicy.nextRefresh(NOW.plus(Duration.ofHours(6)), NOW, LEAD, this.random);
		assertThat(delay).isBetween(Duration.ofMinutes(342), Duration.ofMinutes(345));
	}

	@RepeatedTest(10)
	void shortLivedCredentialsAreRefreshedAtAboutHalfTheirRemainingLife() {
		Duration delay = RefreshPolicy.nextRefresh(NOW.plus(Duration.ofMinutes(20)), NOW, LEAD, this.random);
		assertThat(delay).isBetween(Duration.ofMinutes(8), Duration.ofMinutes(10));
	}

	@Test
	void credentialsAboutToExpireAreNotRefreshedInABusyLoop() {
		Duration delay = RefreshPolicy.nextRefresh(NOW.plusSeconds(2), NOW, LEAD, this.random);
		assertThat(delay).isEqualTo(Duration.ofSeconds(1));
		assertThat(RefreshPolicy.nextRefresh(NOW.plusMillis(400), NOW, LEAD, this.random))
			.isEqualTo(Duration.ofMillis(200));
	}

	@RepeatedTest(10)
	void backoffGrowsExponentiallyWithJitterUpToTheCap() {
		Duration base = Duration.ofSeconds(1);
		Duration cap = Duration.ofMinutes(1);
		assertThat(RefreshPolicy.backoff(1, base, cap, this.random)).isBetween(Duration.ofMillis(500), base);
		assertThat(RefreshPolicy.backoff(4, base, cap, this.random)).isBetween(Duration.ofSeconds(4),
				Duration.ofSeconds(8));
		assertThat(RefreshPolicy.backoff(50, base, cap, this.random)).isBetween(Duration.ofSeconds(30), cap);
	}

	@ParameterizedTest(name = "{0} ms left: {1} ms with the most jitter, {2} ms with none")
	@CsvSource(textBlock = """
			21600000, 20520000, 20700000
			1200000,  480000,   600000
			10000,    4000,     5000
			2000,     1000,     1000
			1500,     750,      750
			""")
	void nextRefreshSpansTheJitterRangeExactly(long remainingMillis, long mostJitterMillis, long noJitterMillis) {
		Instant expiration = NOW.plusMillis(remainingMillis);
		assertThat(RefreshPolicy.nextRefresh(expiration, NOW, LEAD, new MostJitter()))
			.isEqualTo(Duration.ofMillis(mostJitterMillis));
		assertThat(RefreshPolicy.nextRefresh(expiration, NOW, LEAD, new NoJitter()))
			.isEqualTo(Duration.ofMillis(noJitterMillis));
	}

	@Test
	void nextRefreshOfCredentialsExpiringNowIsImmediate() {
		assertThat(RefreshPolicy.nextRefresh(NOW.plusNanos(1), NOW, LEAD, new MostJitter())).isEqualTo(Duration.ZERO);
		assertThat(RefreshPolicy.nextRefresh(NOW, NOW, LEAD, new MostJitter())).isEqualTo(Duration.ZERO);
	}

	@ParameterizedTest(name = "failure {0}: {1} ms to {2} ms")
	@CsvSource(textBlock = """
			1,  500,   1000
			2,  1000,  2000
			3,  2000,  4000
			6,  16000, 32000
			7,  30000, 60000
			40, 30000, 60000
			""")
	void backoffSpansHalfToAllOfTheCappedExponentialDelay(int failures, long leastMillis, long mostMillis) {
		Duration base = Duration.ofSeconds(1);
		Duration cap = Duration.ofMinutes(1);
		assertThat(RefreshPolicy.backoff(failures, base, cap, new NoJitter())).isEqualTo(Duration.ofMillis(leastMillis));
		assertThat(RefreshPolicy.backoff(failures, base, cap, new MostJitter())).isEqualTo(Duration.ofMillis(mostMillis));
	}

	/**
	 * Always draws the largest value allowed: the most jitter.
	 */
	@SuppressWarnings("serial")
	static final class MostJitter extends Random {

		@Override
		public long nextLong(long bound) {
			return bound - 1;
		}

	}

	/**
	 * Always draws zero: no jitter.
	 */
	@SuppressWarnings("serial")
	static final class NoJitter extends Random {

		@Override
		public long nextLong(long bound) {
			return 0;
		}

	}

}
