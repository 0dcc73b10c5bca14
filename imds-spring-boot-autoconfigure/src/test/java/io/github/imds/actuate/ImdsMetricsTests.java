package io.github.imds.actuate;

import java.time.Instant;

import io.github.imds.testsupport.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ImdsMetrics}.
 */
class ImdsMetricsTests {

	private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

	private final FakeImdsClient client = new FakeImdsClient(this.clock);

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	@Test
	void gaugesShowSecondsUntilExpiry() {
		ImdsCredentialsStatus credentials = new ImdsCredentialsStatus(ImdsCredentialsStatus.State.VALID, "sample-role",
				"****0001", this.clock.instant().plusSeconds(3600), null, null, null, null);
		new ImdsMetrics(this.client, () -> credentials, this.clock).bindTo(this.registry);
		assertThat(this.registry.get("imds.token.expiry").gauge().value()).isNaN();
		this.client.validToken();
		assertThat(this.registry.get("imds.token.expiry").gauge().value()).isEqualTo(21600.0);
		assertThat(this.registry.get("imds.credentials.expiry").gauge().value()).isEqualTo(3600.0);
	}

	@Test
	void withoutCredentialsThereIsNoCredentialsGauge() {
		new ImdsMetrics(this.client, null, this.clock).bindTo(this.registry);
		assertThat(this.registry.find("imds.credentials.expiry").gauge()).isNull();
	}

}
