package io.github.imds.client;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jspecify.annotations.Nullable;

/**
 * The {@link ImdsClient} implementation: one {@link HttpTransport}, one {@link TokenManager}, the retry rule
 * and the request events.
 */
final class DefaultImdsClient implements ImdsClient {

	static final String TOKEN_PATH = "/latest/api/token";

	static final String TOKEN_HEADER = "X-aws-ec2-metadata-token";

	static final String TTL_HEADER = "X-aws-ec2-metadata-token-ttl-seconds";

	private final ResolvedEndpoint endpoint;

	private final ImdsAvailability availability;

	private final ImdsClientSettings settings;

	private final Clock clock;

	// Created on the first request: a client built only to ask its availability (conditions) starts no threads.
	private volatile @Nullable HttpTransport transport;

	private final TokenManager tokens;

	private final List<ImdsRequestListener> listeners;

	private final ImdsHints hints;

	private volatile boolean closed;

	DefaultImdsClient(ResolvedEndpoint endpoint, ImdsAvailability availability, ImdsClientSettings settings, Clock clock,
			List<ImdsRequestListener> listeners, ImdsSettingNames names) {
		this.endpoint = endpoint;
		this.availability = availability;
		this.settings = settings;
		this.clock = clock;
		this.listeners = new CopyOnWriteArrayList<>(listeners);
		this.hints = new ImdsHints(names);
		this.tokens = new TokenManager(endpoint, settings.tokenTtl(), this.clock, settings.v1Fallback(),
				settings.maxAttempts(), this.hints);
	}

	@Override
	public Optional<ImdsResponse> get(String path) {
		validatePath(path);
		if (this.closed) {
			throw new IllegalStateException("ImdsClient is closed");
		}
		if (!this.availability.isAvailable()) {
			// Off EC2 or disabled, not even the HTTP client (and its selector thread) is created.
			throw new ImdsUnavailableException(path, this.availability);
		}
		try {
			return doGet(transport(), path);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new ImdsConnectionException("Interrupted while requesting %s from %s".formatted(path,
					this.endpoint.uri()), path, RequestOutcome.IO_ERROR, 0, null, ex);
		}
	}

	private HttpTransport transport() {
		HttpTransport current = this.transport;
		if (current == null) {
			synchronized (this) {
				current = this.transport;
				if (current == null) {
					current = new HttpTransport(this.endpoint.uri(), this.settings.connectTimeout(),
							this.settings.readTimeout());
					this.transport = current;
				}
			}
		}
		return current;
	}

	private Optional<ImdsResponse> doGet(HttpTransport transport, String path) throws InterruptedException {
		RequestKind kind = RequestKind.of(path);
		boolean renewedAfter401 = false;
		int maxAttempts = this.settings.maxAttempts();
		for (int attempt = 1;; attempt++) {
			String token = this.tokens.token((putAttempt) -> send(transport, RequestKind.TOKEN, "PUT", TOKEN_PATH,
					Map.of(TTL_HEADER, Long.toString(this.settings.tokenTtl().toSeconds())), putAttempt));
			Map<String, String> headers = (token != null) ? Map.of(TOKEN_HEADER, token) : Map.of();
			Exchange exchange = send(transport, kind, "GET", path, headers, attempt);
			boolean lastAttempt = attempt >= maxAttempts;
			if (exchange instanceof Exchange.Response response) {
				int status = response.status();
				if (status >= 200 && status < 300) {
					return Optional.of(new ImdsResponse(path, status, response.body()));
				}
				if (status == 404) {
					return Optional.empty();
				}
				if (status == 401 && !renewedAfter401) {
					// The token expired early or IMDS restarted: one fresh token, one repeat, not counted as a retry.
					renewedAfter401 = true;
					this.tokens.invalidate(token);
					attempt--;
					continue;
				}
				boolean retryable = status == 429 || status >= 500;
				if (!retryable || lastAttempt) {
					String attempts = retryable ? " on %d attempts".formatted(attempt) : "";
					String hint = (status == 401) ? ImdsHints.UNAUTHORIZED : this.hints.forStatus(status);
					throw new ImdsHttpException("IMDS GET %s at %s answered HTTP %d%s".formatted(path,
							this.endpoint.uri(), status, attempts), path, status, hint);
				}
			}
			else {
				Exchange.Failure failure = (Exchange.Failure) exchange;
				if (!failure.isRetryable()) {
					throw new ImdsResponseException("IMDS GET %s at %s: %s".formatted(path, this.endpoint.uri(),
							failure.error()), path, 200, null);
				}
				if (lastAttempt) {
					throw new ImdsConnectionException("IMDS GET %s at %s failed on %d attempts: %s".formatted(path,
							this.endpoint.uri(), attempt, failure.error()), path, failure.outcome(), attempt,
							this.hints.forConnection(failure.outcome(), this.endpoint), failure.cause());
				}
			}
			Thread.sleep(Backoff.delayAfter(attempt).toMillis());
		}
	}

	private Exchange send(HttpTransport transport, RequestKind kind, String method, String path,
			Map<String, String> headers, int attempt) throws InterruptedException {
		long start = System.nanoTime();
		Exchange exchange = transport.exchange(method, path, headers);
		Duration duration = Duration.ofNanos(System.nanoTime() - start);
		int status = 0;
		String error = null;
		if (exchange instanceof Exchange.Response response) {
			status = response.status();
			error = exchange.outcome().isAnswer() ? null : "HTTP " + status;
		}
		else if (exchange instanceof Exchange.Failure failure) {
			error = failure.error();
		}
		publish(new ImdsRequestEvent(kind, method, path, status, exchange.outcome(), duration, this.clock.instant(),
				attempt, error));
		return exchange;
	}

	private void publish(ImdsRequestEvent event) {
		for (ImdsRequestListener listener : this.listeners) {
			try {
				listener.onRequest(event);
			}
			catch (RuntimeException ex) {
				// a broken listener must not break IMDS access
			}
		}
	}

	private static void validatePath(String path) {
		Objects.requireNonNull(path, "'path' must not be null");
		// ".." is refused as a segment only: tag keys such as "v1..2" are legal.
		if (!path.startsWith("/latest/") || path.contains("?") || path.contains("#") || path.contains("//")
				|| Arrays.asList(path.split("/")).contains("..")) {
			throw new IllegalArgumentException(
					"Invalid IMDS path '%s': expected an absolute path under /latest/".formatted(path));
		}
	}

	@Override
	public ImdsAvailability availability() {
		return this.availability;
	}

	@Override
	public ResolvedEndpoint endpoint() {
		return this.endpoint;
	}

	@Override
	public TokenStatus tokenStatus() {
		return this.tokens.state();
	}

	@Override
	public void addListener(ImdsRequestListener listener) {
		this.listeners.add(Objects.requireNonNull(listener, "'listener' must not be null"));
	}

	@Override
	public void removeListener(ImdsRequestListener listener) {
		this.listeners.remove(listener);
	}

	@Override
	public ImdsClientSettings settings() {
		return this.settings;
	}

	@Override
	public void close() {
		this.closed = true;
		HttpTransport current = this.transport;
		if (current != null) {
			current.close();
		}
	}

	@Override
	public String toString() {
		return "ImdsClient[endpoint=%s, availability=%s]".formatted(this.endpoint, this.availability.state());
	}

}
