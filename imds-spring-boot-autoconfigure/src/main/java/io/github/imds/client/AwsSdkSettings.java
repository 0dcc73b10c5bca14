package io.github.imds.client;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;

/**
 * The AWS SDK's IMDS settings, read from system properties first, environment variables second and the
 * active profile of the shared config file last (when a profile reader is given), as the SDKs do. Boolean
 * switches accept only {@code true} or {@code false}: anything else is an error naming the setting.
 *
 * @since 0.1.0
 */
public final class AwsSdkSettings {

	static final String DISABLED_PROPERTY = "aws.disableEc2Metadata";

	static final String DISABLED_ENV = "AWS_EC2_METADATA_DISABLED";

	static final String V1_DISABLED_PROPERTY = "aws.disableEc2MetadataV1";

	static final String V1_DISABLED_ENV = "AWS_EC2_METADATA_V1_DISABLED";

	static final String ENDPOINT_PROPERTY = "aws.ec2MetadataServiceEndpoint";

	static final String ENDPOINT_ENV = "AWS_EC2_METADATA_SERVICE_ENDPOINT";

	static final String ENDPOINT_MODE_PROPERTY = "aws.ec2MetadataServiceEndpointMode";

	static final String ENDPOINT_MODE_ENV = "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE";

	static final String TIMEOUT_PROPERTY = "aws.ec2MetadataServiceTimeout";

	static final String TIMEOUT_ENV = "AWS_METADATA_SERVICE_TIMEOUT";

	static final String ATTEMPTS_ENV = "AWS_METADATA_SERVICE_NUM_ATTEMPTS";

	private final UnaryOperator<@Nullable String> systemProperties;

	private final UnaryOperator<@Nullable String> environment;

	private final UnaryOperator<@Nullable String> profile;

	private AwsSdkSettings(UnaryOperator<@Nullable String> systemProperties,
			UnaryOperator<@Nullable String> environment, UnaryOperator<@Nullable String> profile) {
		this.systemProperties = systemProperties;
		this.environment = environment;
		this.profile = profile;
	}

	/**
	 * Settings from this JVM's system properties and environment.
	 * @return the settings
	 */
	public static AwsSdkSettings fromSystem() {
		return new AwsSdkSettings(System::getProperty, System::getenv, (name) -> null);
	}

	/**
	 * Settings from the given maps, for tests.
	 * @param systemProperties the system properties
	 * @param environment the environment variables
	 * @return the settings
	 */
	public static AwsSdkSettings of(Map<String, String> systemProperties, Map<String, String> environment) {
		Map<String, String> props = Map.copyOf(systemProperties);
		Map<String, String> env = Map.copyOf(environment);
		return new AwsSdkSettings(props::get, env::get, (name) -> null);
	}

	/**
	 * These settings with the active profile of the shared config file as the last source, for
	 * {@code ec2_metadata_service_endpoint}, {@code ec2_metadata_service_endpoint_mode},
	 * {@code ec2_metadata_v1_disabled}, {@code metadata_service_timeout} and
	 * {@code metadata_service_num_attempts}.
	 * @param profile reads a property of the active profile, {@code null} when unset
	 * @return the settings
	 */
	public AwsSdkSettings withProfile(UnaryOperator<@Nullable String> profile) {
		return new AwsSdkSettings(this.systemProperties, this.environment, profile);
	}

	/**
	 * No SDK setting at all.
	 * @return empty settings
	 */
	public static AwsSdkSettings none() {
		return of(Map.of(), Map.of());
	}

	/**
	 * The setting that disables IMDS, as {@code name=value}, or {@code null} when IMDS is not disabled.
	 * @return the disabling setting
	 * @throws IllegalArgumentException when the setting is neither {@code true} nor {@code false}
	 */
	public @Nullable String disabledBy() {
		return trueSetting(setting(DISABLED_PROPERTY, DISABLED_ENV, null));
	}

