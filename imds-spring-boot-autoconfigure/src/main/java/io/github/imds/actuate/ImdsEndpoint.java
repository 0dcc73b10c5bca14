package io.github.imds.actuate;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

import io.github.imds.actuate.internal.ImdsProbe;
import io.github.imds.client.ImdsAvailability;
import io.github.imds.client.ImdsClient;
import io.github.imds.client.ImdsRequestEvent;
import io.github.imds.client.TokenStatus;
import io.github.imds.client.internal.ImdsRequestStatistics;
import io.github.imds.credentials.CredentialsStatus;
import io.github.imds.lifecycle.LifecycleStatus;
import io.github.imds.metadata.InstanceMetadata;
import io.github.imds.ssrf.SsrfGuardStatus;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * {@link Endpoint @Endpoint} that shows what the application knows about the EC2 Instance Metadata Service:
 * platform detection, endpoint, protocol, token state, metadata and credentials summaries, request counts
 * and latencies, the last error and a diagnosis. Reading it sends no request. It never shows a token, a
 * secret access key or a session token; the access key id is masked to its last four characters.
 *
 * @since 0.1.0
 */
@Endpoint(id = "imds")
public class ImdsEndpoint {

	private final ImdsClient client;

	private final ImdsRequestStatistics statistics;

	private final ImdsProbe probe;

	private final @Nullable Supplier<@Nullable MetadataSummary> metadata;

	private final @Nullable Supplier<@Nullable CredentialsStatus> credentials;

	private final @Nullable Runnable credentialsRefresh;

	private final @Nullable Supplier<@Nullable LifecycleStatus> lifecycle;

	private volatile @Nullable Supplier<@Nullable SsrfGuardStatus> ssrfGuard;

	/**
	 * Creates an endpoint.
	 * @param client the client
	 * @param statistics the statistics of that client's requests
	 * @param probe the probe that {@link #refresh() refresh} runs
	 * @param metadata the metadata summary, or {@code null} when metadata is not loaded
	 * @param credentials the credentials status, or {@code null} when credentials are not used
	 * @param credentialsRefresh refreshes the credentials now, or {@code null}
	 * @param lifecycle the lifecycle poller's state, or {@code null} when lifecycle notices are not polled
	 */
	public ImdsEndpoint(ImdsClient client, ImdsRequestStatistics statistics, ImdsProbe probe,
			@Nullable Supplier<@Nullable MetadataSummary> metadata,
			@Nullable Supplier<@Nullable CredentialsStatus> credentials, @Nullable Runnable credentialsRefresh,
			@Nullable Supplier<@Nullable LifecycleStatus> lifecycle) {
		this.client = Objects.requireNonNull(client, "'client' must not be null");
		this.statistics = Objects.requireNonNull(statistics, "'statistics' must not be null");
		this.probe = Objects.requireNonNull(probe, "'probe' must not be null");
		this.metadata = metadata;
		this.credentials = credentials;
		this.credentialsRefresh = credentialsRefresh;
		this.lifecycle = lifecycle;
	}

	/**
	 * Shows the SSRF guard's status in the response.
	 * @param ssrfGuard the guard's status, or {@code null} when there is no guard
	 */
	public void setSsrfGuard(@Nullable Supplier<@Nullable SsrfGuardStatus> ssrfGuard) {
		this.ssrfGuard = ssrfGuard;
	}

	/**
	 * Describes IMDS as the application sees it, without sending a request.
	 * @return the description
	 */
	@ReadOperation
	public ImdsDescriptor imds() {
		ImdsAvailability availability = this.client.availability();
		TokenStatus token = this.client.tokenStatus();
		CredentialsStatus credentials = (this.credentials != null) ? this.credentials.get() : null;
		ImdsRequestEvent error = this.statistics.lastError();
		return new ImdsDescriptor(
				new Platform(availability.state().name(), availability.reason(),
						availability.detection().state().name(), availability.detection().reason()),
				new EndpointInfo(this.client.endpoint().uri().toString(), this.client.endpoint().source()),
				token.protocol(),
				new Token(token.state().name(), token.issuedAt(), token.expiresAt(), token.lastError()),
				(this.metadata != null) ? this.metadata.get() : null, credentials,
				(this.lifecycle != null) ? this.lifecycle.get() : null,
				new Requests(this.statistics.total(), this.statistics.counts(), Latency.of(this.statistics.latency()),
						this.statistics.lastAnswerAt()),
				(error != null) ? LastError.of(error) : null,
				ImdsDiagnosis.diagnose(availability, token, this.statistics.recent(), credentials), ssrfGuard());
	}

	private @Nullable SsrfGuardStatus ssrfGuard() {
		Supplier<@Nullable SsrfGuardStatus> ssrfGuard = this.ssrfGuard;
		return (ssrfGuard != null) ? ssrfGuard.get() : null;
	}

	/**
	 * Refreshes the role credentials now (when they are used) and probes IMDS, then describes it. In an
	 * application the refresh also reloads the {@code ec2.*} properties (publishing an
	 * {@code InstanceMetadataChangedEvent} when keys changed).
	 * @return the description after the refresh
	 */
	@WriteOperation
	public ImdsDescriptor refresh() {
		if (this.client.availability().isAvailable()) {
			if (this.credentialsRefresh != null) {
				try {
					this.credentialsRefresh.run();
				}
				catch (RuntimeException ex) {
					// the failure is in the credentials status and the diagnosis the response shows
				}
			}
			this.probe.probeNow();
		}
		return imds();
	}

