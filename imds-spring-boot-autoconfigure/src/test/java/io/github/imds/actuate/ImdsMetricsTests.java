package io.github.imds.actuate;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.github.imds.actuate.internal.ImdsMetrics;
import io.github.imds.credentials.CredentialsStatus;
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
		CredentialsStatus credentials = new CredentialsStatus(CredentialsStatus.State.VALID, "sample-role",
				"****0001", this.clock.instant().plusSeconds(3600), null, null, 0, null, null, null, null,
				"instance-profile", Map.of());
		new ImdsMetrics(this.client, () -> credentials, this.clock).bindTo(this.registry);
		assertThat(this.registry.get("imds.token.expiry").gauge().value()).isNaN();
		this.client.validToken();
		assertThat(this.registry.get("imds.token.expiry").gauge().value()).isEqualTo(21600.0);
		assertThat(this.registry.get("imds.credentials.expiry").gauge().value()).isEqualTo(3600.0);
	}

	@Test
	void credentialsRefreshMetersShowSecondsSinceRefreshAndFailuresByCause() {
		CredentialsStatus credentials = new CredentialsStatus(CredentialsStatus.State.DEGRADED, "sample-role",
				"****0001", this.clock.instant().plusSeconds(3600), this.clock.instant().minusSeconds(90), null, 2,
				"HTTP 500", null, null, null, "instance-profile", Map.of("http-5xx", 2L, "timeout", 1L));
		new ImdsMetrics(this.client, () -> credentials, this.clock).bindTo(this.registry);
		assertThat(this.registry.get("imds.credentials.since-refresh").gauge().value()).isEqualTo(90.0);
		assertThat(this.registry.get("imds.credentials.refresh.failures").tag("cause", "http-5xx").functionCounter()
			.count()).isEqualTo(2.0);
		assertThat(this.registry.get("imds.credentials.refresh.failures").tag("cause", "timeout").functionCounter()
			.count()).isEqualTo(1.0);
		assertThat(this.registry.get("imds.credentials.refresh.failures").tag("cause", "no-instance-profile")
			.functionCounter().count()).isZero();
	}

	@Test
	void credentialsNotKnownYetShowNoValueAndNoFailure() {
		new ImdsMetrics(this.client, () -> null, this.clock).bindTo(this.registry);
		assertThat(this.registry.get("imds.credentials.expiry").gauge().value()).isNaN();
		assertThat(this.registry.get("imds.credentials.since-refresh").gauge().value()).isNaN();
		assertThat(this.registry.get("imds.credentials.refresh.failures").tag("cause", "timeout").functionCounter()
			.count()).isZero();
	}

	@Test
	void credentialsNeverRefreshedShowNoSecondsSinceRefreshAndFractionsOfSeconds() {
		CredentialsStatus credentials = new CredentialsStatus(CredentialsStatus.State.FAILED, "sample-role", null,
				this.clock.instant().plusMillis(1500), null, null, 1, "HTTP 500", null, null, null,
				"instance-profile", Map.of());
		new ImdsMetrics(this.client, () -> credentials, this.clock).bindTo(this.registry);
		assertThat(this.registry.get("imds.credentials.since-refresh").gauge().value()).isNaN();
		assertThat(this.registry.get("imds.credentials.expiry").gauge().value()).isEqualTo(1.5);
		this.clock.advance(Duration.ofSeconds(3));
		assertThat(this.registry.get("imds.credentials.expiry").gauge().value()).isEqualTo(-1.5);
	}

	@Test
	void withoutCredentialsThereIsNoCredentialsGauge() {
		new ImdsMetrics(this.client, null, this.clock).bindTo(this.registry);
		assertThat(this.registry.find("imds.credentials.expiry").gauge()).isNull();
		assertThat(this.registry.find("imds.credentials.since-refresh").gauge()).isNull();
		assertThat(this.registry.find("imds.credentials.refresh.failures").functionCounter()).isNull();
	}

}
