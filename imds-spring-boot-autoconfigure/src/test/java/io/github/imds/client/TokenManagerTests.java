package io.github.imds.client;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import io.github.imds.testsupport.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link TokenManager} on its own: scripted token PUT answers, a clock that moves only when told,
 * and threads that wait on latches rather than on time.
 */
class TokenManagerTests {

	private static final Duration TTL = Duration.ofSeconds(600);

	private static final ResolvedEndpoint ENDPOINT = new ResolvedEndpoint(URI.create("http://127.0.0.1:1338"),
			"test", false);

	private final MutableClock clock = new MutableClock();

	private final Instant start = this.clock.instant();

	private final List<Integer> puts = new CopyOnWriteArrayList<>();

	private final ExecutorService executor = Executors.newCachedThreadPool();

	@AfterEach
	void stopThreads() {
		this.executor.shutdownNow();
	}

	private TokenManager manager(boolean v1Fallback, int maxAttempts) {
		return new TokenManager(ENDPOINT, TTL, this.clock, v1Fallback, maxAttempts,
				new ImdsHints(ImdsSettingNames.builderOptions()));
	}

	/** A PUT that answers {@code answers} in turn (the last one again when they run out). */
	private TokenManager.TokenRequest answering(Exchange... answers) {
		return script((n) -> answers[Math.min(n, answers.length) - 1]);
	}

	private TokenManager.TokenRequest script(IntFunction<Exchange> answer) {
		return (attempt) -> {
			this.puts.add(attempt);
			return answer.apply(this.puts.size());
		};
	}

	private static Exchange token(String value, String ttlHeader) {
		return new Exchange.Response(200, ttlHeader, value.getBytes(StandardCharsets.UTF_8));
	}

	private static Exchange status(int status, String body) {
		return new Exchange.Response(status, null, body.getBytes(StandardCharsets.UTF_8));
	}

	private static Exchange failure(RequestOutcome outcome) {
		return new Exchange.Failure(outcome, "simulated " + outcome, null);
	}

	@Test
	void status300IsNotATokenEvenWithABody() {
		TokenManager tokens = manager(false, 3);
		assertThatExceptionOfType(ImdsTokenException.class)
			.isThrownBy(() -> tokens.token(answering(status(300, "fake-token-300"))))
			.withMessageContaining("answered HTTP 300")
			.satisfies((ex) -> assertThat(ex.getStatus()).isEqualTo(300));
		assertThat(this.puts).containsExactly(1);
	}

	@Test
	void invalidResponseIsNotRetried() {
		TokenManager tokens = manager(false, 3);
		assertThatExceptionOfType(ImdsTokenException.class)
			.isThrownBy(() -> tokens.token(answering(failure(RequestOutcome.INVALID_RESPONSE), token("fake-t", null))))
			.withMessageContaining("failed: simulated INVALID_RESPONSE")
			.satisfies((ex) -> assertThat(ex.getOutcome()).isEqualTo(RequestOutcome.INVALID_RESPONSE));
		assertThat(this.puts).containsExactly(1);
	}

	@Test
	void interruptWhileWaitingBeforeTheNextAttemptEndsTheFetch() {
		TokenManager tokens = manager(false, 3);
		TokenManager.TokenRequest put = script((n) -> {
			if (n == 1) {
				// the caller is interrupted as the first PUT comes back with a 503: the backoff wait ends at once
				Thread.currentThread().interrupt();
				return status(503, "");
			}
			return token("fake-token-2", null);
		});
		try {
			assertThatExceptionOfType(InterruptedException.class).isThrownBy(() -> tokens.token(put));
			assertThat(this.puts).containsExactly(1);
		}
		finally {
			Thread.interrupted();
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "fake token", "fake\u007ftoken", "fake\u001ftoken" })
	void tokenWithACharacterAHeaderCannotCarryIsRefused(String value) {
		TokenManager tokens = manager(false, 1);
		assertThatExceptionOfType(ImdsTokenException.class).isThrownBy(() -> tokens.token(answering(token(value, null))))
			.withMessageContaining("characters a header cannot carry")
			.withMessageNotContaining(value);
	}

	@Test
	void tokenOfTheOuterPrintableCharactersIsAccepted() throws InterruptedException {
		TokenManager tokens = manager(false, 1);
		assertThat(tokens.token(answering(token(" !fake~token! \r\n", null)))).isEqualTo("!fake~token!");
	}

