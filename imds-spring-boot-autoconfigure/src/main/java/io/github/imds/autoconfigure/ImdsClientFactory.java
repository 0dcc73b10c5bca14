package io.github.imds.autoconfigure;

import java.time.Duration;

import io.github.imds.client.AwsSdkSettings;
import io.github.imds.client.ImdsClient;
import io.github.imds.client.ImdsSettingNames.Setting;

import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * Builds the {@link ImdsClient} from {@link ImdsProperties}, the same way for the environment post-processor
 * and for the auto-configuration.
 */
final class ImdsClientFactory {

	private ImdsClientFactory() {
	}

	/**
	 * Binds {@code imds.*} from the environment, for the code that runs before {@link ImdsProperties} is a bean.
	 */
	static ImdsProperties bind(Environment environment) {
		return bind(Binder.get(environment));
	}

	static ImdsProperties bind(Binder binder) {
		try {
			return binder.bind(ImdsProperties.PREFIX, Bindable.ofInstance(new ImdsProperties()))
				.orElseGet(ImdsProperties::new);
		}
		catch (BindException ex) {
			// a setter rejected the value: its message names the property and the accepted range
			for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
				if (cause instanceof InvalidImdsPropertyException invalid) {
					throw invalid;
				}
			}
			throw ex;
		}
	}

	/**
	 * Builds the client. The AWS SDK's timeout and attempts settings apply where {@code imds.*} does not
	 * set them (see {@link AwsSdkSettings#timeout()}, {@link AwsSdkSettings#numAttempts()}); the profile
	 * file's IMDS settings are read when the SDK's {@code profiles} module is present.
	 */
	static ImdsClient create(ImdsProperties properties, Environment environment) {
		return create(properties, Binder.get(environment));
	}

	/**
	 * Builds the client, telling set {@code imds.*} settings from defaults with {@code binder}.
	 */
	static ImdsClient create(ImdsProperties properties, Binder binder) {
		ImdsClient.Builder builder = ImdsClient.builder().settingNames(ImdsPropertyNames.INSTANCE);
		try {
			AwsSdkSettings sdk = AwsSdkSettings.fromSystem().withProfile(AwsSdkSupport::profileProperty);
			Duration sdkTimeout = sdk.timeout();
			Integer sdkAttempts = sdk.numAttempts();
			boolean sdkTimeoutApplies = sdkTimeout != null;
			PropertyMapper map = PropertyMapper.get();
			builder.sdkSettings(sdk);
			map.from(properties::getPlatformRoot).to(builder::platformRoot);
			map.from(properties::isEnabled).to(builder::enabled);
			map.from(properties::getEndpoint).to(builder::endpoint);
			map.from(properties::getEndpointMode).to(builder::endpointMode);
			map.from(properties::getPlatformDetection).to(builder::platformDetection);
			map.from(properties::getTokenTtl).to(builder::tokenTtl);
			map.from((sdkTimeoutApplies && !isSet(binder, "connect-timeout")) ? sdkTimeout
					: properties.getConnectTimeout())
				.to(builder::connectTimeout);
			map.from((sdkTimeoutApplies && !isSet(binder, "read-timeout")) ? sdkTimeout : properties.getReadTimeout())
				.to(builder::readTimeout);
			map.from((sdkAttempts != null && !isSet(binder, "max-attempts")) ? sdkAttempts
					: properties.getMaxAttempts())
				.to(builder::maxAttempts);
			map.from(properties::isV1Fallback).to(builder::v1Fallback);
			return builder.build();
		}
		catch (IllegalArgumentException ex) {
			// build() names its option and the range (a value from the AWS SDK's settings, as imds.* values are
			// checked when bound); the failure analyzer turns it into a startup report naming the property
			throw new InvalidImdsPropertyException(toPropertyNames(String.valueOf(ex.getMessage())), ex);
		}
	}

	/**
	 * The message of the Spring-free client's builder, with its option names replaced by the {@code imds.*}
	 * properties they come from.
	 */
	static String toPropertyNames(String message) {
		String result = message;
		for (Setting setting : Setting.values()) {
			result = result.replace("'" + setting.builderOption() + "'",
					ImdsPropertyNames.INSTANCE.name(setting) + " (or the AWS SDK setting it falls back to)");
		}
		return result;
	}

	private static boolean isSet(Binder binder, String name) {
		return binder.bind(ImdsProperties.PREFIX + "." + name, Bindable.of(String.class)).isBound();
	}

}
