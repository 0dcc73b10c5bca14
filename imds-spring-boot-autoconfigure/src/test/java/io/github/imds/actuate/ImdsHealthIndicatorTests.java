package io.github.imds.actuate;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import io.github.imds.actuate.internal.ImdsProbe;
import io.github.imds.client.ImdsAvailability;
import io.github.imds.client.PlatformDetection;
import io.github.imds.client.RequestKind;
import io.github.imds.client.RequestOutcome;
import io.github.imds.client.TokenStatus;
import io.github.imds.client.internal.ImdsRequestStatistics;
import io.github.imds.credentials.CredentialsStatus;
import io.github.imds.testsupport.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ImdsHealthIndicator}.
 */
class ImdsHealthIndicatorTests {

	private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

	private final FakeImdsClient client = new FakeImdsClient(this.clock);

	private final ImdsRequestStatistics statistics = new ImdsRequestStatistics();

	private final AtomicReference<CredentialsStatus> credentials = new AtomicReference<>();

	private ImdsHealthIndicator indicator;

	@BeforeEach
	void setUp() {
		this.client.addListener(this.statistics);
		this.indicator = new ImdsHealthIndicator(this.client, this.statistics,
				new ImdsProbe(this.client, this.statistics, Duration.ofSeconds(30), this.clock), this.credentials::get);
		this.client.validToken();
	}

	@Test
	void healthWhenNotOnEc2IsUnknownWithoutRequest() {
		this.client.availability = new ImdsAvailability(ImdsAvailability.State.NOT_EC2, "sys_vendor is 'QEMU'",
				new PlatformDetection(PlatformDetection.State.NOT_EC2, "sys_vendor is 'QEMU'"));
		Health health = this.indicator.health();
		assertThat(health.getStatus()).isEqualTo(Status.UNKNOWN);
		assertThat(health.getDetails()).containsEntry("diagnosisCode", "not-ec2").containsKey("reason");
		assertThat(this.client.gets).hasValue(0);
	}

	@Test
	void healthWhenImdsAnswersIsUpWithDetails() {
		Health health = this.indicator.health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("endpoint", "http://127.0.0.1:1338")
			.containsEntry("protocol", "IMDSv2")
			.containsEntry("tokenState", "VALID")
			.containsEntry("diagnosisCode", "healthy")
			.containsKeys("tokenExpiresAt", "checkedAt", "diagnosis")
			.doesNotContainKeys("degraded", "lastError", "credentialsState");
	}

	@Test
	void healthWhenImdsFailsIsDownWithCause() {
		this.client.outcome = RequestOutcome.SERVER_ERROR;
		Health health = this.indicator.health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("diagnosisCode", "imds-error");
		assertThat((String) health.getDetails().get("lastError")).contains("/latest/meta-data/instance-id");
	}

	@Test
	void healthWhenCredentialsStillValidButRefreshFailsIsUpAndDegraded() {
		this.credentials.set(credentials(CredentialsStatus.State.DEGRADED));
		Health health = this.indicator.health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("degraded", true)
			.containsEntry("credentialsState", "DEGRADED")
			.containsEntry("diagnosisCode", "credentials-degraded")
			.containsKey("credentialsExpiration");
		assertThat((String) health.getDetails().get("degradedCause")).contains("HTTP 500");
	}

	@Test
	void healthWhenCredentialsExpiredAndServedIsUpAndDegraded() {
		// static stability: no replacement instance would fix an IMDS outage
		this.credentials.set(credentials(CredentialsStatus.State.EXPIRED_SERVED));
		Health health = this.indicator.health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("diagnosisCode", "credentials-expired-served")
			.containsEntry("degraded", true);
		assertThat((String) health.getDetails().get("degradedCause")).contains("static stability");
	}

	@Test
	void healthWhenImdsThrottlesIsUpAndDegraded() {
		this.client.outcome = RequestOutcome.THROTTLED;
		Health health = withDownAfter(Duration.ofMinutes(1)).health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("degraded", true).containsEntry("diagnosisCode", "throttled");
		this.clock.advance(Duration.ofMinutes(10));
		assertThat(withDownAfter(Duration.ofMinutes(1)).health().getStatus()).isEqualTo(Status.UP);
	}

