package io.github.imds.client;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

/**
 * Holds the one IMDSv2 token of a client: fetched once however many threads ask at the same time, renewed
 * shortly before it expires, dropped on a 401, and replaced by an IMDSv1 fallback when that is allowed and
 * tokens cannot be had.
 * <p>
 * A fetch that failed because the endpoint did not answer (connect or PUT read timeout: a black hole, the hop
 * limit) is shared: for {@link #FAILURE_TTL} every caller gets the same failure at once instead of sending
 * its own PUT, so the metadata load, the credentials and the lifecycle poller do not each wait for it. The IMDSv1 fallback lasts {@link #V2_RETRY_INTERVAL}; then one caller
 * tries a token again (the others go on with IMDSv1 meanwhile), so a fixed hop limit takes effect without a
 * restart.
 */
final class TokenManager {

	/** Renew this long before expiry at most, so a request never carries a token that expires in flight. */
	private static final Duration MAX_RENEWAL_MARGIN = Duration.ofMinutes(1);

	/** How long a failed token fetch answers for the next ones. */
	static final Duration FAILURE_TTL = Duration.ofSeconds(10);

	/** How long the IMDSv1 fallback lasts before a token is tried again. */
	static final Duration V2_RETRY_INTERVAL = Duration.ofMinutes(5);

	private final ResolvedEndpoint endpoint;

	private final Duration ttl;

	private final Clock clock;

	private final boolean v1FallbackAllowed;

	private final int maxAttempts;

	private final ImdsHints hints;

	private final ReentrantLock lock = new ReentrantLock();

	private volatile @Nullable Token token;

	/** While set and in the future, requests go without a token. */
	private volatile @Nullable Instant v1FallbackUntil;

	private volatile TokenStatus state = new TokenStatus(TokenStatus.State.NONE, null, null, null);

	private volatile @Nullable RuntimeException lastFailure;

	private volatile Instant lastFailureUntil = Instant.MIN;

	// counts failed fetches, so that a thread that waited while one failed shares that failure
	private volatile long failedFetches;

	TokenManager(ResolvedEndpoint endpoint, Duration ttl, Clock clock, boolean v1FallbackAllowed, int maxAttempts,
			ImdsHints hints) {
		this.endpoint = endpoint;
		this.ttl = ttl;
		this.clock = clock;
		this.v1FallbackAllowed = v1FallbackAllowed;
		this.maxAttempts = maxAttempts;
		this.hints = hints;
	}

	/**
	 * Returns a valid token, fetching one if needed.
	 * @return the token value, or {@code null} when requests go without a token (IMDSv1 fallback)
	 */
	@Nullable String token(TokenRequest request) throws InterruptedException {
		long failedBefore = this.failedFetches;
		Instant now = this.clock.instant();
		Token current = this.token;
		if (current != null && current.isUsableAt(now)) {
			return current.value();
		}
		Instant v1Until = this.v1FallbackUntil;
		if (v1Until != null && now.isBefore(v1Until)) {
			return null;
		}
		boolean stillValid = current != null && now.isBefore(current.expiresAt());
		if (stillValid || v1Until != null) {
			// Renewal inside the margin, or the periodic IMDSv2 retry: one thread asks, the others go on with
			// the old token or with IMDSv1 rather than wait for that PUT.
			if (!this.lock.tryLock()) {
				return stillValid ? current.value() : null;
			}
		}
		else {
			RuntimeException shared = sharedFailure(now);
			if (shared != null) {
				throw shared;
			}
			this.lock.lockInterruptibly();
		}
		try {
			return tokenLocked(request, failedBefore);
		}
		finally {
			this.lock.unlock();
		}
	}