	@ParameterizedTest
	@ValueSource(strings = { "0", "-5", "600", "21600", "x" })
	void grantedTtlThatIsNotShorterThanTheRequestedOneIsIgnored(String header) throws InterruptedException {
		TokenManager tokens = manager(false, 1);
		TokenManager.TokenRequest put = answering(token("fake-token", header));
		assertThat(tokens.token(put)).isEqualTo("fake-token");
		this.clock.advance(Duration.ofSeconds(10));
		assertThat(tokens.token(put)).isEqualTo("fake-token");
		assertThat(this.puts).hasSize(1);
		assertThat(tokens.state().expiresAt()).isEqualTo(this.start.plus(TTL));
	}

	@Test
	void shorterGrantedTtlIsTrusted() throws InterruptedException {
		TokenManager tokens = manager(false, 1);
		tokens.token(answering(token("fake-token", "1")));
		assertThat(tokens.state().expiresAt()).isEqualTo(this.start.plusSeconds(1));
	}

	@Test
	void failedRenewalKeepsTheOldTokenAndItsTimesInTheStatus() throws InterruptedException {
		TokenManager tokens = manager(false, 1);
		TokenManager.TokenRequest put = answering(token("fake-token-1", null), status(500, ""));
		tokens.token(put);
		// renewal starts 60 s before expiry: at 550 s the token is due for renewal, and still valid
		this.clock.advance(Duration.ofSeconds(550));
		assertThat(tokens.token(put)).isEqualTo("fake-token-1");
		assertThat(this.puts).hasSize(2);
		TokenStatus status = tokens.state();
		assertThat(status.state()).isEqualTo(TokenStatus.State.FAILED);
		assertThat(status.issuedAt()).isEqualTo(this.start);
		assertThat(status.expiresAt()).isEqualTo(this.start.plus(TTL));
		assertThat(status.lastError()).contains("answered HTTP 500");
	}

	@Test
	void connectTimeoutOnTheLastAttemptIsSharedForTenSeconds() throws InterruptedException {
		TokenManager tokens = manager(false, 1);
		TokenManager.TokenRequest put = answering(failure(RequestOutcome.CONNECT_TIMEOUT), token("fake-token", null));
		ImdsConnectionException first = catchConnection(tokens, put);
		assertThat(first.getOutcome()).isEqualTo(RequestOutcome.CONNECT_TIMEOUT);
		this.clock.advance(Duration.ofSeconds(9));
		assertThat(catchConnection(tokens, put)).isSameAs(first);
		assertThat(this.puts).hasSize(1);
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(tokens.token(put)).isEqualTo("fake-token");
		assertThat(this.puts).hasSize(2);
	}

	@Test
	void putReadTimeoutWithoutFallbackIsSharedForTenSeconds() throws InterruptedException {
		TokenManager tokens = manager(false, 3);
		TokenManager.TokenRequest put = answering(failure(RequestOutcome.READ_TIMEOUT), token("fake-token", null));
		ImdsTokenException first = catchToken(tokens, put);
		assertThat(first.getOutcome()).isEqualTo(RequestOutcome.READ_TIMEOUT);
		this.clock.advance(Duration.ofSeconds(9));
		assertThat(catchToken(tokens, put)).isSameAs(first);
		assertThat(this.puts).hasSize(1);
	}

	@Test
	void refusedConnectionIsNotShared() throws InterruptedException {
		TokenManager tokens = manager(false, 1);
		TokenManager.TokenRequest put = answering(failure(RequestOutcome.CONNECTION_REFUSED), token("fake-token", null));
		assertThat(catchConnection(tokens, put).getOutcome()).isEqualTo(RequestOutcome.CONNECTION_REFUSED);
		assertThat(tokens.token(put)).isEqualTo("fake-token");
		assertThat(this.puts).hasSize(2);
	}

	@Test
	void invalidateLetsAnotherThreadFetchTheNextToken() throws Exception {
		TokenManager tokens = manager(false, 1);
		TokenManager.TokenRequest put = answering(token("fake-token-1", null), token("fake-token-2", null));
		assertThat(tokens.token(put)).isEqualTo("fake-token-1");
		tokens.invalidate("fake-token-1");
		assertThat(tokens.state().state()).isEqualTo(TokenStatus.State.EXPIRED);
		// another thread: a lock left held by invalidate would block it for good
		Future<String> next = this.executor.submit(() -> tokens.token(put));
		assertThat(next.get(30, TimeUnit.SECONDS)).isEqualTo("fake-token-2");
	}

