package io.github.imds.autoconfigure;

import java.time.Duration;

import io.github.imds.client.AwsSdkSettings;
import io.github.imds.client.ImdsClient;

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
		return Binder.get(environment)
			.bind(ImdsProperties.PREFIX, Bindable.ofInstance(new ImdsProperties()))
			.orElseGet(ImdsProperties::new);
	}

	/**
	 * Builds the client. The AWS SDK's timeout and attempts settings apply where {@code imds.*} does not
	 * set them (see {@link AwsSdkSettings#timeout()}, {@link AwsSdkSettings#numAttempts()}); the profile
	 * file's IMDS settings are read when the SDK's {@code profiles} module is present.
	 */
	static ImdsClient create(ImdsProperties properties, Environment environment) {
		ImdsClient.Builder builder = ImdsClient.builder();
		try {
			AwsSdkSettings sdk = AwsSdkSettings.fromSystem().withProfile(AwsSdkSupport::profileProperty);
			Binder binder = Binder.get(environment);
			Duration sdkTimeout = sdk.timeout();
			Integer sdkAttempts = sdk.numAttempts();
			boolean sdkTimeoutApplies = sdkTimeout != null;
			builder.sdkSettings(sdk)
				.platformRoot(properties.getPlatformRoot())
				.enabled(properties.isEnabled())
				.endpoint(properties.getEndpoint())
				.endpointMode(properties.getEndpointMode())
				.platformDetection(properties.getPlatformDetection())
				.tokenTtl(properties.getTokenTtl())
				.connectTimeout((sdkTimeoutApplies && !isSet(binder, "connect-timeout")) ? sdkTimeout
						: properties.getConnectTimeout())
				.readTimeout((sdkTimeoutApplies && !isSet(binder, "read-timeout")) ? sdkTimeout
						: properties.getReadTimeout())
				.maxAttempts((sdkAttempts != null && !isSet(binder, "max-attempts")) ? sdkAttempts
						: properties.getMaxAttempts())
				.v1Fallback(properties.isV1Fallback());
			return builder.build();
		}
		catch (IllegalArgumentException ex) {
			// build() names the setting and its range; the failure analyzer turns it into a startup report
			throw new InvalidImdsPropertyException(ex);
		}
	}

	private static boolean isSet(Binder binder, String name) {
		return binder.bind(ImdsProperties.PREFIX + "." + name, Bindable.of(String.class)).isBound();
	}

}
