package io.github.imds.client;

import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;

/**
 * The AWS SDK's IMDS settings, read from system properties first and environment variables second, as the
 * SDKs do.
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

	private final UnaryOperator<@Nullable String> systemProperties;

	private final UnaryOperator<@Nullable String> environment;

	private AwsSdkSettings(UnaryOperator<@Nullable String> systemProperties,
			UnaryOperator<@Nullable String> environment) {
		this.systemProperties = systemProperties;
		this.environment = environment;
	}

	/**
	 * Settings from this JVM's system properties and environment.
	 * @return the settings
	 */
	public static AwsSdkSettings fromSystem() {
		return new AwsSdkSettings(System::getProperty, System::getenv);
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
		return new AwsSdkSettings(props::get, env::get);
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
	 */
	public @Nullable String disabledBy() {
		return trueSetting(DISABLED_PROPERTY, DISABLED_ENV);
	}

	/**
	 * The setting that forbids IMDSv1, as {@code name=value}, or {@code null}.
	 * @return the setting
	 */
	public @Nullable String v1DisabledBy() {
		return trueSetting(V1_DISABLED_PROPERTY, V1_DISABLED_ENV);
	}

	/**
	 * The endpoint setting, or {@code null}.
	 * @return the setting
	 */
	public @Nullable Setting endpoint() {
		return setting(ENDPOINT_PROPERTY, ENDPOINT_ENV);
	}

	/**
	 * The endpoint mode setting, or {@code null}.
	 * @return the setting
	 */
	public @Nullable Setting endpointMode() {
		return setting(ENDPOINT_MODE_PROPERTY, ENDPOINT_MODE_ENV);
	}

	private @Nullable String trueSetting(String property, String env) {
		Setting setting = setting(property, env);
		if (setting != null && "true".equals(setting.value().trim().toLowerCase(Locale.ROOT))) {
			return setting.name() + "=" + setting.value().trim();
		}
		return null;
	}

	private @Nullable Setting setting(String property, String env) {
		String value = this.systemProperties.apply(property);
		if (value != null && !value.isBlank()) {
			return new Setting(property, value);
		}
		value = this.environment.apply(env);
		if (value != null && !value.isBlank()) {
			return new Setting(env, value);
		}
		return null;
	}

	/**
	 * One setting and where it was found.
	 *
	 * @param name the system property or environment variable name
	 * @param value its value
	 */
	public record Setting(String name, String value) {

	}

}
