package io.github.imds.client;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
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

	private static final Duration MAX_TOKEN_TTL = Duration.ofHours(6);

	private static final Path ROOT = Path.of("/");

	private final ResolvedEndpoint endpoint;

	private final ImdsAvailability availability;

	private final ImdsClientSettings settings;

	private final Clock clock;

	// Created on the first request: a client built only to ask its availability (conditions) starts no threads.
	private volatile @Nullable HttpTransport transport;

	private final TokenManager tokens;

	private final List<ImdsRequestListener> listeners;

	private volatile boolean closed;

	private DefaultImdsClient(DefaultBuilder builder, ResolvedEndpoint endpoint, ImdsAvailability availability,
			ImdsClientSettings settings) {
		this.endpoint = endpoint;
		this.availability = availability;
		this.settings = settings;
		this.clock = builder.clock;
		this.listeners = new CopyOnWriteArrayList<>(builder.listeners);
		this.tokens = new TokenManager(endpoint, settings.tokenTtl(), this.clock, settings.v1Fallback(),
				settings.maxAttempts());
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
					String hint = (status == 401) ? ImdsHints.UNAUTHORIZED : ImdsHints.forStatus(status);
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
							ImdsHints.forConnection(failure.outcome(), this.endpoint), failure.cause());
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
	public TokenState tokenState() {
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
		return "ImdsClient[endpoint=%s, availability=%s]".formatted(this.endpoint, this.availability.status());
	}

	static final class DefaultBuilder implements Builder {

		private @Nullable String endpoint;

		private @Nullable EndpointMode endpointMode;

		private boolean enabled = true;

		private PlatformDetectionMode platformDetection = PlatformDetectionMode.AUTO;

		private @Nullable Path platformRoot;

		private Duration tokenTtl = MAX_TOKEN_TTL;

		private Duration connectTimeout = Duration.ofMillis(250);

		private Duration readTimeout = Duration.ofSeconds(1);

		private int maxAttempts = 3;

		private boolean v1Fallback;

		private Clock clock = Clock.systemUTC();

		private AwsSdkSettings sdkSettings = AwsSdkSettings.fromSystem();

		private final List<ImdsRequestListener> listeners = new ArrayList<>();

		@Override
		public Builder endpoint(@Nullable String endpoint) {
			this.endpoint = endpoint;
			return this;
		}

		@Override
		public Builder endpointMode(@Nullable EndpointMode endpointMode) {
			this.endpointMode = endpointMode;
			return this;
		}

		@Override
		public Builder enabled(boolean enabled) {
			this.enabled = enabled;
			return this;
		}

		@Override
		public Builder platformDetection(PlatformDetectionMode mode) {
			this.platformDetection = Objects.requireNonNull(mode, "'mode' must not be null");
			return this;
		}

		@Override
		public Builder platformRoot(Path root) {
			this.platformRoot = Objects.requireNonNull(root, "'root' must not be null");
			return this;
		}

		@Override
		public Builder tokenTtl(Duration ttl) {
			this.tokenTtl = Objects.requireNonNull(ttl, "'ttl' must not be null");
			return this;
		}

		@Override
		public Builder connectTimeout(Duration timeout) {
			this.connectTimeout = Objects.requireNonNull(timeout, "'timeout' must not be null");
			return this;
		}

		@Override
		public Builder readTimeout(Duration timeout) {
			this.readTimeout = Objects.requireNonNull(timeout, "'timeout' must not be null");
			return this;
		}

		@Override
		public Builder maxAttempts(int maxAttempts) {
			this.maxAttempts = maxAttempts;
			return this;
		}

		@Override
		public Builder v1Fallback(boolean v1Fallback) {
			this.v1Fallback = v1Fallback;
			return this;
		}

		@Override
		public Builder clock(Clock clock) {
			this.clock = Objects.requireNonNull(clock, "'clock' must not be null");
			return this;
		}

		@Override
		public Builder sdkSettings(AwsSdkSettings settings) {
			this.sdkSettings = Objects.requireNonNull(settings, "'settings' must not be null");
			return this;
		}

		@Override
		public Builder listener(ImdsRequestListener listener) {
			this.listeners.add(Objects.requireNonNull(listener, "'listener' must not be null"));
			return this;
		}

		@Override
		public ImdsClient build() {
			if (this.tokenTtl.compareTo(Duration.ofSeconds(1)) < 0 || this.tokenTtl.compareTo(MAX_TOKEN_TTL) > 0) {
				throw new IllegalArgumentException(
						"imds.token-ttl must be between 1s and 6h (21600 seconds), was %s".formatted(this.tokenTtl));
			}
			requirePositive("imds.connect-timeout", this.connectTimeout);
			requirePositive("imds.read-timeout", this.readTimeout);
			if (this.maxAttempts < 1 || this.maxAttempts > 10) {
				throw new IllegalArgumentException(
						"imds.max-attempts must be between 1 and 10, was %d".formatted(this.maxAttempts));
			}
			boolean v1Allowed = this.v1Fallback && this.sdkSettings.v1DisabledBy() == null;
			ImdsClientSettings settings = new ImdsClientSettings(Duration.ofSeconds(this.tokenTtl.toSeconds()),
					this.connectTimeout, this.readTimeout, this.maxAttempts, v1Allowed, this.platformDetection);
			ResolvedEndpoint resolved = EndpointResolver.resolve(this.endpoint, this.endpointMode, this.sdkSettings);
			return new DefaultImdsClient(this, resolved, availability(resolved), settings);
		}

		private ImdsAvailability availability(ResolvedEndpoint resolved) {
			if (!this.enabled) {
				return disabled("IMDS is disabled by imds.enabled=false");
			}
			String sdkSwitch = this.sdkSettings.disabledBy();
			if (sdkSwitch != null) {
				return disabled("IMDS is disabled by " + sdkSwitch);
			}
			PlatformDetection detection = detect(resolved);
			if (detection.result() == PlatformDetection.Result.NOT_EC2) {
				return new ImdsAvailability(ImdsAvailability.Status.NOT_EC2, detection.reason(), detection);
			}
			return new ImdsAvailability(ImdsAvailability.Status.AVAILABLE,
					"IMDS at %s; %s".formatted(resolved, detection.reason()), detection);
		}

		private PlatformDetection detect(ResolvedEndpoint resolved) {
			if (this.platformDetection == PlatformDetectionMode.OFF) {
				return new PlatformDetection(PlatformDetection.Result.SKIPPED,
						"platform detection is off (imds.platform-detection=off)");
			}
			if (!resolved.isDefault()) {
				return new PlatformDetection(PlatformDetection.Result.SKIPPED,
						"platform detection skipped: the endpoint is set by " + resolved.source());
			}
			Path root = (this.platformRoot != null) ? this.platformRoot : ROOT;
			// the OS check applies to the real files only: a fake root stands for a Linux machine in tests
			return new Ec2PlatformDetector(root, root.equals(ROOT), System.getProperty("os.name", "unknown")).detect();
		}

		private static ImdsAvailability disabled(String reason) {
			return new ImdsAvailability(ImdsAvailability.Status.DISABLED, reason,
					new PlatformDetection(PlatformDetection.Result.SKIPPED, "platform detection skipped: " + reason));
		}

		private static void requirePositive(String name, Duration value) {
			if (value.isNegative() || value.isZero() || value.compareTo(Duration.ofMinutes(1)) > 0) {
				throw new IllegalArgumentException(
						"%s must be more than 0 and at most 1m, was %s".formatted(name, value));
			}
		}

	}


}