	private @Nullable String tokenLocked(TokenRequest request, long failedBefore) throws InterruptedException {
		Instant now = this.clock.instant();
		Token current = this.token;
		if (current != null && current.isUsableAt(now)) {
			return current.value();
		}
		Instant v1Until = this.v1FallbackUntil;
		if (v1Until != null && now.isBefore(v1Until)) {
			return null;
		}
		// a thread that waited for a fetch that failed shares its failure instead of repeating it
		RuntimeException failure = (v1Until == null) ? sharedFailure(now) : null;
		RuntimeException failedWhileWaiting = this.lastFailure;
		if (failure == null && v1Until == null && this.failedFetches != failedBefore && failedWhileWaiting != null) {
			failure = failedWhileWaiting;
		}
		if (failure == null) {
			try {
				return fetch(request);
			}
			catch (ImdsException ex) {
				failure = ex;
			}
		}
		if (this.v1FallbackUntil != null) {
			// the IMDSv2 retry failed in another way than a fallback cause: stay on IMDSv1 for another interval
			return fallBackToV1("the IMDSv2 retry failed: " + failure.getMessage());
		}
		// Renewal starts before expiry: while the old token is still valid, keep using it.
		if (current != null && this.clock.instant().isBefore(current.expiresAt())) {
			return current.value();
		}
		throw failure;
	}

	private @Nullable RuntimeException sharedFailure(Instant now) {
		RuntimeException failure = this.lastFailure;
		return (failure != null && now.isBefore(this.lastFailureUntil)) ? failure : null;
	}

