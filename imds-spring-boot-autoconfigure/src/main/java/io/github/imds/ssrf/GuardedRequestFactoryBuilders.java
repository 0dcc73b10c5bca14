package io.github.imds.ssrf;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.HttpRedirects;
import org.springframework.http.client.ClientHttpRequestFactory;

/**
 * Decorators of the {@link ClientHttpRequestFactoryBuilder} bean for the factories where Spring Boot's filter
 * alone is not enough.
 */
final class GuardedRequestFactoryBuilders {

	private GuardedRequestFactoryBuilders() {
	}

	/**
	 * For the JDK {@code HttpClient}: when the guard is in the settings and redirects are followed, the
	 * client does not follow them itself and each hop is a request of its own.
	 * @param delegate the JDK builder
	 * @return the decorated builder
	 */
	static ClientHttpRequestFactoryBuilder<ClientHttpRequestFactory> followingRedirectsPerHop(
			ClientHttpRequestFactoryBuilder<?> delegate) {
		return new PerHop(delegate);
	}

	/**
	 * For a factory that refuses an {@code InetAddressFilter} (the simple {@code HttpURLConnection} one): builds
	 * without the guard, leaving the application's own filter (so that Spring Boot still refuses that one).
	 * @param delegate the builder
	 * @return the decorated builder
	 */
	static ClientHttpRequestFactoryBuilder<ClientHttpRequestFactory> withoutGuard(
			ClientHttpRequestFactoryBuilder<?> delegate) {
		return new WithoutGuard(delegate);
	}

	private record PerHop(ClientHttpRequestFactoryBuilder<?> delegate)
			implements ClientHttpRequestFactoryBuilder<ClientHttpRequestFactory> {

		@Override
		public ClientHttpRequestFactory build(HttpClientSettings settings) {
			HttpClientSettings effective = (settings != null) ? settings : HttpClientSettings.defaults();
			if (!(effective.inetAddressFilter() instanceof GuardedInetAddressFilter)
					|| effective.redirects() == HttpRedirects.DONT_FOLLOW) {
				return this.delegate.build(effective);
			}
			return new RedirectFollowingRequestFactory(
					this.delegate.build(effective.withRedirects(HttpRedirects.DONT_FOLLOW)));
		}

	}

	private record WithoutGuard(ClientHttpRequestFactoryBuilder<?> delegate)
			implements ClientHttpRequestFactoryBuilder<ClientHttpRequestFactory> {

		@Override
		public ClientHttpRequestFactory build(HttpClientSettings settings) {
			HttpClientSettings effective = (settings != null) ? settings : HttpClientSettings.defaults();
			return this.delegate.build(
					effective.withInetAddressFilter(GuardedInetAddressFilter.without(effective.inetAddressFilter())));
		}

	}

}
