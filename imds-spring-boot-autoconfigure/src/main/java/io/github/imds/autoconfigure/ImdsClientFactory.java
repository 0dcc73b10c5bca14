package io.github.imds.autoconfigure;

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
		return bind(Binder.get(environment));
	}

	static ImdsProperties bind(Binder binder) {
		return binder
			.bind(ImdsProperties.PREFIX, Bindable.ofInstance(new ImdsProperties()))
			.orElseGet(ImdsProperties::new);
	}

	static ImdsClient create(ImdsProperties properties) {
		ImdsClient.Builder builder = ImdsClient.builder();
		builder.platformRoot(properties.getPlatformRoot())
			.enabled(properties.isEnabled())
			.endpoint(properties.getEndpoint())
			.endpointMode(properties.getEndpointMode())
			.platformDetection(properties.getPlatformDetection())
			.tokenTtl(properties.getTokenTtl())
			.connectTimeout(properties.getConnectTimeout())
			.readTimeout(properties.getReadTimeout())
			.maxAttempts(properties.getMaxAttempts())
			.v1Fallback(properties.isV1Fallback());
		try {
			return builder.build();
		}
		catch (IllegalArgumentException ex) {
			// build() names the setting and its range; the failure analyzer turns it into a startup report
			throw new InvalidImdsPropertyException(ex);
		}
	}

}