	/**
	 * Drops {@code rejected} after IMDS answered 401 to it; a newer token fetched meanwhile is kept. With
	 * IMDSv1 fallback in effect, a 401 means tokens became required, so the fallback ends.
	 */
	void invalidate(@Nullable String rejected) {
		this.lock.lock();
		try {
			Token current = this.token;
			if (rejected == null) {
				// tokens became required: try one now
				this.v1FallbackUntil = null;
				this.lastFailure = null;
			}
			else if (current != null && current.value().equals(rejected)) {
				this.token = null;
				this.state = new TokenStatus(TokenStatus.State.EXPIRED, current.issuedAt(), current.expiresAt(),
						"IMDS answered 401 to the token");
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	TokenStatus state() {
		TokenStatus snapshot = this.state;
		if (snapshot.state() == TokenStatus.State.VALID && snapshot.expiresAt() != null
				&& !this.clock.instant().isBefore(snapshot.expiresAt())) {
			return new TokenStatus(TokenStatus.State.EXPIRED, snapshot.issuedAt(), snapshot.expiresAt(), null);
		}
		return snapshot;
	}

	private @Nullable String fetch(TokenRequest request) throws InterruptedException {
		Instant requestedAt = this.clock.instant();
		for (int attempt = 1;; attempt++) {
			Exchange exchange = request.put(attempt);
			boolean lastAttempt = attempt >= this.maxAttempts;
			if (exchange instanceof Exchange.Response response) {
				int status = response.status();
				if (status >= 200 && status < 300) {
					return accept(response, requestedAt);
				}
				if (status == 403 || status == 404 || status == 405) {
					if (this.v1FallbackAllowed) {
						return fallBackToV1("token PUT answered HTTP " + status);
					}
					throw fail(new ImdsTokenException(describe("answered HTTP " + status), status,
							RequestOutcome.ofStatus(status), (status == 403) ? ImdsHints.TOKEN_FORBIDDEN
									: this.hints.tokenNotSupported(status),
							null));
				}
				boolean retryable = status == 429 || status >= 500;
				if (!retryable || lastAttempt) {
					String hint = (status == 400) ? this.hints.tokenBadRequest() : this.hints.forStatus(status);
					String attempts = retryable ? " on %d attempts".formatted(attempt) : "";
					throw fail(new ImdsTokenException(describe("answered HTTP " + status + attempts), status,
							RequestOutcome.ofStatus(status), hint, null));
				}
			}
			else {
				Exchange.Failure failure = (Exchange.Failure) exchange;
				if (failure.outcome() == RequestOutcome.READ_TIMEOUT) {
					// Connected but no answer: the hop-limit symptom. Retrying only multiplies the wait.
					if (this.v1FallbackAllowed) {
						return fallBackToV1("token PUT timed out");
					}
					throw fail(new ImdsTokenException(describe("timed out (" + failure.error() + ")"), 0,
							RequestOutcome.READ_TIMEOUT, this.hints.hopLimit(), failure.cause()));
				}
				if (!failure.isRetryable()) {
					throw fail(new ImdsTokenException(describe("failed: " + failure.error()), 0, failure.outcome(),
							null, failure.cause()));
				}
				if (lastAttempt) {
					throw fail(new ImdsConnectionException(
							describe("failed on %d attempts: %s".formatted(attempt, failure.error())),
							DefaultImdsClient.TOKEN_PATH, failure.outcome(), attempt,
							this.hints.forConnection(failure.outcome(), this.endpoint), failure.cause()));
				}
			}
			Thread.sleep(Backoff.delayAfter(attempt).toMillis());
		}
	}

	private String accept(Exchange.Response response, Instant requestedAt) {
		String value = new String(response.body(), StandardCharsets.UTF_8).trim();
		if (value.isEmpty()) {
			throw fail(new ImdsTokenException(describe("answered an empty token"), response.status(),
					RequestOutcome.INVALID_RESPONSE, this.hints.notImds(), null));
		}
		if (!value.chars().allMatch((c) -> c > 0x20 && c < 0x7f)) {
			// Sent as a header, it would make the JDK throw with the value in the message: never that.
			throw fail(new ImdsTokenException(describe("answered a token with characters a header cannot carry"),
					response.status(), RequestOutcome.INVALID_RESPONSE,
					this.hints.notImds(), null));
		}
		Duration granted = grantedTtl(response.ttlHeader());
		Instant expiresAt = requestedAt.plus(granted);
		Duration margin = granted.dividedBy(10);
		if (margin.compareTo(MAX_RENEWAL_MARGIN) > 0) {
			margin = MAX_RENEWAL_MARGIN;
		}
		Token fetched = new Token(value, requestedAt, expiresAt, expiresAt.minus(margin));
		this.token = fetched;
		this.lastFailure = null;
		this.v1FallbackUntil = null;
		this.state = new TokenStatus(TokenStatus.State.VALID, requestedAt, expiresAt, null);
		return value;
	}

	/** IMDS echoes the TTL it granted; trust a shorter one, never a longer one. */
	private Duration grantedTtl(@Nullable String header) {
		if (header != null) {
			try {
				long seconds = Long.parseLong(header.trim());
				if (seconds > 0 && seconds < this.ttl.toSeconds()) {
					return Duration.ofSeconds(seconds);
				}
			}
			catch (NumberFormatException ex) {
				// ignore a malformed echo: the requested TTL still bounds the token
			}
		}
		return this.ttl;
	}

	private @Nullable String fallBackToV1(String why) {
		Instant retryAt = this.clock.instant().plus(V2_RETRY_INTERVAL);
		this.v1FallbackUntil = retryAt;
		this.state = new TokenStatus(TokenStatus.State.V1_FALLBACK, null, null,
				why + "; using IMDSv1 because v1Fallback is on; IMDSv2 is tried again after " + retryAt);
		// this fetch did not fail: a thread that waited for it must not be handed an older failure
		this.lastFailure = null;
		return null;
	}

	private RuntimeException fail(RuntimeException failure) {
		Token previous = this.token;
		this.state = new TokenStatus(TokenStatus.State.FAILED, (previous != null) ? previous.issuedAt() : null,
				(previous != null) ? previous.expiresAt() : null, failure.getMessage());
		this.lastFailure = failure;
		this.failedFetches++;
		// Only "does not answer" is shared for a while: it is what makes every caller wait. A refusal or an HTTP
		// answer comes at once, and the next caller may well succeed (IMDS back up, throttling over).
		this.lastFailureUntil = isSilence(failure) ? this.clock.instant().plus(FAILURE_TTL) : Instant.MIN;
		return failure;
	}

	private static boolean isSilence(RuntimeException failure) {
		RequestOutcome outcome = (failure instanceof ImdsTokenException token) ? token.getOutcome()
				: (failure instanceof ImdsConnectionException connection) ? connection.getOutcome() : null;
		return outcome == RequestOutcome.READ_TIMEOUT || outcome == RequestOutcome.CONNECT_TIMEOUT;
	}

	private String describe(String what) {
		return "IMDS token request (PUT %s at %s) %s".formatted(DefaultImdsClient.TOKEN_PATH, this.endpoint.uri(), what);
	}

	/**
	 * Sends one token PUT and reports it to the listeners.
	 */
	@FunctionalInterface
	interface TokenRequest {

		Exchange put(int attempt) throws InterruptedException;

	}

}
