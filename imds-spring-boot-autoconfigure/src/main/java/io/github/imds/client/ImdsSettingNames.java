package io.github.imds.client;

/**
 * How an {@link ImdsClient} names its settings in failure hints, availability reasons and endpoint sources, so
 * that the user reads the name of the setting to change. The default, {@link #builderOptions()}, names the
 * {@link ImdsClient.Builder builder}'s options ({@code v1Fallback(true)}); code that builds the client from its
 * own configuration passes the names of that configuration with
 * {@link ImdsClient.Builder#settingNames(ImdsSettingNames)} (the Spring Boot auto-configuration passes its
 * property names, such as {@code imds.v1-fallback=true}).
 *
 * @since 0.1.0
 */
public interface ImdsSettingNames {

	/**
	 * The name of a setting, such as {@code endpoint(String)} or {@code imds.endpoint}.
	 * @param setting the setting
	 * @return its name
	 */
	String name(Setting setting);

	/**
	 * A setting with a value, as a hint tells the user to set it, such as {@code v1Fallback(true)} or
	 * {@code imds.v1-fallback=true}.
	 * @param setting the setting
	 * @param value the value: a {@link Boolean} or a constant of the setting's enum
	 * @return the setting with its value
	 */
	String assignment(Setting setting, Object value);

	/**
	 * The names of the {@link ImdsClient.Builder builder}'s options: {@code endpoint(String)},
	 * {@code v1Fallback(true)}, {@code platformDetection(PlatformDetectionMode.OFF)}.
	 * @return the builder's names
	 */
	static ImdsSettingNames builderOptions() {
		return BuilderOptionNames.INSTANCE;
	}

	/**
	 * A setting of the client that its messages may name.
	 */
	enum Setting {

		/** {@link ImdsClient.Builder#enabled(boolean)}. */
		ENABLED("enabled", "boolean"),

		/** {@link ImdsClient.Builder#endpoint(String)}. */
		ENDPOINT("endpoint", "String"),

		/** {@link ImdsClient.Builder#endpointMode(EndpointMode)}. */
		ENDPOINT_MODE("endpointMode", "EndpointMode"),

		/** {@link ImdsClient.Builder#platformDetection(PlatformDetectionMode)}. */
		PLATFORM_DETECTION("platformDetection", "PlatformDetectionMode"),

		/** {@link ImdsClient.Builder#tokenTtl(java.time.Duration)}. */
		TOKEN_TTL("tokenTtl", "Duration"),

		/** {@link ImdsClient.Builder#connectTimeout(java.time.Duration)}. */
		CONNECT_TIMEOUT("connectTimeout", "Duration"),

		/** {@link ImdsClient.Builder#readTimeout(java.time.Duration)}. */
		READ_TIMEOUT("readTimeout", "Duration"),

		/** {@link ImdsClient.Builder#maxAttempts(int)}. */
		MAX_ATTEMPTS("maxAttempts", "int"),

		/** {@link ImdsClient.Builder#v1Fallback(boolean)}. */
		V1_FALLBACK("v1Fallback", "boolean");

		private final String option;

		private final String type;

		Setting(String option, String type) {
			this.option = option;
			this.type = type;
		}

		/**
		 * The name of the builder method that sets it, such as {@code v1Fallback}.
		 * @return the builder option
		 */
		public String builderOption() {
			return this.option;
		}

		String parameterType() {
			return this.type;
		}

	}

}
