package io.github.imds.client;

import java.net.URI;

/**
 * The endpoint an {@link ImdsClient} talks to.
 *
 * @param uri the endpoint, {@code http://host[:port]} without a trailing slash
 * @param source which setting chose it, named by the client's {@link ImdsSettingNames} (for example
 * {@code endpoint(String)}), an AWS SDK setting, or {@code endpoint mode IPV4 (default)}
 * @param isDefault whether it is the address of an endpoint mode rather than a configured endpoint
 * @since 0.1.0
 */
public record ResolvedEndpoint(URI uri, String source, boolean isDefault) {

	@Override
	public String toString() {
		return this.uri + " (" + this.source + ")";
	}

}