	/**
	 * What the {@code imds} endpoint shows.
	 *
	 * @param platform whether IMDS is used, and the platform detection result
	 * @param endpoint the endpoint requests go to
	 * @param protocol {@code IMDSv2} or {@code IMDSv1}
	 * @param token the IMDSv2 token state, never the token
	 * @param metadata the metadata snapshot summary, or {@code null} when none is loaded
	 * @param credentials the role credentials status, or {@code null} when they are not used
	 * @param lifecycle the spot, rebalance, Auto Scaling and maintenance state, or {@code null} when not polled
	 * @param requests request counts and latencies
	 * @param lastError the last failed request, or {@code null}
	 * @param diagnosis the cause and the fix
	 * @param ssrfGuard the SSRF guard's status and the attempts it saw, or {@code null} without a guard
	 */
	public record ImdsDescriptor(Platform platform, EndpointInfo endpoint, String protocol, Token token,
			@Nullable MetadataSummary metadata, @Nullable CredentialsStatus credentials,
			@Nullable LifecycleStatus lifecycle, Requests requests,
			@Nullable LastError lastError, ImdsDiagnosis diagnosis,
			@Nullable SsrfGuardStatus ssrfGuard) implements OperationResponseBody {

	}

	/**
	 * Whether IMDS is used, and why.
	 *
	 * @param availability {@code AVAILABLE}, {@code DISABLED} or {@code NOT_EC2}
	 * @param reason the setting or file that decided it
	 * @param detection the platform detection result: {@code EC2}, {@code NOT_EC2} or {@code SKIPPED}
	 * @param detectionReason why
	 */
	public record Platform(String availability, String reason, String detection, String detectionReason) {

	}

	/**
	 * The endpoint requests go to.
	 *
	 * @param uri the endpoint
	 * @param source the setting that chose it
	 */
	public record EndpointInfo(String uri, String source) {

	}

	/**
	 * The IMDSv2 token state; never the token.
	 *
	 * @param state {@code NONE}, {@code VALID}, {@code EXPIRED}, {@code FAILED} or {@code V1_FALLBACK}
	 * @param issuedAt when it was requested, or {@code null}
	 * @param expiresAt when it expires, or {@code null}
	 * @param lastError why the last token request failed, or {@code null}
	 */
	public record Token(String state, @Nullable Instant issuedAt, @Nullable Instant expiresAt,
			@Nullable String lastError) {

	}

	/**
	 * A summary of the metadata snapshot loaded at startup.
	 *
	 * @param instanceId the instance id, or {@code null}
	 * @param region the region, or {@code null}
	 * @param availabilityZone the availability zone, or {@code null}
	 * @param instanceType the instance type, or {@code null}
	 * @param keys how many {@code ec2.*} keys were loaded
	 * @param loadedAt when the snapshot was loaded
	 * @param failures what could not be loaded and why (never a value)
	 */
	public record MetadataSummary(@Nullable String instanceId, @Nullable String region,
			@Nullable String availabilityZone, @Nullable String instanceType, int keys, Instant loadedAt,
			List<String> failures) {

		/**
		 * Summarizes a snapshot.
		 * @param metadata the snapshot, or {@code null}
		 * @return the summary, or {@code null} when no snapshot was loaded (off EC2, disabled)
		 */
		public static @Nullable MetadataSummary of(@Nullable InstanceMetadata metadata) {
			if (metadata == null || (metadata.isEmpty() && metadata.complete()
					&& Instant.EPOCH.equals(metadata.loadedAt()))) {
				return null;
			}
			return new MetadataSummary(metadata.instanceId().orElse(null), metadata.region().orElse(null),
					metadata.availabilityZone().orElse(null), metadata.instanceType().orElse(null), metadata.size(),
					metadata.loadedAt(), metadata.failures());
		}

	}

	/**
	 * Request statistics.
	 *
	 * @param total requests made
	 * @param counts counts by kind ({@code token}, {@code metadata}, ...) and outcome ({@code success},
	 * {@code not-found}, ...)
	 * @param latency latency percentiles of the latest requests
	 * @param lastAnswerAt when IMDS last answered, or {@code null}
	 */
	public record Requests(long total, Map<String, Map<String, Long>> counts, Latency latency,
			@Nullable Instant lastAnswerAt) {

	}

	/**
	 * Latency percentiles of the latest requests, in milliseconds.
	 *
	 * @param count requests measured
	 * @param p50Ms the median
	 * @param p90Ms the 90th percentile
	 * @param p99Ms the 99th percentile
	 * @param maxMs the slowest
	 */
	public record Latency(int count, double p50Ms, double p90Ms, double p99Ms, double maxMs) {

		static Latency of(ImdsRequestStatistics.Latency latency) {
			return new Latency(latency.count(), latency.p50Ms(), latency.p90Ms(), latency.p99Ms(), latency.maxMs());
		}

	}

	/**
	 * The last request that IMDS did not answer.
	 *
	 * @param kind its kind
	 * @param method {@code GET} or {@code PUT}
	 * @param path its path
	 * @param status the HTTP status, 0 when none arrived
	 * @param outcome how it ended
	 * @param message the error
	 * @param at when it ended
	 */
	public record LastError(String kind, String method, String path, int status, String outcome,
			@Nullable String message, Instant at) {

		static LastError of(ImdsRequestEvent event) {
			return new LastError(event.kind().tag(), event.method(), event.path(), event.status(),
					event.outcome().tag(), event.error(), event.at());
		}

	}

}
