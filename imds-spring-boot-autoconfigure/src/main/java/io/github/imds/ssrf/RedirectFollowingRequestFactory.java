package io.github.imds.ssrf;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.StreamingHttpOutputMessage;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Follows redirects as the JDK {@code HttpClient}'s {@code Redirect.NORMAL} policy does, but one request per
 * hop through a factory that does not follow them itself. The JDK reuses the first hop's proxy decision for
 * a redirect, so the {@code ProxySelector} through which Spring Boot applies an {@code InetAddressFilter} is
 * never asked about the redirect target; as its own request, each hop is checked, and refused with the same
 * exception as a direct request.
 * <p>
 * The body goes to the first hop's request as it is written (a streaming body stays streaming), never
 * collected here first. A redirect that sends it again gets a repeatable body written again, else the copy
 * kept by a {@link ReplayBuffer} up to {@link ReplayBuffer#MAX_REPLAY_BYTES}; beyond that it is refused.
 */
final class RedirectFollowingRequestFactory implements ClientHttpRequestFactory {

	private final ClientHttpRequestFactory delegate;

	private final int replayCap;

	RedirectFollowingRequestFactory(ClientHttpRequestFactory delegate) {
		this(delegate, ReplayBuffer.MAX_REPLAY_BYTES);
	}

	RedirectFollowingRequestFactory(ClientHttpRequestFactory delegate, int replayCap) {
		this.delegate = delegate;
		this.replayCap = replayCap;
	}

	@Override
	public ClientHttpRequest createRequest(URI uri, HttpMethod httpMethod) {
		return new RedirectFollowingRequest(uri, httpMethod);
	}

	ClientHttpRequestFactory delegate() {
		return this.delegate;
	}

	private final class RedirectFollowingRequest implements ClientHttpRequest, StreamingHttpOutputMessage {

		private final URI uri;

		private final HttpMethod method;

		private final HttpHeaders headers = new HttpHeaders();

		private final Map<String, Object> attributes = new LinkedHashMap<>();

		private final ReplayBuffer replay = new ReplayBuffer(RedirectFollowingRequestFactory.this.replayCap);

		private @Nullable ClientHttpRequest first;

		private @Nullable OutputStream body;

		private @Nullable Body streamingBody;

		private boolean executed;

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
		public HttpHeaders getHeaders() {
			return this.headers;
		}

		@Override
		public Map<String, Object> getAttributes() {
			return this.attributes;
		}

		@Override
		public OutputStream getBody() throws IOException {
			assertNotExecuted();
			if (this.body == null) {
				this.body = this.replay.tee(firstHop().getBody());
			}
			return this.body;
		}

		@Override
		public void setBody(Body body) {
			assertNotExecuted();
			this.streamingBody = body;
		}

		private ClientHttpRequest firstHop() throws IOException {
			if (this.first == null) {
				this.first = prepare(this.uri, this.method, this.headers);
			}
			return this.first;
		}

		private void assertNotExecuted() {
			if (this.executed) {
				throw new IllegalStateException("The request is already executed");
			}
		}

		@Override
		public ClientHttpResponse execute() throws IOException {
			assertNotExecuted();
			this.executed = true;
			ClientHttpRequest request = firstHop();
			request.getHeaders().putAll(this.headers);
			request.getAttributes().putAll(this.attributes);
			boolean hasBody = this.body != null || this.streamingBody != null;
			if (this.streamingBody != null) {
				writeStreaming(request, this.streamingBody);
			}
			else if (this.body != null) {
				this.replay.complete();
			}
			URI uri = this.uri;
			HttpMethod method = this.method;
			HttpHeaders hopHeaders = new HttpHeaders();
			hopHeaders.putAll(this.headers);
			for (int redirects = 0;; redirects++) {
				ClientHttpResponse response = request.execute();
				@Nullable URI next = redirectTarget(uri, response);
				if (next == null) {
					return response;
				}
				int status = response.getStatusCode().value();
				response.close();
				if (redirects == RedirectPolicy.MAX_REDIRECTS) {
					throw new IOException("Too many redirects: more than %d, the last to the host '%s'"
						.formatted(RedirectPolicy.MAX_REDIRECTS, next.getHost()));
				}
				if (RedirectPolicy.becomesGet(status, method)) {
					method = HttpMethod.GET;
					hasBody = false;
					hopHeaders.remove(HttpHeaders.CONTENT_LENGTH);
					hopHeaders.remove(HttpHeaders.CONTENT_TYPE);
					hopHeaders.remove(HttpHeaders.TRANSFER_ENCODING);
				}
				uri = next;
				request = prepare(uri, method, hopHeaders);
				if (hasBody) {
					resend(request, status, next.getHost());
				}
			}
		}

		private void writeStreaming(ClientHttpRequest request, Body body) throws IOException {
			if (request instanceof StreamingHttpOutputMessage streaming) {
				streaming.setBody(body.repeatable() ? body : new Body() {

					@Override
					public void writeTo(OutputStream out) throws IOException {
						body.writeTo(RedirectFollowingRequest.this.replay.tee(out));
						RedirectFollowingRequest.this.replay.complete();
					}

				});
			}
			else {
				body.writeTo(this.replay.tee(request.getBody()));
				this.replay.complete();
			}
		}

		private void resend(ClientHttpRequest request, int status, @Nullable String host) throws IOException {
			Body body = this.streamingBody;
			if (body != null && body.repeatable()) {
				if (request instanceof StreamingHttpOutputMessage streaming) {
					streaming.setBody(body);
				}
				else {
					body.writeTo(request.getBody());
				}
				return;
			}
			byte[] copy = this.replay.replay(status, String.valueOf(host));
			if (copy.length > 0) {
				request.getBody().write(copy);
			}
		}

		private ClientHttpRequest prepare(URI uri, HttpMethod method, HttpHeaders headers) throws IOException {
			ClientHttpRequest request = RedirectFollowingRequestFactory.this.delegate.createRequest(uri, method);
			request.getHeaders().putAll(headers);
			request.getAttributes().putAll(this.attributes);
			return request;
		}

	}

	static @Nullable URI redirectTarget(URI from, ClientHttpResponse response) throws IOException {
		return RedirectPolicy.target(from, response.getStatusCode().value(),
				response.getHeaders().getFirst(HttpHeaders.LOCATION));
	}

}