	@Test
	void healthWhenOneProbeFailsIsUpAndDegradedThenRecovers() {
		ImdsHealthIndicator indicator = withDownAfter(Duration.ofMinutes(1));
		this.client.outcome = RequestOutcome.SERVER_ERROR;
		Health failed = indicator.health();
		assertThat(failed.getStatus()).isEqualTo(Status.UP);
		assertThat(failed.getDetails()).containsEntry("degraded", true).containsKey("failingSince");
		assertThat((String) failed.getDetails().get("degradedCause")).contains("imds.health.down-after");
		this.client.outcome = RequestOutcome.SUCCESS;
		this.clock.advance(Duration.ofSeconds(31));
		Health recovered = indicator.health();
		assertThat(recovered.getStatus()).isEqualTo(Status.UP);
		assertThat(recovered.getDetails()).doesNotContainKeys("degraded", "failingSince");
	}

	@Test
	void healthWhenImdsFailsForDownAfterIsDown() {
		ImdsHealthIndicator indicator = withDownAfter(Duration.ofMinutes(1));
		this.client.outcome = RequestOutcome.SERVER_ERROR;
		assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
		this.clock.advance(Duration.ofSeconds(31));
		assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
		this.clock.advance(Duration.ofSeconds(31));
		Health down = indicator.health();
		assertThat(down.getStatus()).isEqualTo(Status.DOWN);
		assertThat(down.getDetails()).containsKey("failingSince").doesNotContainKey("degraded");
	}

	@Test
	void answerBetweenFailuresRestartsTheOutage() {
		ImdsHealthIndicator indicator = withDownAfter(Duration.ofMinutes(1));
		this.client.outcome = RequestOutcome.SERVER_ERROR;
		indicator.health();
		this.clock.advance(Duration.ofSeconds(40));
		// the application's own request is answered, unseen by any health check
		this.client.traffic(RequestKind.METADATA, RequestOutcome.SUCCESS);
		this.clock.advance(Duration.ofSeconds(1));
		this.client.traffic(RequestKind.METADATA, RequestOutcome.SERVER_ERROR);
		this.clock.advance(Duration.ofSeconds(25));
		assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
	}

	private ImdsHealthIndicator withDownAfter(Duration downAfter) {
		return new ImdsHealthIndicator(this.client, this.statistics,
				new ImdsProbe(this.client, this.statistics, Duration.ofSeconds(30), downAfter, this.clock),
				this.credentials::get);
	}

	@Test
	void healthWithNoInstanceProfileIsUpAndDegraded() {
		this.credentials.set(credentials(CredentialsStatus.State.NO_INSTANCE_PROFILE));
		Health health = this.indicator.health();
		assertThat(health.getDetails()).containsEntry("diagnosisCode", "no-instance-profile")
			.containsEntry("degraded", true);
		assertThat(health.getStatus()).isEqualTo(Status.UP);
	}

	@Test
	void healthInV1FallbackIsUpAndDegraded() {
		this.client.tokenStatus = new TokenStatus(TokenStatus.State.V1_FALLBACK, null, null, "token PUT timed out");
		this.client.traffic(RequestKind.TOKEN, RequestOutcome.READ_TIMEOUT);
		this.client.traffic(RequestKind.METADATA, RequestOutcome.SUCCESS);
		Health health = this.indicator.health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("protocol", "IMDSv1")
			.containsEntry("degraded", true)
			.containsEntry("diagnosisCode", "hop-limit");
	}

	@Test
	void healthCalledOftenProbesOncePerMaxStaleness() {
		for (int i = 0; i < 100; i++) {
			this.indicator.health();
			this.clock.advance(Duration.ofMillis(500));
		}
		// 50 s: one probe at 0 s, one at 30 s
		assertThat(this.client.gets).hasValue(2);
	}

	private CredentialsStatus credentials(CredentialsStatus.State state) {
		Instant now = this.clock.instant();
		return new CredentialsStatus(state, "sample-role", "****0001", now.plusSeconds(600), now.minusSeconds(3000),
				now.plusSeconds(60), 0, "refresh failed: HTTP 500", null, null, null, "instance-profile", Map.of());
	}

}
