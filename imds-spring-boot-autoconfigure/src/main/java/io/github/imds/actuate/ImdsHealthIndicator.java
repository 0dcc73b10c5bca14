package io.github.imds.actuate;

import java.util.Objects;
import java.util.function.Supplier;

import io.github.imds.actuate.internal.ImdsProbe;
import io.github.imds.client.ImdsAvailability;
import io.github.imds.client.ImdsClient;
import io.github.imds.client.ImdsRequestEvent;
import io.github.imds.client.TokenStatus;
import io.github.imds.client.internal.ImdsRequestStatistics;
import io.github.imds.credentials.CredentialsStatus;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * {@link HealthIndicator} for the EC2 Instance Metadata Service.
 * <p>
 * {@link Status#UNKNOWN UNKNOWN} when IMDS is not used (not on EC2, or disabled), so that an application
 * running elsewhere stays {@code UP}; {@link Status#UP UP} when IMDS answers (a 429 counts: IMDS is there,
 * only throttled), a token is held (or IMDSv1 fallback is allowed) and the role credentials, if used, are
 * served; {@link Status#DOWN DOWN} once IMDS has failed for {@code imds.health.down-after}, or when no role
 * credentials can be served. A failure that has not lasted that long, throttling, credentials whose refresh
 * fails (valid, or expired and served by static stability) and an instance without instance profile are
 * {@code UP} with a {@code degraded} detail: a replacement instance would not fix any of them. The details
 * always include a {@code diagnosis}: the cause and the fix, in one sentence.
 * <p>
 * It sends at most one request per {@code imds.health.max-staleness}, and none while the application's own
 * requests flow: see {@link ImdsProbe}.
 *
 * @since 0.1.0
 */
public class ImdsHealthIndicator extends AbstractHealthIndicator {

	private final ImdsClient client;

	private final ImdsRequestStatistics statistics;

	private final ImdsProbe probe;

	private final @Nullable Supplier<@Nullable CredentialsStatus> credentials;

	/**
	 * Creates a health indicator.
	 * @param client the client whose IMDS is checked
	 * @param statistics the statistics of that client's requests
	 * @param probe the probe that decides whether IMDS answers
	 * @param credentials the status of the role credentials, or {@code null} when they are not used
	 */
	public ImdsHealthIndicator(ImdsClient client, ImdsRequestStatistics statistics, ImdsProbe probe,
			@Nullable Supplier<@Nullable CredentialsStatus> credentials) {
		super("IMDS health check failed");
		this.client = Objects.requireNonNull(client, "'client' must not be null");
		this.statistics = Objects.requireNonNull(statistics, "'statistics' must not be null");
		this.probe = Objects.requireNonNull(probe, "'probe' must not be null");
		this.credentials = credentials;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) throws Exception {
		ImdsAvailability availability = this.client.availability();
		if (!availability.isAvailable()) {
			builder.unknown()
				.withDetail("availability", availability.state().name())
				.withDetail("reason", availability.reason());
			diagnose(builder, availability, this.client.tokenStatus(), null);
			return;
		}
		ImdsProbe.Result result = this.probe.check();
		TokenStatus token = this.client.tokenStatus();
		CredentialsStatus credentials = (this.credentials != null) ? this.credentials.get() : null;
		builder.withDetail("endpoint", this.client.endpoint().uri().toString())
			.withDetail("protocol", token.protocol())
			.withDetail("tokenState", token.state().name());
		if (token.expiresAt() != null) {
			builder.withDetail("tokenExpiresAt", token.expiresAt().toString());
		}
		if (credentials != null) {
			builder.withDetail("credentialsState", credentials.state().name());
			if (credentials.expiration() != null) {
				builder.withDetail("credentialsExpiration", credentials.expiration().toString());
			}
		}
		// No instance profile is a configuration choice, not an IMDS failure: taking the instance out of
		// service would not fix it, so it is UP with a degraded detail. Nor would it fix an IMDS outage: expired
		// credentials served by static stability are UP (degraded) too.
		boolean imdsFailing = !result.reachable() || token.state() == TokenStatus.State.FAILED;
		boolean imdsDown = imdsFailing && (this.probe.isDown(result) || this.probe.downAfter().isZero());
		boolean up = !imdsDown && (credentials == null || credentials.servesValidCredentials()
				|| credentials.state() == CredentialsStatus.State.NOT_LOADED
				|| credentials.state() == CredentialsStatus.State.NO_INSTANCE_PROFILE
				|| credentials.state() == CredentialsStatus.State.EXPIRED_SERVED);
		builder.status(up ? Status.UP : Status.DOWN);
		if (imdsFailing && result.failingSince() != null) {
			builder.withDetail("failingSince", result.failingSince().toString());
		}
		String degradedCause = imdsFailing ? failingCause(result) : degradedCause(result, token, credentials);
		if (up && degradedCause != null) {
			builder.withDetail("degraded", true).withDetail("degradedCause", degradedCause);
		}
		String lastError = lastError(result, token, credentials);
		if (lastError != null) {
			builder.withDetail("lastError", lastError);
		}
		builder.withDetail("checkedAt", result.at().toString()).withDetail("checkedBy", result.source().name());
		diagnose(builder, availability, token, credentials);
	}

	private void diagnose(Health.Builder builder, ImdsAvailability availability, TokenStatus token,
			@Nullable CredentialsStatus credentials) {
		ImdsDiagnosis diagnosis = ImdsDiagnosis.diagnose(availability, token, this.statistics.recent(), credentials);
		builder.withDetail("diagnosis", diagnosis.message()).withDetail("diagnosisCode", diagnosis.code());
	}

	private String failingCause(ImdsProbe.Result result) {
		return "IMDS does not answer%s; health turns DOWN once it has failed for imds.health.down-after (%s)"
			.formatted((result.failingSince() != null) ? " since " + result.failingSince() : "",
					this.probe.downAfter());
	}

	private static @Nullable String degradedCause(ImdsProbe.Result result, TokenStatus token,
			@Nullable CredentialsStatus credentials) {
		if (result.throttled()) {
			return "IMDS throttles requests (HTTP 429): it is reachable, and answers are retried";
		}
		if (credentials != null && credentials.state() == CredentialsStatus.State.EXPIRED_SERVED) {
			return "expired credentials served by static stability while refreshes fail: " + credentials.lastError();
		}
		if (credentials != null && credentials.state() == CredentialsStatus.State.DEGRADED) {
			return "credentials refresh failing: " + credentials.lastError();
		}
		if (credentials != null && credentials.state() == CredentialsStatus.State.NO_INSTANCE_PROFILE) {
			return "no instance profile attached to this instance: no role credentials "
					+ "(set imds.credentials.enabled=false if the application needs none)";
		}
		if (token.state() == TokenStatus.State.V1_FALLBACK) {
			return "IMDSv1 fallback: " + token.lastError();
		}
		return null;
	}

	private @Nullable String lastError(ImdsProbe.Result result, TokenStatus token,
			@Nullable CredentialsStatus credentials) {
		if (result.error() != null) {
			return result.error();
		}
		if (token.state() == TokenStatus.State.FAILED && token.lastError() != null) {
			return token.lastError();
		}
		if (credentials != null && !credentials.servesValidCredentials() && credentials.lastError() != null) {
			return credentials.lastError();
		}
		ImdsRequestEvent error = this.statistics.lastError();
		return (error != null) ? "%s %s: %s".formatted(error.method(), error.path(), error.error()) : null;
	}

}
