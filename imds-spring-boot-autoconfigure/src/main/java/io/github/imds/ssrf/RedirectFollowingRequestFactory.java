package io.github.imds.ssrf;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.AbstractClientHttpRequest;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Follows redirects as the JDK {@code HttpClient}'s {@code Redirect.NORMAL} policy does, but one request per
 * hop through a factory that does not follow them itself. The JDK reuses the first hop's proxy decision for
 * a redirect, so the {@code ProxySelector} through which Spring Boot applies an {@code InetAddressFilter} is
 * never asked about the redirect target; as its own request, each hop is checked, and refused with the same
 * exception as a direct request.
 */
final class RedirectFollowingRequestFactory implements ClientHttpRequestFactory {

	/**
	 * As the JDK's {@code jdk.httpclient.redirects.retrylimit} default.
	 */
	private final ClientHttpRequestFactory delegate;

	RedirectFollowingRequestFactory(ClientHttpRequestFactory delegate) {
		this.delegate = delegate;
	}

	@Override
	public ClientHttpRequest createRequest(URI uri, HttpMethod httpMethod) {
		return new RedirectFollowingRequest(uri, httpMethod);
	}

	ClientHttpRequestFactory delegate() {
		return this.delegate;
	}

	private final class RedirectFollowingRequest extends AbstractClientHttpRequest {

		private final URI uri;

		private final HttpMethod method;

		private final ByteArrayOutputStream body = new ByteArrayOutputStream();

		RedirectFollowingRequest(URI uri, HttpMethod method) {
			this.uri = uri;
			this.method = method;
		}

		@Override
		public HttpMethod getMethod() {
			return this.method;
		}

		@Override
		public URI getURI() {
			return this.uri;
		}

		@Override
		protected OutputStream getBodyInternal(HttpHeaders headers) {
			return this.body;
		}

		@Override
		protected ClientHttpResponse executeInternal(HttpHeaders headers) throws IOException {
			URI uri = this.uri;
			HttpMethod method = this.method;
			byte[] body = this.body.toByteArray();
			HttpHeaders hopHeaders = new HttpHeaders();
			hopHeaders.putAll(headers);
			for (int redirects = 0;; redirects++) {
				ClientHttpResponse response = send(uri, method, hopHeaders, body);
				@Nullable URI next = redirectTarget(uri, response);
				if (next == null) {
					return response;
				}
				response.close();
				if (redirects == RedirectPolicy.MAX_REDIRECTS) {
					throw new IOException("Too many redirects: more than %d, the last to the host '%s'"
						.formatted(RedirectPolicy.MAX_REDIRECTS, next.getHost()));
				}
				if (RedirectPolicy.becomesGet(response.getStatusCode().value(), method)) {
					method = HttpMethod.GET;
					body = new byte[0];
					hopHeaders.remove(HttpHeaders.CONTENT_LENGTH);
					hopHeaders.remove(HttpHeaders.CONTENT_TYPE);
					hopHeaders.remove(HttpHeaders.TRANSFER_ENCODING);
				}
				uri = next;
			}
		}

		private ClientHttpResponse send(URI uri, HttpMethod method, HttpHeaders headers, byte[] body)
				throws IOException {
			ClientHttpRequest request = RedirectFollowingRequestFactory.this.delegate.createRequest(uri, method);
			request.getHeaders().putAll(headers);
			request.getAttributes().putAll(getAttributes());
			if (body.length > 0) {
				request.getBody().write(body);
			}
			return request.execute();
		}

	}

	static @Nullable URI redirectTarget(URI from, ClientHttpResponse response) throws IOException {
		return RedirectPolicy.target(from, response.getStatusCode().value(),
				response.getHeaders().getFirst(HttpHeaders.LOCATION));
	}

}
