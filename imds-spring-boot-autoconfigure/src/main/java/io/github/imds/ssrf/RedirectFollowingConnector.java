package io.github.imds.ssrf;

import java.io.IOException;
import java.net.URI;
import java.util.function.Function;

import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.http.client.reactive.ClientHttpRequest;
import org.springframework.http.client.reactive.ClientHttpRequestDecorator;
import org.springframework.http.client.reactive.ClientHttpResponse;

/**
 * The reactive counterpart of {@link RedirectFollowingRequestFactory}: follows the redirects of a JDK
 * {@code HttpClient} connector that does not follow them itself, one exchange per hop, so that Spring Boot's
 * {@code ProxySelector} checks each hop.
 */
final class RedirectFollowingConnector implements ClientHttpConnector {

	private final ClientHttpConnector delegate;

	RedirectFollowingConnector(ClientHttpConnector delegate) {
		this.delegate = delegate;
	}

	@Override
	public Mono<ClientHttpResponse> connect(HttpMethod method, URI uri,
			Function<? super ClientHttpRequest, Mono<Void>> requestCallback) {
		return hop(method, uri, requestCallback, 0);
	}

	private Mono<ClientHttpResponse> hop(HttpMethod method, URI uri,
			Function<? super ClientHttpRequest, Mono<Void>> requestCallback, int redirects) {
		return Mono.defer(() -> this.delegate.connect(method, uri, requestCallback)).flatMap((response) -> {
			URI next = RedirectPolicy.target(uri, response.getStatusCode().value(),
					response.getHeaders().getFirst(HttpHeaders.LOCATION));
			if (next == null) {
				return Mono.just(response);
			}
			Mono<Void> released = response.getBody().map(DataBufferUtils::release).then();
			if (redirects == RedirectPolicy.MAX_REDIRECTS) {
				return released.then(Mono.error(new IOException("Too many redirects: more than %d, the last to the host '%s'"
					.formatted(RedirectPolicy.MAX_REDIRECTS, next.getHost()))));
			}
			boolean toGet = RedirectPolicy.becomesGet(response.getStatusCode().value(), method);
			return released.then(hop(toGet ? HttpMethod.GET : method, next,
					toGet ? withoutBody(requestCallback) : requestCallback, redirects + 1));
		});
	}

	private static Function<ClientHttpRequest, Mono<Void>> withoutBody(
			Function<? super ClientHttpRequest, Mono<Void>> requestCallback) {
		return (request) -> requestCallback.apply(new ClientHttpRequestDecorator(request) {

			@Override
			public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
				return Flux.from(body).map(DataBufferUtils::release).then(Mono.defer(this::completeWithoutBody));
			}

			@Override
			public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
				return Flux.from(body).flatMap(Flux::from).map(DataBufferUtils::release).then(Mono.defer(this::completeWithoutBody));
			}

			private Mono<Void> completeWithoutBody() {
				getHeaders().remove(HttpHeaders.CONTENT_LENGTH);
				getHeaders().remove(HttpHeaders.CONTENT_TYPE);
				return setComplete();
			}

		});
	}

}