	/**
	 * The setting that forbids IMDSv1, as {@code name=value}, or {@code null}.
	 * @return the setting
	 * @throws IllegalArgumentException when the setting is neither {@code true} nor {@code false}
	 */
	public @Nullable String v1DisabledBy() {
		return trueSetting(setting(V1_DISABLED_PROPERTY, V1_DISABLED_ENV, "ec2_metadata_v1_disabled"));
	}

	/**
	 * The endpoint setting, or {@code null}.
	 * @return the setting
	 */
	public @Nullable Setting endpoint() {
		return setting(ENDPOINT_PROPERTY, ENDPOINT_ENV, "ec2_metadata_service_endpoint");
	}

	/**
	 * The endpoint mode setting, or {@code null}.
	 * @return the setting
	 */
	public @Nullable Setting endpointMode() {
		return setting(ENDPOINT_MODE_PROPERTY, ENDPOINT_MODE_ENV, "ec2_metadata_service_endpoint_mode");
	}

	/**
	 * The SDK's per-request timeout ({@code aws.ec2MetadataServiceTimeout}, {@code AWS_METADATA_SERVICE_TIMEOUT},
	 * the profile's {@code metadata_service_timeout}), in seconds as an integer or a decimal, or {@code null}.
	 * @return the timeout
	 * @throws IllegalArgumentException when the value is not a positive number of seconds
	 */
	public @Nullable Duration timeout() {
		Setting setting = setting(TIMEOUT_PROPERTY, TIMEOUT_ENV, "metadata_service_timeout");
		if (setting == null) {
			return null;
		}
		try {
			double seconds = Double.parseDouble(setting.value().trim());
			if (seconds > 0 && seconds <= 60) {
				return Duration.ofMillis(Math.round(seconds * 1000));
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		throw new IllegalArgumentException("%s must be a number of seconds, more than 0 and at most 60, but was '%s'"
			.formatted(setting.name(), setting.value()));
	}

	/**
	 * The SDK's attempts per request ({@code AWS_METADATA_SERVICE_NUM_ATTEMPTS}, the profile's
	 * {@code metadata_service_num_attempts}), or {@code null}.
	 * @return the attempts
	 * @throws IllegalArgumentException when the value is not a whole number from 1 to 10
	 */
	public @Nullable Integer numAttempts() {
		Setting setting = setting(null, ATTEMPTS_ENV, "metadata_service_num_attempts");
		if (setting == null) {
			return null;
		}
		try {
			int attempts = Integer.parseInt(setting.value().trim());
			if (attempts >= 1 && attempts <= 10) {
				return attempts;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		throw new IllegalArgumentException(
				"%s must be a whole number from 1 to 10, but was '%s'".formatted(setting.name(), setting.value()));
	}

	private static @Nullable String trueSetting(@Nullable Setting setting) {
		if (setting == null) {
			return null;
		}
		String value = setting.value().trim().toLowerCase(Locale.ROOT);
		if (value.equals("true")) {
			return setting.name() + "=" + setting.value().trim();
		}
		if (value.equals("false")) {
			return null;
		}
		throw new IllegalArgumentException("%s must be 'true' or 'false', but was '%s'".formatted(setting.name(),
				setting.value()));
	}

	private @Nullable Setting setting(@Nullable String property, String env, @Nullable String profileKey) {
		String value = (property != null) ? this.systemProperties.apply(property) : null;
		if (value != null && !value.isBlank()) {
			return new Setting(property, value);
		}
		value = this.environment.apply(env);
		if (value != null && !value.isBlank()) {
			return new Setting(env, value);
		}
		value = (profileKey != null) ? this.profile.apply(profileKey) : null;
		if (value != null && !value.isBlank()) {
			return new Setting("profile property " + profileKey, value);
		}
		return null;
	}

	/**
	 * One setting and where it was found.
	 *
	 * @param name the system property, environment variable or profile property name
	 * @param value its value
	 */
	public record Setting(String name, String value) {

	}

}
