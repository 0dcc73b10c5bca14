package io.github.imds.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.imds.client.EndpointMode;
import io.github.imds.client.PlatformDetectionMode;
import io.github.imds.metadata.UserDataMode;
import io.github.imds.ssrf.SsrfGuardMode;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;

/**
 * Configuration properties for the EC2 Instance Metadata Service (IMDS).
 *
 * @since 0.1.0
 */
@ConfigurationProperties(ImdsProperties.PREFIX)
public class ImdsProperties {

	/**
	 * Prefix of the IMDS properties.
	 */
	public static final String PREFIX = "imds";

	/**
	 * Whether to use IMDS at all. The AWS SDK settings AWS_EC2_METADATA_DISABLED=true and
	 * aws.disableEc2Metadata=true also turn it off.
	 */
	private boolean enabled = true;

	/**
	 * IMDS endpoint, http://host[:port]. When unset: aws.ec2MetadataServiceEndpoint, then
	 * AWS_EC2_METADATA_SERVICE_ENDPOINT, then the address of the endpoint mode.
	 */
	private @Nullable String endpoint;

	/**
	 * Endpoint mode used when no endpoint is set: ipv4 (http://169.254.169.254) or ipv6
	 * (http://[fd00:ec2::254]). When unset: aws.ec2MetadataServiceEndpointMode, then
	 * AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE, then ipv4.
	 */
	private @Nullable EndpointMode endpointMode;

	/**
	 * Whether to look for EC2 in local files (DMI and hypervisor) before using the default endpoint, and
	 * make no network call at all when they say "not EC2". 'off' always uses the network.
	 */
	private PlatformDetectionMode platformDetection = PlatformDetectionMode.AUTO;

	/**
	 * Root directory under which the platform detection reads sys/devices/virtual/dmi/id/* and
	 * sys/hypervisor/uuid. Only tests change it.
	 */
	private Path platformRoot = Path.of("/");

	/**
	 * Time to live of the IMDSv2 session token, from 1s to 6h.
	 */
	private Duration tokenTtl = Duration.ofHours(6);

	/**
	 * Connect timeout of each request.
	 */
	private Duration connectTimeout = Duration.ofMillis(250);

	/**
	 * Time allowed for the complete response of each request once connected.
	 */
	private Duration readTimeout = Duration.ofSeconds(1);

	/**
	 * Attempts for IO errors, 5xx and 429 answers (1 to 10), with full-jitter exponential backoff.
	 */
	private int maxAttempts = 3;

	/**
	 * Whether to fall back to IMDSv1 (no token) when the token request answers 403, 404 or 405 or times
	 * out. AWS_EC2_METADATA_V1_DISABLED=true or aws.disableEc2MetadataV1=true force false.
	 */
	private boolean v1Fallback;

	/**
	 * Whether an IMDS that cannot be read on EC2 fails startup instead of logging a warning.
	 */
	private boolean failFast;

	@NestedConfigurationProperty
	private final ImdsMetadataProperties metadata = new ImdsMetadataProperties();

	@NestedConfigurationProperty
	private final ImdsCredentialsProperties credentials = new ImdsCredentialsProperties();

	@NestedConfigurationProperty
	private final ImdsHealthProperties health = new ImdsHealthProperties();

	@NestedConfigurationProperty
	private final ImdsLifecycleProperties lifecycle = new ImdsLifecycleProperties();

	@NestedConfigurationProperty
	private final ImdsSsrfGuardProperties ssrfGuard = new ImdsSsrfGuardProperties();

	@NestedConfigurationProperty
	private final ImdsMetricsProperties metrics = new ImdsMetricsProperties();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public @Nullable String getEndpoint() {
		return this.endpoint;
	}

	public void setEndpoint(@Nullable String endpoint) {
		this.endpoint = endpoint;
	}

	public @Nullable EndpointMode getEndpointMode() {
		return this.endpointMode;
	}

	public void setEndpointMode(@Nullable EndpointMode endpointMode) {
		this.endpointMode = endpointMode;
	}

	public PlatformDetectionMode getPlatformDetection() {
		return this.platformDetection;
	}

	public void setPlatformDetection(PlatformDetectionMode platformDetection) {
		this.platformDetection = platformDetection;
	}

	public Path getPlatformRoot() {
		return this.platformRoot;
	}

	public void setPlatformRoot(Path platformRoot) {
		this.platformRoot = platformRoot;
	}

	public Duration getTokenTtl() {
		return this.tokenTtl;
	}

	public void setTokenTtl(Duration tokenTtl) {
		if (tokenTtl.compareTo(Duration.ofSeconds(1)) < 0 || tokenTtl.compareTo(Duration.ofHours(6)) > 0) {
			throw new InvalidImdsPropertyException(
					"%s.token-ttl must be between 1s and 6h (21600 seconds), was %s".formatted(PREFIX, tokenTtl));
		}
		this.tokenTtl = tokenTtl;
	}

	public Duration getConnectTimeout() {
		return this.connectTimeout;
	}

	public void setConnectTimeout(Duration connectTimeout) {
		this.connectTimeout = ImdsPropertyChecks.requireTimeout(PREFIX + ".connect-timeout", connectTimeout);
	}

	public Duration getReadTimeout() {
		return this.readTimeout;
	}

	public void setReadTimeout(Duration readTimeout) {
		this.readTimeout = ImdsPropertyChecks.requireTimeout(PREFIX + ".read-timeout", readTimeout);
	}

	public int getMaxAttempts() {
		return this.maxAttempts;
	}

	public void setMaxAttempts(int maxAttempts) {
		if (maxAttempts < 1 || maxAttempts > 10) {
			throw new InvalidImdsPropertyException(
					"%s.max-attempts must be between 1 and 10, was %d".formatted(PREFIX, maxAttempts));
		}
		this.maxAttempts = maxAttempts;
	}

	public boolean isV1Fallback() {
		return this.v1Fallback;
	}

	public void setV1Fallback(boolean v1Fallback) {
		this.v1Fallback = v1Fallback;
	}

	public boolean isFailFast() {
		return this.failFast;
	}

	public void setFailFast(boolean failFast) {
		this.failFast = failFast;
	}

	public ImdsMetadataProperties getMetadata() {
		return this.metadata;
	}

	public ImdsCredentialsProperties getCredentials() {
		return this.credentials;
	}

	public ImdsHealthProperties getHealth() {
		return this.health;
	}

	public ImdsLifecycleProperties getLifecycle() {
		return this.lifecycle;
	}

	public ImdsSsrfGuardProperties getSsrfGuard() {
		return this.ssrfGuard;
	}

	public ImdsMetricsProperties getMetrics() {
		return this.metrics;
	}
}
