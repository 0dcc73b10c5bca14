package io.github.imds.lifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.random.RandomGenerator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PathBackoff}: the delay after failures, with the jitter source at its two extremes.
 */
class PathBackoffTests {

	private static final Duration BASE = Duration.ofSeconds(5);

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			1        | PT20S  | PT5S    | PT10S
			2        | PT20S  | PT10S   | PT20S
			3        | PT20S  | PT10S   | PT20S
			30       | PT20S  | PT10S   | PT20S
			3        | PT5M   | PT20S   | PT40S
			7        | PT5M   | PT150S  | PT5M
			""")
	void delayIsBetweenHalfAndAllOfTheCappedExponential(int failures, Duration cap, Duration lowest,
			Duration highest) {
		// failures, cap -> lowest (jitter 0), highest (jitter at its bound)
		assertThat(PathBackoff.delay(failures, BASE, cap, fixed(0))).isEqualTo(lowest);
		assertThat(PathBackoff.delay(failures, BASE, cap, fixed(Long.MAX_VALUE))).isEqualTo(highest);
		Random random = new Random(7);
		for (int i = 0; i < 100; i++) {
			assertThat(PathBackoff.delay(failures, BASE, cap, random)).isBetween(lowest, highest);
		}
	}

	@Test
	void successResetsTheFailures() {
		Instant now = Instant.parse("2026-01-21T09:00:00Z");
		PathBackoff path = new PathBackoff(BASE, Duration.ofSeconds(20), fixed(0));
		assertThat(path.isDue(now)).isTrue();
		assertThat(path.failed(now)).isEqualTo(Duration.ofSeconds(5));
		assertThat(path.isDue(now.plusSeconds(4))).isFalse();
		assertThat(path.succeeded(now.plusSeconds(5), Duration.ZERO)).isTrue();
		assertThat(path.failures()).isZero();
		assertThat(path.isDue(now.plusSeconds(5))).isTrue();
	}

	@Test
	void failuresAreCountedAndSuccessTellsWhetherThePathWasFailing() {
		Instant now = Instant.parse("2026-01-21T09:00:00Z");
		PathBackoff path = new PathBackoff(BASE, Duration.ofSeconds(20), fixed(0));
		assertThat(path.succeeded(now, Duration.ZERO)).isFalse();
		path.failed(now);
		path.failed(now.plusSeconds(5));
		assertThat(path.failures()).isEqualTo(2);
		assertThat(path.nextDue()).isEqualTo(now.plusSeconds(15));
		assertThat(path.succeeded(now.plusSeconds(15), Duration.ofSeconds(7))).isTrue();
		assertThat(path.nextDue()).isEqualTo(now.plusSeconds(22));
		assertThat(path.succeeded(now.plusSeconds(22), Duration.ZERO)).isFalse();
	}

	@Test
	void nextPollComesSoonerWhenABackingOffPathIsDueFirst() {
		Instant now = Instant.parse("2026-01-21T09:00:00Z");
		PathBackoff everyPoll = new PathBackoff(BASE, Duration.ofSeconds(20), fixed(0));
		everyPoll.succeeded(now, Duration.ZERO);
		PathBackoff backingOff = new PathBackoff(BASE, Duration.ofSeconds(20), fixed(0));
		backingOff.failed(now.minusSeconds(3));
		assertThat(PathBackoff.nextPoll(BASE, fixed(0), now, List.of(everyPoll))).isEqualTo(Duration.ofMillis(4500));
		assertThat(PathBackoff.nextPoll(BASE, fixed(Long.MAX_VALUE), now, List.of(everyPoll)))
			.isEqualTo(Duration.ofMillis(5500));
		assertThat(PathBackoff.nextPoll(BASE, fixed(0), now, List.of(everyPoll, backingOff)))
			.isEqualTo(Duration.ofSeconds(2));
	}

	/**
	 * A jitter source that always answers its lowest ({@code 0}) or highest ({@code bound - 1}) value.
	 */
	private static RandomGenerator fixed(long value) {
		return new RandomGenerator() {

			@Override
			public long nextLong() {
				return value;
			}

			@Override
			public long nextLong(long bound) {
				return Math.min(value, bound - 1);
			}

		};
	}

}
