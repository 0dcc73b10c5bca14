package io.github.imds.autoconfigure;

import java.nio.file.Path;

import io.github.imds.client.ImdsClient;

/**
 * Builds the {@link ImdsClient} from {@link ImdsProperties}, the same way for the environment post-processor
 * and for the auto-configuration.
 */
final class ImdsClientFactory {

	private static final Path ROOT = Path.of("/");

	private ImdsClientFactory() {
	}

	static ImdsClient create(ImdsProperties properties) {
		ImdsClient.Builder builder = ImdsClient.builder();
		if (!ROOT.equals(properties.getPlatformRoot())) {
			builder.platformRoot(properties.getPlatformRoot());
		}
		builder.enabled(properties.isEnabled())
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
