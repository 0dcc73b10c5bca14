package io.github.imds.actuate;

import java.time.Duration;
import java.time.Instant;

import io.github.imds.actuate.internal.ImdsProbe;
import io.github.imds.client.internal.ImdsRequestStatistics;
import io.github.imds.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ImdsProbe#isDown(ImdsProbe.Result)}: down once a failure has lasted {@code down-after}, to the
 * millisecond, and never while IMDS answers or is only throttled.
 */
class ImdsProbeIsDownTests {

	private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

	private final Instant start = this.clock.instant();

	private final ImdsProbe probe = new ImdsProbe(new FakeImdsClient(this.clock), new ImdsRequestStatistics(),
			Duration.ofSeconds(30), Duration.ofMinutes(1), this.clock);

	@Test
	void failureIsDownFromExactlyDownAfter() {
		ImdsProbe.Result failing = new ImdsProbe.Result(false, this.start, ImdsProbe.Source.PROBE, "HTTP 500", false,
				this.start);
		this.clock.advance(Duration.ofMinutes(1).minusMillis(1));
		assertThat(this.probe.isDown(failing)).isFalse();
		this.clock.advance(Duration.ofMillis(1));
		assertThat(this.probe.isDown(failing)).isTrue();
	}

	@Test
	void answeredOrThrottledIsNeverDown() {
		this.clock.advance(Duration.ofHours(1));
		assertThat(this.probe.isDown(new ImdsProbe.Result(true, this.start, ImdsProbe.Source.PROBE, null, false,
				this.start))).isFalse();
		ImdsProbe.Result throttled = new ImdsProbe.Result(false, this.start, ImdsProbe.Source.TRAFFIC, "HTTP 429", true,
				this.start);
		assertThat(throttled.reachable()).isTrue();
		assertThat(this.probe.isDown(throttled)).isFalse();
	}

	@Test
	void failureNotTrackedYetIsNotDown() {
		this.clock.advance(Duration.ofHours(1));
		ImdsProbe.Result untracked = new ImdsProbe.Result(false, this.start, ImdsProbe.Source.PROBE, "HTTP 500", false,
				null);
		assertThat(untracked.reachable()).isFalse();
		assertThat(this.probe.isDown(untracked)).isFalse();
	}

}
