package io.github.imds.ssrf;

import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.HttpRedirects;
import org.springframework.boot.http.client.reactive.ClientHttpConnectorBuilder;
import org.springframework.http.client.reactive.ClientHttpConnector;

/**
 * Decorates the JDK {@link ClientHttpConnectorBuilder} bean: when the guard is in the settings and redirects
 * are followed, the client does not follow them itself and each hop is an exchange of its own.
 *
 * @param delegate the JDK connector builder
 */
record GuardedConnectorBuilders(ClientHttpConnectorBuilder<?> delegate)
		implements ClientHttpConnectorBuilder<ClientHttpConnector> {

	static final String JDK = "org.springframework.boot.http.client.reactive.JdkClientHttpConnectorBuilder";

	/**
	 * Decorates a connector builder where the filter alone does not check redirects.
	 * @param builder the builder bean
	 * @return the builder to use
	 */
	static ClientHttpConnectorBuilder<?> decorate(ClientHttpConnectorBuilder<?> builder) {
		return JDK.equals(builder.getClass().getName()) ? new GuardedConnectorBuilders(builder) : builder;
	}

	@Override
	public ClientHttpConnector build(HttpClientSettings settings) {
		HttpClientSettings effective = (settings != null) ? settings : HttpClientSettings.defaults();
		if (!(effective.inetAddressFilter() instanceof GuardedInetAddressFilter)
				|| effective.redirects() == HttpRedirects.DONT_FOLLOW) {
			return this.delegate.build(effective);
		}
		return new RedirectFollowingConnector(this.delegate.build(effective.withRedirects(HttpRedirects.DONT_FOLLOW)));
	}

}
