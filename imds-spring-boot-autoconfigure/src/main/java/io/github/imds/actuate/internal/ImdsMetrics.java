package io.github.imds.actuate.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Supplier;

import io.github.imds.client.ImdsClient;
import io.github.imds.credentials.CredentialsStatus;
import io.github.imds.credentials.RefreshFailureCause;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

/**
 * {@link MeterBinder} for the EC2 Instance Metadata Service: the gauges {@code imds.token.expiry} and, when role
 * credentials are used, {@code imds.credentials.expiry}, in seconds left ({@code NaN} when nothing is held),
 * {@code imds.credentials.since-refresh} (seconds since the last successful refresh, {@code NaN} before one)
 * and the counter {@code imds.credentials.refresh.failures} (tag {@code cause}, see
 * {@link RefreshFailureCause}). The {@code imds.requests} timer follows from the {@code imds.request}
 * observations ({@code io.github.imds.observation}).
 *
 * @since 0.1.0
 */
public class ImdsMetrics implements MeterBinder {

	private final ImdsClient client;

	private final @Nullable Supplier<@Nullable CredentialsStatus> credentials;

	private final Clock clock;

	/**
	 * Creates the binder.
	 * @param client the client whose token expiry is measured
	 * @param credentials the credentials status, or {@code null} when credentials are not used
	 * @param clock the clock the expiry gauges count from
	 */
	public ImdsMetrics(ImdsClient client, @Nullable Supplier<@Nullable CredentialsStatus> credentials,
			Clock clock) {
		this.client = Objects.requireNonNull(client, "'client' must not be null");
		this.credentials = credentials;
		this.clock = Objects.requireNonNull(clock, "'clock' must not be null");
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder("imds.token.expiry", this, (metrics) -> metrics.secondsUntil(metrics.client.tokenStatus().expiresAt()))
			.description("Seconds until the IMDSv2 session token expires")
			.baseUnit("seconds")
			.register(registry);
		if (this.credentials != null) {
			Gauge.builder("imds.credentials.expiry", this, ImdsMetrics::credentialsExpiry)
				.description("Seconds until the instance role credentials expire")
				.baseUnit("seconds")
				.register(registry);
			bindCredentialsRefresh(registry);
		}
	}

	private void bindCredentialsRefresh(MeterRegistry registry) {
		Gauge.builder("imds.credentials.since-refresh", this, ImdsMetrics::secondsSinceRefresh)
			.description("Seconds since the instance role credentials were last refreshed successfully")
			.baseUnit("seconds")
			.register(registry);
		for (RefreshFailureCause cause : RefreshFailureCause.values()) {
			FunctionCounter.builder("imds.credentials.refresh.failures", this, (metrics) -> metrics.failures(cause))
				.description("Failed refreshes of the instance role credentials, by cause")
				.tag("cause", cause.tag())
				.register(registry);
		}
	}

	private double secondsSinceRefresh() {
		CredentialsStatus status = (this.credentials != null) ? this.credentials.get() : null;
		Instant lastRefresh = (status != null) ? status.lastRefresh() : null;
		return (lastRefresh != null) ? -secondsUntil(lastRefresh) : Double.NaN;
	}

	private double failures(RefreshFailureCause cause) {
		CredentialsStatus status = (this.credentials != null) ? this.credentials.get() : null;
		Long count = (status != null) ? status.refreshFailures().get(cause.tag()) : null;
		return (count != null) ? count : 0;
	}

	private double credentialsExpiry() {
		CredentialsStatus status = (this.credentials != null) ? this.credentials.get() : null;
		return secondsUntil((status != null) ? status.expiration() : null);
	}

	private double secondsUntil(@Nullable Instant instant) {
		if (instant == null) {
			return Double.NaN;
		}
		return Duration.between(this.clock.instant(), instant).toMillis() / 1000.0;
	}

}
