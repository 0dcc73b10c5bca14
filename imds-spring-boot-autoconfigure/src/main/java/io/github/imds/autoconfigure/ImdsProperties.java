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

	private final Metadata metadata = new Metadata();

	private final Credentials credentials = new Credentials();

	private final Health health = new Health();

	private final Lifecycle lifecycle = new Lifecycle();

	private final SsrfGuard ssrfGuard = new SsrfGuard();

	private final Metrics metrics = new Metrics();

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
		this.tokenTtl = tokenTtl;
	}

	public Duration getConnectTimeout() {
		return this.connectTimeout;
	}

	public void setConnectTimeout(Duration connectTimeout) {
		this.connectTimeout = connectTimeout;
	}

	public Duration getReadTimeout() {
		return this.readTimeout;
	}

	public void setReadTimeout(Duration readTimeout) {
		this.readTimeout = readTimeout;
	}

	public int getMaxAttempts() {
		return this.maxAttempts;
	}

	public void setMaxAttempts(int maxAttempts) {
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

	public Metadata getMetadata() {
		return this.metadata;
	}

	public Credentials getCredentials() {
		return this.credentials;
	}

	public Health getHealth() {
		return this.health;
	}

	public Lifecycle getLifecycle() {
		return this.lifecycle;
	}

	public SsrfGuard getSsrfGuard() {
		return this.ssrfGuard;
	}

	public Metrics getMetrics() {
		return this.metrics;
	}

	/**
	 * Checks a duration when it is bound, so that a bad value fails startup with the binder's report naming the
	 * property, instead of failing later (or never) where it is used. The settings of the client itself are
	 * checked by its builder.
	 */
	private static Duration requireAtLeast(String property, @Nullable Duration value, Duration minimum, String range) {
		if (value == null || value.compareTo(minimum) < 0) {
			throw new IllegalArgumentException("%s must be %s, was %s".formatted(property, range, value));
		}
		return value;
	}

	/**
	 * Instance metadata loaded at startup as ec2.* properties.
	 */
	public static class Metadata {

		/**
		 * Whether to load instance metadata as ec2.* properties at startup.
		 */
		private boolean enabled = true;

		/**
		 * More meta-data paths to load, relative to /latest/meta-data/; a path ending in '/' loads the
		 * sub-tree. Credentials paths are refused.
		 */
		private List<String> extraPaths = new ArrayList<>();

		/**
		 * Whether to load instance tags (tags/instance) when the instance exposes them in metadata.
		 */
		private boolean tags = true;

		/**
		 * Whether to load user data, which may hold secrets: 'none', 'raw' (ec2.user-data, text of at most
		 * 16 KiB) or 'properties' (parsed as a Java properties file into ec2.user-data.*).
		 */
		private UserDataMode userData = UserDataMode.NONE;

		/**
		 * Time budget of the whole metadata load at startup; what is not loaded by then is logged and left
		 * out.
		 */
		private Duration startupTimeout = Duration.ofSeconds(2);

		/**
		 * Interval at which the metadata is reloaded while the application runs (tags, the public IP and
		 * interfaces can change); off when not set. Changes replace the ec2.* property source and publish an
		 * InstanceMetadataChangedEvent.
		 */
		private @Nullable Duration refreshInterval;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public List<String> getExtraPaths() {
			return this.extraPaths;
		}

		public void setExtraPaths(List<String> extraPaths) {
			this.extraPaths = extraPaths;
		}

		public boolean isTags() {
			return this.tags;
		}

		public void setTags(boolean tags) {
			this.tags = tags;
		}

		public UserDataMode getUserData() {
			return this.userData;
		}

		public void setUserData(UserDataMode userData) {
			this.userData = userData;
		}

		public Duration getStartupTimeout() {
			return this.startupTimeout;
		}

		public void setStartupTimeout(Duration startupTimeout) {
			this.startupTimeout = requireAtLeast(PREFIX + ".metadata.startup-timeout", startupTimeout, Duration.ofNanos(1),
					"more than 0");
		}

		public @Nullable Duration getRefreshInterval() {
			return this.refreshInterval;
		}

		public void setRefreshInterval(@Nullable Duration refreshInterval) {
			this.refreshInterval = (refreshInterval != null) ? requireAtLeast(PREFIX + ".metadata.refresh-interval",
					refreshInterval, Duration.ofSeconds(1), "at least 1s") : null;
		}

	}

	/**
	 * Instance role credentials.
	 */
	public static class Credentials {

		/**
		 * Whether to provide the instance role's credentials as beans (and to the AWS SDK when present).
		 */
		private boolean enabled = true;

		/**
		 * Role name; when unset, discovered from iam/security-credentials/.
		 */
		private @Nullable String roleName;

		/**
		 * How long before expiration credentials are refreshed (jittered; half the remaining life for
		 * short-lived credentials).
		 */
		private Duration refreshBeforeExpiry = Duration.ofMinutes(15);

		/**
		 * Whether to keep serving the last credentials after they expire while IMDS cannot provide new
		 * ones, instead of failing.
		 */
		private boolean staticStability = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public @Nullable String getRoleName() {
			return this.roleName;
		}

		public void setRoleName(@Nullable String roleName) {
			this.roleName = roleName;
		}

		public Duration getRefreshBeforeExpiry() {
			return this.refreshBeforeExpiry;
		}

		public void setRefreshBeforeExpiry(Duration refreshBeforeExpiry) {
			this.refreshBeforeExpiry = requireAtLeast(PREFIX + ".credentials.refresh-before-expiry", refreshBeforeExpiry,
					Duration.ofNanos(1), "more than 0");
		}

		public boolean isStaticStability() {
			return this.staticStability;
		}

		public void setStaticStability(boolean staticStability) {
			this.staticStability = staticStability;
		}

	}

	/**
	 * The imds health indicator.
	 */
	public static class Health {

		/**
		 * Longest time the health indicator reuses the outcome of the last IMDS request; within it, health
		 * checks send nothing.
		 */
		private Duration maxStaleness = Duration.ofSeconds(30);

		/**
		 * How long IMDS must fail (no answer, not even a 429) before the health indicator reports DOWN; until
		 * then it is UP with a degraded detail, so that one failed request does not take the instance out of
		 * service. 0 reports DOWN at the first failure.
		 */
		private Duration downAfter = Duration.ofMinutes(1);

		public Duration getMaxStaleness() {
			return this.maxStaleness;
		}

		public void setMaxStaleness(Duration maxStaleness) {
			this.maxStaleness = requireAtLeast(PREFIX + ".health.max-staleness", maxStaleness, Duration.ZERO, "0 or more");
		}

		public Duration getDownAfter() {
			return this.downAfter;
		}

		public void setDownAfter(Duration downAfter) {
			this.downAfter = requireAtLeast(PREFIX + ".health.down-after", downAfter, Duration.ZERO, "0 or more");
		}

	}

	/**
	 * Spot, rebalance, Auto Scaling and maintenance notices.
	 */
	public static class Lifecycle {

		/**
		 * Whether to poll IMDS for instance lifecycle notices and publish them as events.
		 */
		private boolean enabled = true;

		/**
		 * Interval between polls of the spot and Auto Scaling paths.
		 */
		private Duration pollInterval = Duration.ofSeconds(5);

		/**
		 * Whether a termination notice switches readiness to REFUSING_TRAFFIC.
		 */
		private boolean drainOnTermination = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getPollInterval() {
			return this.pollInterval;
		}

		public void setPollInterval(Duration pollInterval) {
			this.pollInterval = requireAtLeast(PREFIX + ".lifecycle.poll-interval", pollInterval, Duration.ofMillis(1),
					"at least 1ms");
		}

		public boolean isDrainOnTermination() {
			return this.drainOnTermination;
		}

		public void setDrainOnTermination(boolean drainOnTermination) {
			this.drainOnTermination = drainOnTermination;
		}

	}

	/**
	 * The SSRF guard: keeps the HTTP clients Spring Boot builds away from the instance metadata addresses.
	 */
	public static class SsrfGuard {

		/**
		 * Whether to add a deny rule for the instance metadata addresses to the InetAddressFilter of the HTTP
		 * clients Spring Boot builds. When unset, on where IMDS is used, on EC2 (even with IMDS use switched
		 * off) and where a container credentials endpoint is configured.
		 */
		private @Nullable Boolean enabled;

		/**
		 * What to do with a connection to a metadata address: 'enforce' refuses it, 'report' only logs and
		 * counts it.
		 */
		private SsrfGuardMode mode = SsrfGuardMode.ENFORCE;

		public @Nullable Boolean getEnabled() {
			return this.enabled;
		}

		public void setEnabled(@Nullable Boolean enabled) {
			this.enabled = enabled;
		}

		public SsrfGuardMode getMode() {
			return this.mode;
		}

		public void setMode(SsrfGuardMode mode) {
			this.mode = mode;
		}

	}

	/**
	 * Micrometer meters and observations.
	 */
	public static class Metrics {

		/**
		 * Whether to add the instance's region and availability zone as the common tags 'cloud.region' and
		 * 'cloud.availability_zone' to every meter of the application.
		 */
		private boolean commonTags;

		public boolean isCommonTags() {
			return this.commonTags;
		}

		public void setCommonTags(boolean commonTags) {
			this.commonTags = commonTags;
		}

	}

}