	@Test
	void whileOneThreadRetriesImdsV2TheOthersGoOnWithImdsV1() throws Exception {
		TokenManager tokens = manager(true, 1);
		CountDownLatch retrying = new CountDownLatch(1);
		CountDownLatch answer = new CountDownLatch(1);
		TokenManager.TokenRequest put = script((n) -> {
			if (n == 1) {
				return status(403, "");
			}
			retrying.countDown();
			awaitQuietly(answer);
			return token("fake-token", null);
		});
		assertThat(tokens.token(put)).isNull();
		this.clock.advance(TokenManager.V2_RETRY_INTERVAL);
		Future<String> retry = this.executor.submit(() -> tokens.token(put));
		assertThat(retrying.await(30, TimeUnit.SECONDS)).isTrue();
		// the retry's PUT has not answered: another caller does not wait for it
		Future<String> other = this.executor.submit(() -> tokens.token(put));
		assertThat(other.get(30, TimeUnit.SECONDS)).isNull();
		answer.countDown();
		assertThat(retry.get(30, TimeUnit.SECONDS)).isEqualTo("fake-token");
		assertThat(this.puts).hasSize(2);
	}

	@Test
	void threadThatWaitedForAFetchThatFellBackToImdsV1UsesImdsV1WithoutItsOwnPut() throws Exception {
		TokenManager tokens = manager(true, 1);
		CountDownLatch fetching = new CountDownLatch(1);
		CountDownLatch answer = new CountDownLatch(1);
		TokenManager.TokenRequest put = script((n) -> {
			if (n == 1) {
				fetching.countDown();
				awaitQuietly(answer);
				return status(403, "");
			}
			return token("fake-token", null);
		});
		Future<String> first = this.executor.submit(() -> tokens.token(put));
		assertThat(fetching.await(30, TimeUnit.SECONDS)).isTrue();
		CompletableFuture<String> waiter = new CompletableFuture<>();
		Thread thread = new Thread(() -> {
			try {
				waiter.complete(tokens.token(put));
			}
			catch (Throwable ex) {
				waiter.completeExceptionally(ex);
			}
		}, "token-waiter");
		thread.start();
		// parked on the lock the first thread holds
		await().atMost(Duration.ofSeconds(30)).until(() -> thread.getState() == Thread.State.WAITING);
		answer.countDown();
		assertThat(first.get(30, TimeUnit.SECONDS)).isNull();
		assertThat(waiter.get(30, TimeUnit.SECONDS)).isNull();
		assertThat(this.puts).hasSize(1);
		assertThat(tokens.state().state()).isEqualTo(TokenStatus.State.V1_FALLBACK);
	}

	@Test
	void forbiddenTokenWithoutFallbackSaysWhyInTheMessage() {
		TokenManager tokens = manager(false, 3);
		assertThatExceptionOfType(ImdsTokenException.class).isThrownBy(() -> tokens.token(answering(status(403, ""))))
			.withMessageEndingWith("answered HTTP 403. " + ImdsHints.TOKEN_FORBIDDEN)
			.satisfies((ex) -> assertThat(ex.getHint()).isEqualTo(ImdsHints.TOKEN_FORBIDDEN));
	}

	@Test
	void emptyTokenHintsThatTheEndpointIsNotImds() {
		TokenManager tokens = manager(false, 1);
		assertThatExceptionOfType(ImdsTokenException.class).isThrownBy(() -> tokens.token(answering(token(" \n", null))))
			.withMessageContaining("answered an empty token. the endpoint does not behave like IMDS; check ")
			.satisfies((ex) -> assertThat(ex.getOutcome()).isEqualTo(RequestOutcome.INVALID_RESPONSE));
	}

	private static ImdsConnectionException catchConnection(TokenManager tokens, TokenManager.TokenRequest put) {
		try {
			tokens.token(put);
		}
		catch (ImdsConnectionException ex) {
			return ex;
		}
		catch (InterruptedException ex) {
			throw new IllegalStateException(ex);
		}
		throw new AssertionError("expected an ImdsConnectionException");
	}

	private static ImdsTokenException catchToken(TokenManager tokens, TokenManager.TokenRequest put) {
		try {
			tokens.token(put);
		}
		catch (ImdsTokenException ex) {
			return ex;
		}
		catch (InterruptedException ex) {
			throw new IllegalStateException(ex);
		}
		throw new AssertionError("expected an ImdsTokenException");
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
