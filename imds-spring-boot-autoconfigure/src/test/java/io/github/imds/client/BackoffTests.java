package io.github.imds.client;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link Backoff}: the ceilings (50 ms doubling to a 1 s cap), the sum that bounds a request's
 * retries, and full jitter over the whole closed range {@code [0, ceiling]}.
 */
class BackoffTests {

	@ParameterizedTest(name = "{0} attempts -> {1} ms")
	@CsvSource(textBlock = """
			0, 0
			1, 0
			2, 50
			3, 150
			4, 350
			5, 750
			6, 1550
			7, 2550
			10, 5550
			""")
	void maxTotalDelayIsTheSumOfTheCeilingsBeforeEachRetry(int maxAttempts, long millis) {
		assertThat(Backoff.maxTotalDelay(maxAttempts)).isEqualTo(Duration.ofMillis(millis));
	}

	@Test
	void maxTotalDelayOfAHugeAttemptCountIsCappedPerRetry() {
		// the exponent is bounded: no overflow however many attempts
		assertThat(Backoff.maxTotalDelay(1_000)).isEqualTo(Duration.ofMillis(50 + 100 + 200 + 400 + 800 + 994 * 1000));
	}

	@ParameterizedTest(name = "after attempt {0}: 0..{1} ms")
	@CsvSource(textBlock = """
			1, 50
			2, 100
			3, 200
			4, 400
			5, 800
			6, 1000
			40, 1000
			""")
	void delayAfterIsUniformOverZeroToTheCeilingBothIncluded(int failedAttempt, long ceiling) {
		Set<Long> seen = new HashSet<>();
		// 20 000 draws over at most 1001 values: missing either end has a probability below 1e-8
		for (int i = 0; i < 20_000; i++) {
			long delay = Backoff.delayAfter(failedAttempt).toMillis();
			assertThat(delay).isBetween(0L, ceiling);
			seen.add(delay);
		}
		assertThat(seen).contains(0L, ceiling);
	}

}
