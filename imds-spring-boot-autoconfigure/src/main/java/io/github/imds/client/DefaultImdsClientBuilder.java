package io.github.imds.client;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The {@link ImdsClient.Builder}: collects the options, validates them by name, resolves the endpoint and the
 * availability (no network call) and makes the {@link DefaultImdsClient}.
 */
final class DefaultImdsClientBuilder implements ImdsClient.Builder {

private static final Duration MAX_TOKEN_TTL = Duration.ofHours(6);


	private @Nullable String endpoint;

	private @Nullable EndpointMode endpointMode;

	private boolean enabled = true;

	private PlatformDetectionMode platformDetection = PlatformDetectionMode.AUTO;

	private @Nullable Path platformRoot;

	private Duration tokenTtl = MAX_TOKEN_TTL;

	private Duration connectTimeout = Duration.ofMillis(250);

	private Duration readTimeout = Duration.ofSeconds(1);

	private int maxAttempts = 3;

	private boolean v1Fallback;

	private Clock clock = Clock.systemUTC();

	private AwsSdkSettings sdkSettings = AwsSdkSettings.fromSystem();

	private ImdsSettingNames settingNames = ImdsSettingNames.builderOptions();

	private final List<ImdsRequestListener> listeners = new ArrayList<>();

	@Override
	public ImdsClient.Builder endpoint(@Nullable String endpoint) {
		this.endpoint = endpoint;
		return this;
	}

	@Override
	public ImdsClient.Builder endpointMode(@Nullable EndpointMode endpointMode) {
		this.endpointMode = endpointMode;
		return this;
	}

	@Override
	public ImdsClient.Builder enabled(boolean enabled) {
		this.enabled = enabled;
		return this;
	}

	@Override
	public ImdsClient.Builder platformDetection(PlatformDetectionMode mode) {
		this.platformDetection = Objects.requireNonNull(mode, "'mode' must not be null");
		return this;
	}

	@Override
	public ImdsClient.Builder platformRoot(Path root) {
		this.platformRoot = Objects.requireNonNull(root, "'root' must not be null");
		return this;
	}

	@Override
	public ImdsClient.Builder tokenTtl(Duration ttl) {
		this.tokenTtl = Objects.requireNonNull(ttl, "'ttl' must not be null");
		return this;
	}

	@Override
	public ImdsClient.Builder connectTimeout(Duration timeout) {
		this.connectTimeout = Objects.requireNonNull(timeout, "'timeout' must not be null");
		return this;
	}

	@Override
	public ImdsClient.Builder readTimeout(Duration timeout) {
		this.readTimeout = Objects.requireNonNull(timeout, "'timeout' must not be null");
		return this;
	}

	@Override
	public ImdsClient.Builder maxAttempts(int maxAttempts) {
		this.maxAttempts = maxAttempts;
		return this;
	}

	@Override
	public ImdsClient.Builder v1Fallback(boolean v1Fallback) {
		this.v1Fallback = v1Fallback;
		return this;
	}

	@Override
	public ImdsClient.Builder clock(Clock clock) {
		this.clock = Objects.requireNonNull(clock, "'clock' must not be null");
		return this;
	}

	@Override
	public ImdsClient.Builder sdkSettings(AwsSdkSettings settings) {
		this.sdkSettings = Objects.requireNonNull(settings, "'settings' must not be null");
		return this;
	}

	@Override
	public ImdsClient.Builder settingNames(ImdsSettingNames names) {
		this.settingNames = Objects.requireNonNull(names, "'names' must not be null");
		return this;
	}

	@Override
	public ImdsClient.Builder listener(ImdsRequestListener listener) {
		this.listeners.add(Objects.requireNonNull(listener, "'listener' must not be null"));
		return this;
	}

	@Override
	public ImdsClient build() {
		if (this.tokenTtl.compareTo(Duration.ofSeconds(1)) < 0 || this.tokenTtl.compareTo(MAX_TOKEN_TTL) > 0) {
			throw new IllegalArgumentException(
					"'tokenTtl' must be between 1s and 6h (21600 seconds), was %s".formatted(this.tokenTtl));
		}
		requirePositive("connectTimeout", this.connectTimeout);
		requirePositive("readTimeout", this.readTimeout);
		if (this.maxAttempts < 1 || this.maxAttempts > 10) {
			throw new IllegalArgumentException(
					"'maxAttempts' must be between 1 and 10, was %d".formatted(this.maxAttempts));
		}
		boolean v1Allowed = this.v1Fallback && this.sdkSettings.v1DisabledBy() == null;
		ImdsClientSettings settings = new ImdsClientSettings(Duration.ofSeconds(this.tokenTtl.toSeconds()),
				this.connectTimeout, this.readTimeout, this.maxAttempts, v1Allowed, this.platformDetection);
		ResolvedEndpoint resolved = EndpointResolver.resolve(this.endpoint, this.endpointMode, this.sdkSettings,
				this.settingNames);
		ImdsAvailability availability = AvailabilityResolver.resolve(this.enabled, this.sdkSettings, this.platformDetection,
				this.platformRoot, resolved, this.settingNames);
		return new DefaultImdsClient(resolved, availability, settings, this.clock, this.listeners, this.settingNames);
	}

	private static void requirePositive(String name, Duration value) {
		if (value.isNegative() || value.isZero() || value.compareTo(Duration.ofMinutes(1)) > 0) {
			throw new IllegalArgumentException(
					"'%s' must be more than 0 and at most 1m, was %s".formatted(name, value));
		}
	}

}
