package io.github.imds.client;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * Client for the EC2 Instance Metadata Service (IMDS).
 * <p>
 * One instance holds one IMDSv2 session token, shared by every thread and renewed shortly before it
 * expires. Requests use HTTP/1.1, never a JVM-wide proxy, never follow redirects and read at most
 * {@value #MAX_BODY_BYTES} bytes of a body.
 * <p>
 * Retry rule: IO errors (refused or timed-out connections, read timeouts, resets), 5xx and 429 are retried
 * with full-jitter exponential backoff up to {@link Builder#maxAttempts(int) maxAttempts}; 404 means
 * "absent" ({@link Optional#empty()}); other statuses fail at once. A 401 drops the token, fetches a new one
 * and repeats the request once. A token PUT that times out after the connection was accepted is not
 * retried: it is the container hop-limit symptom and waiting longer does not help.
 * <p>
 * When the client is {@link #availability() unavailable} (disabled, or not on EC2 according to the local
 * platform detection) it sends nothing at all and every request throws {@link ImdsUnavailableException}.
 *
 * @since 0.1.0
 */
public interface ImdsClient extends AutoCloseable {

	/**
	 * The largest body the client reads; a longer one fails with {@link ImdsResponseException}.
	 */
	int MAX_BODY_BYTES = 1024 * 1024;

	/**
	 * Reads {@code path} (for example {@code /latest/meta-data/instance-id}).
	 * @param path an absolute IMDS path, starting with {@code /latest/}
	 * @return the response, or empty when IMDS answers 404 (the key does not exist on this instance)
	 * @throws ImdsException when the request fails; see the subclasses
	 * @throws IllegalStateException when the client is closed, also when {@link #close()} ends the call
	 */
	Optional<ImdsResponse> get(String path);

	/**
	 * Whether this client may send requests, and if not, why. Decided when the client is built, without
	 * any network call.
	 * @return the availability
	 */
	ImdsAvailability availability();

	/**
	 * The endpoint requests go to, and which setting chose it.
	 * @return the resolved endpoint
	 */
	ResolvedEndpoint endpoint();

	/**
	 * A snapshot of the IMDSv2 token's status; never contains the token itself.
	 * @return the token status
	 */
	TokenStatus tokenStatus();

	/**
	 * Registers a listener that sees every HTTP request this client makes.
	 * @param listener the listener
	 */
	void addListener(ImdsRequestListener listener);

	/**
	 * Removes a listener added before.
	 * @param listener the listener
	 */
	void removeListener(ImdsRequestListener listener);

	/**
	 * The settings this client was built with.
	 * @return the settings
	 */
	ImdsClientSettings settings();

	/**
	 * Releases the HTTP client's resources. Requests made after closing fail.
	 */
	@Override
	void close();

	/**
	 * Returns a builder with the defaults described on each of its methods.
	 * @return a new builder
	 */
	static Builder builder() {
		return new DefaultImdsClientBuilder();
	}

	/**
	 * Builder of {@link ImdsClient}.
	 */
	interface Builder {

		/**
		 * Explicit endpoint, {@code http://host[:port]}. When {@code null} (default), the endpoint comes
		 * from {@code aws.ec2MetadataServiceEndpoint}, then {@code AWS_EC2_METADATA_SERVICE_ENDPOINT}, then
		 * the {@link #endpointMode(EndpointMode) endpoint mode}'s address.
		 * @param endpoint the endpoint or {@code null}
		 * @return this builder
		 */
		Builder endpoint(@Nullable String endpoint);

		/**
		 * Endpoint mode used when no endpoint is set. When {@code null} (default), it comes from
		 * {@code aws.ec2MetadataServiceEndpointMode}, then {@code AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE},
		 * then {@link EndpointMode#IPV4}.
		 * @param endpointMode the mode or {@code null}
		 * @return this builder
		 */
		Builder endpointMode(@Nullable EndpointMode endpointMode);

		/**
		 * Master switch (default {@code true}). The AWS SDK settings {@code aws.disableEc2Metadata} and
		 * {@code AWS_EC2_METADATA_DISABLED} also disable the client.
		 * @param enabled whether requests may be sent
		 * @return this builder
		 */
		Builder enabled(boolean enabled);

		/**
		 * Whether to look for EC2 in local files before using the default endpoint (default
		 * {@link PlatformDetectionMode#AUTO}).
		 * @param mode the mode
		 * @return this builder
		 */
		Builder platformDetection(PlatformDetectionMode mode);

		/**
		 * Root under which the detection files ({@code sys/devices/virtual/dmi/id/...},
		 * {@code sys/hypervisor/uuid}) are read; default {@code /}. Tests point it at a fake tree.
		 * @param root the root directory
		 * @return this builder
		 */
		Builder platformRoot(Path root);

		/**
		 * IMDSv2 token TTL, 1 s to 6 h (default 6 h).
		 * @param ttl the TTL
		 * @return this builder
		 */
		Builder tokenTtl(Duration ttl);

		/**
		 * Connect timeout per request (default 250 ms).
		 * @param timeout the timeout
		 * @return this builder
		 */
		Builder connectTimeout(Duration timeout);

		/**
		 * Time allowed for the whole response after the connection, per request (default 1 s).
		 * @param timeout the timeout
		 * @return this builder
		 */
		Builder readTimeout(Duration timeout);

		/**
		 * Attempts for IO errors, 5xx and 429, 1 to 10 (default 3).
		 * @param maxAttempts the attempts, first one included
		 * @return this builder
		 */
		Builder maxAttempts(int maxAttempts);

		/**
		 * Whether to fall back to IMDSv1 when the token PUT answers 403, 404 or 405 or times out (default
		 * {@code false}). {@code aws.disableEc2MetadataV1} / {@code AWS_EC2_METADATA_V1_DISABLED} force
		 * {@code false}.
		 * @param v1Fallback whether IMDSv1 may be used
		 * @return this builder
		 */
		Builder v1Fallback(boolean v1Fallback);

		/**
		 * Clock for token expiry (default the system UTC clock).
		 * @param clock the clock
		 * @return this builder
		 */
		Builder clock(Clock clock);

		/**
		 * Where the AWS SDK's system properties and environment variables are read (default the real
		 * ones).
		 * @param settings the settings source
		 * @return this builder
		 */
		Builder sdkSettings(AwsSdkSettings settings);

		/**
		 * How failure hints, availability reasons and endpoint sources name the settings to change (default
		 * {@link ImdsSettingNames#builderOptions()}: this builder's options, such as {@code v1Fallback(true)}).
		 * Code that builds the client from its own configuration passes the names of that configuration.
		 * @param names the names
		 * @return this builder
		 */
		Builder settingNames(ImdsSettingNames names);

		/**
		 * Adds a listener that sees every request.
		 * @param listener the listener
		 * @return this builder
		 */
		Builder listener(ImdsRequestListener listener);

		/**
		 * Builds the client, validating every setting. Reads the detection files when needed; makes no
		 * network call.
		 * @return the client
		 * @throws IllegalArgumentException naming the setting that is out of range
		 */
		ImdsClient build();

	}

}
