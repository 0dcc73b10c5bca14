package io.github.imds.credentials;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

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

}
