package io.github.imds.client;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends one request over {@code java.net.http}: HTTP/1.1, no proxy, no redirects, a capped body, and a
 * deadline on the whole exchange (a trickling body cannot hold the caller longer than connect + read
 * timeout).
 */
final class HttpTransport {

	private static final String USER_AGENT = "imds-spring-boot/0.1.0";

	private final URI endpoint;

	private final Duration readTimeout;

	private final Duration deadline;

	private final HttpClient httpClient;

	HttpTransport(URI endpoint, Duration connectTimeout, Duration readTimeout) {
		this.endpoint = endpoint;
		this.readTimeout = readTimeout;
		this.deadline = connectTimeout.plus(readTimeout);
		this.httpClient = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.followRedirects(HttpClient.Redirect.NEVER)
			.proxy(HttpClient.Builder.NO_PROXY)
			.connectTimeout(connectTimeout)
			.build();
	}

	Exchange exchange(String method, String path, Map<String, String> headers) throws InterruptedException {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(this.endpoint + path))
			.timeout(this.readTimeout)
			.header("User-Agent", USER_AGENT)
			.method(method, HttpRequest.BodyPublishers.noBody());
		headers.forEach(builder::header);
		CompletableFuture<HttpResponse<byte[]>> future = this.httpClient.sendAsync(builder.build(),
				(info) -> new CappedBodySubscriber(ImdsClient.MAX_BODY_BYTES));
		try {
			HttpResponse<byte[]> response = future.get(this.deadline.toMillis(), TimeUnit.MILLISECONDS);
			String ttl = response.headers().firstValue(DefaultImdsClient.TTL_HEADER).orElse(null);
			return new Exchange.Response(response.statusCode(), ttl, response.body());
		}
		catch (TimeoutException ex) {
			future.cancel(true);
			return new Exchange.Failure(RequestOutcome.READ_TIMEOUT,
					"no complete response within " + this.deadline.toMillis() + " ms", null);
		}
		catch (InterruptedException ex) {
			future.cancel(true);
			throw ex;
		}
		catch (ExecutionException ex) {
			return classify(ex.getCause());
		}
	}

	private Exchange.Failure classify(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof CappedBodySubscriber.BodyTooLargeException) {
				return new Exchange.Failure(RequestOutcome.INVALID_RESPONSE,
						"body larger than " + ImdsClient.MAX_BODY_BYTES + " bytes", null);
			}
			if (cause instanceof HttpConnectTimeoutException) {
				return new Exchange.Failure(RequestOutcome.CONNECT_TIMEOUT, "connect timed out", cause);
			}
			if (cause instanceof HttpTimeoutException) {
				return new Exchange.Failure(RequestOutcome.READ_TIMEOUT,
						"no response within " + this.readTimeout.toMillis() + " ms", cause);
			}
			if (cause instanceof ConnectException) {
				return new Exchange.Failure(RequestOutcome.CONNECTION_REFUSED, "connection refused", cause);
			}
		}
		String error = failure.getClass().getSimpleName()
				+ ((failure.getMessage() != null) ? ": " + failure.getMessage() : "");
		RequestOutcome outcome = (failure instanceof InterruptedIOException) ? RequestOutcome.READ_TIMEOUT
				: RequestOutcome.IO_ERROR;
		return new Exchange.Failure(outcome, error, (failure instanceof IOException) ? failure : null);
	}

	void close() {
		// HttpClient is AutoCloseable from JDK 21 on; on 17 its threads end when it is unreachable.
		if (this.httpClient instanceof AutoCloseable closeable) {
			try {
				closeable.close();
			}
			catch (Exception ex) {
				// nothing to do: the client is being discarded
			}
		}
	}

}
