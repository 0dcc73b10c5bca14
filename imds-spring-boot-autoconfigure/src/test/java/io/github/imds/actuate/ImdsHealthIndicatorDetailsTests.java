package io.github.imds.actuate;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import io.github.imds.actuate.internal.ImdsProbe;
import io.github.imds.client.ImdsAvailability;
import io.github.imds.client.RequestKind;
import io.github.imds.client.RequestOutcome;
import io.github.imds.client.TokenStatus;
import io.github.imds.client.internal.ImdsRequestStatistics;
import io.github.imds.credentials.CredentialsStatus;
import io.github.imds.testsupport.MutableClock;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the status and each detail of {@link ImdsHealthIndicator} per credentials state, token state and
 * error source (the probe, the token, the credentials, the application's own requests).
 */
class ImdsHealthIndicatorDetailsTests {

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

	@ParameterizedTest
	@CsvSource({ "NOT_LOADED, UP", "VALID, UP", "DEGRADED, UP", "EXPIRED_SERVED, UP", "NO_INSTANCE_PROFILE, UP",
			"FAILED, DOWN", "CODE_NOT_SUCCESS, DOWN" })
	void statusFollowsWhetherCredentialsCanBeServed(CredentialsStatus.State state, String status) {
		this.credentials.set(credentials(state, "refresh failed: HTTP 500"));
		Health health = this.indicator.health();
		assertThat(health.getStatus()).isEqualTo(new Status(status));
		assertThat(health.getDetails()).containsEntry("credentialsState", state.name())
			.containsEntry("credentialsExpiration", this.clock.instant().plusSeconds(600).toString());
	}

	@Test
	void credentialsThatCannotBeServedGiveTheLastError() {
		this.credentials.set(credentials(CredentialsStatus.State.FAILED, "no role credentials: HTTP 404"));
		Health health = this.indicator.health();
		assertThat(health.getDetails()).containsEntry("lastError", "no role credentials: HTTP 404")
			.doesNotContainKey("degraded");
	}

	@Test
	void validCredentialsHideTheirLastErrorAndShowTheApplicationsLastFailedRequest() {
		this.client.traffic(RequestKind.METADATA, RequestOutcome.SERVER_ERROR);
		this.clock.advance(Duration.ofSeconds(31));
		this.credentials.set(credentials(CredentialsStatus.State.VALID, "an old error"));
		Health health = this.indicator.health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("lastError",
				"GET /latest/meta-data/ami-id: " + RequestOutcome.SERVER_ERROR.tag())
			.containsEntry("checkedBy", "PROBE")
			.containsEntry("checkedAt", this.clock.instant().toString())
			.doesNotContainKeys("degraded", "failingSince");
	}

	@Test
	void failedTokenIsDownAndGivesTheTokenError() {
		this.client.tokenStatus = new TokenStatus(TokenStatus.State.FAILED, null, null, "token PUT answered 400");
		Health health = this.indicator.health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("tokenState", "FAILED")
			.containsEntry("lastError", "token PUT answered 400")
			.doesNotContainKeys("tokenExpiresAt", "degraded");
	}

	@Test
	void throttledApplicationRequestIsUpAndDegraded() {
		this.client.traffic(RequestKind.METADATA, RequestOutcome.THROTTLED);
		Health health = this.indicator.health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("degraded", true)
			.containsEntry("degradedCause", "IMDS throttles requests (HTTP 429): it is reachable, and answers are retried")
			.containsEntry("checkedBy", "TRAFFIC");
	}

	@Test
	void failedProbeGivesItsOwnError() {
		this.client.outcome = RequestOutcome.SERVER_ERROR;
		assertThat(this.indicator.health().getDetails()).containsEntry("lastError",
				"IMDS GET /latest/meta-data/instance-id failed: " + RequestOutcome.SERVER_ERROR.tag());
	}

	@Test
	void recentAnswerFromTheApplicationIsTheCheck() {
		this.client.traffic(RequestKind.METADATA, RequestOutcome.SUCCESS);
		Health health = this.indicator.health();
		assertThat(health.getDetails()).containsEntry("checkedBy", "TRAFFIC");
		assertThat(this.client.gets).hasValue(0);
	}

	@Test
	void degradedCausesNameWhatToDo() {
		this.credentials.set(credentials(CredentialsStatus.State.NO_INSTANCE_PROFILE, null));
		assertThat(this.indicator.health().getDetails()).containsEntry("degradedCause",
				"no instance profile attached to this instance: no role credentials "
						+ "(set imds.credentials.enabled=false if the application needs none)");
		this.credentials.set(null);
		this.client.tokenStatus = new TokenStatus(TokenStatus.State.V1_FALLBACK, null, null, "token PUT timed out");
		this.clock.advance(Duration.ofSeconds(31));
		assertThat(this.indicator.health().getDetails()).containsEntry("degradedCause",
				"IMDSv1 fallback: token PUT timed out");
	}

	@Test
	void failingImdsSaysSinceWhenAndWhenItTurnsDown() {
		ImdsHealthIndicator indicator = new ImdsHealthIndicator(this.client, this.statistics,
				new ImdsProbe(this.client, this.statistics, Duration.ofSeconds(30), Duration.ofMinutes(1), this.clock),
				null);
		this.client.outcome = RequestOutcome.SERVER_ERROR;
		Health health = indicator.health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("failingSince", this.clock.instant().toString())
			.containsEntry("degradedCause", "IMDS does not answer since " + this.clock.instant()
					+ "; health turns DOWN once it has failed for imds.health.down-after (PT1M)")
			.doesNotContainKey("credentialsState");
	}

	@Test
	void unavailableImdsShowsWhy() {
		this.client.availability = new ImdsAvailability(ImdsAvailability.State.DISABLED,
				"IMDS is disabled by imds.enabled=false", FakeImdsClient.AVAILABLE.detection());
		Health health = this.indicator.health();
		assertThat(health.getStatus()).isEqualTo(Status.UNKNOWN);
		assertThat(health.getDetails()).containsEntry("availability", "DISABLED")
			.containsEntry("reason", "IMDS is disabled by imds.enabled=false")
			.containsEntry("diagnosisCode", "disabled")
			.doesNotContainKey("endpoint");
	}

	private CredentialsStatus credentials(CredentialsStatus.State state, @Nullable String lastError) {
		Instant now = this.clock.instant();
		return new CredentialsStatus(state, "sample-role", "****0001", now.plusSeconds(600), now.minusSeconds(3000),
				now.plusSeconds(60), 0, lastError, null, null, null, "instance-profile", Map.of());
	}

}
