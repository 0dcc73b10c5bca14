package io.github.imds.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.imds.testsupport.MutableClock;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.unauthorized;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.github.imds.client.ImdsTestSupport.INSTANCE_ID;
import static io.github.imds.client.ImdsTestSupport.INSTANCE_ID_PATH;
import static io.github.imds.client.ImdsTestSupport.TOKEN;
import static io.github.imds.client.ImdsTestSupport.TOKEN_HEADER;
import static io.github.imds.client.ImdsTestSupport.TOKEN_PATH;
import static io.github.imds.client.ImdsTestSupport.TTL_HEADER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * IMDSv2 session token: request headers, caching, single flight, renewal and the 401 rule.
 */
class ImdsClientTokenTests {

	@RegisterExtension
	static WireMockExtension wm = ImdsTestSupport.loopbackWireMock();

	private void stubToken(String token) {
		wm.stubFor(put(TOKEN_PATH).willReturn(ok(token)));
	}

	private void stubInstanceId() {
		wm.stubFor(get(INSTANCE_ID_PATH).willReturn(ok(INSTANCE_ID)));
	}

	@Test
	void getWithDefaultsPutsTokenWithSixHourTtlThenGetsWithToken() {
		stubToken(TOKEN);
		stubInstanceId();
		try (ImdsClient client = ImdsTestSupport.builder(wm).build()) {
			Optional<ImdsResponse> response = client.get(INSTANCE_ID_PATH);
			assertThat(response).isPresent();
			assertThat(response.get().asString()).isEqualTo(INSTANCE_ID);
			assertThat(response.get().status()).isEqualTo(200);
			assertThat(response.get().path()).isEqualTo(INSTANCE_ID_PATH);
		}
		wm.verify(exactly(1), putRequestedFor(urlEqualTo(TOKEN_PATH)).withHeader(TTL_HEADER, equalTo("21600"))
			.withoutHeader(TOKEN_HEADER)
			.withoutHeader("X-Forwarded-For"));
		wm.verify(exactly(1), getRequestedFor(urlEqualTo(INSTANCE_ID_PATH)).withHeader(TOKEN_HEADER, equalTo(TOKEN))
			.withoutHeader(TTL_HEADER)
			.withoutHeader("X-Forwarded-For"));
	}

	@Test
	void getWithTokenTtlFiveSecondsSendsTtlFive() {
		stubToken(TOKEN);
		stubInstanceId();
		try (ImdsClient client = ImdsTestSupport.builder(wm).tokenTtl(Duration.ofSeconds(5)).build()) {
			client.get(INSTANCE_ID_PATH);
		}
		wm.verify(exactly(1), putRequestedFor(urlEqualTo(TOKEN_PATH)).withHeader(TTL_HEADER, equalTo("5")));
	}

	@Test
	void getHundredTimesSequentiallyUsesOneToken() {
		stubToken(TOKEN);
		stubInstanceId();
		try (ImdsClient client = ImdsTestSupport.builder(wm).build()) {
			for (int i = 0; i < 100; i++) {
				assertThat(client.get(INSTANCE_ID_PATH)).isPresent();
			}
		}
		wm.verify(exactly(1), putRequestedFor(urlEqualTo(TOKEN_PATH)));
		wm.verify(exactly(100), getRequestedFor(urlEqualTo(INSTANCE_ID_PATH)).withHeader(TOKEN_HEADER, equalTo(TOKEN)));
	}

	@Test
	void getFrom64ThreadsAtOnceWithoutTokenPutsOnceAndAllSucceed() {
		wm.stubFor(put(TOKEN_PATH).willReturn(ok(TOKEN).withFixedDelay(200)));
		stubInstanceId();
		int threads = 64;
		try (ImdsClient client = ImdsTestSupport.builder(wm).readTimeout(Duration.ofSeconds(10)).build()) {
			List<String> bodies = runConcurrently(threads, () -> client.get(INSTANCE_ID_PATH).orElseThrow().asString());
			assertThat(bodies).hasSize(threads).containsOnly(INSTANCE_ID);
		}
		wm.verify(exactly(1), putRequestedFor(urlEqualTo(TOKEN_PATH)));
		wm.verify(exactly(threads), getRequestedFor(urlEqualTo(INSTANCE_ID_PATH)).withHeader(TOKEN_HEADER, equalTo(TOKEN)));
	}

	@Test
	void getFrom64ThreadsAtOnceWhenPutFailsPutsOnceAndAllFail() throws Exception {
		int threads = 64;
		List<Thread> callers = new CopyOnWriteArrayList<>();
		ExecutorService executor = Executors.newFixedThreadPool(threads, (task) -> {
			Thread thread = new Thread(task, "token-caller");
			callers.add(thread);
			return thread;
		});
		try (HeldTokenServer server = new HeldTokenServer();
				ImdsClient client = ImdsTestSupport.builder(server.endpoint()).readTimeout(Duration.ofSeconds(30)).build()) {
			List<Future<String>> futures = new ArrayList<>();
			for (int i = 0; i < threads; i++) {
				futures.add(executor.submit(() -> {
					try {
						client.get(INSTANCE_ID_PATH);
						return "success";
					}
					catch (ImdsTokenException ex) {
						return "token-failure-" + ex.getStatus();
					}
				}));
			}
			// the PUT is answered only once every other caller waits for it: no timing decides who shares it
			await().atMost(Duration.ofSeconds(60))
				.until(() -> server.puts() == 1 && waitingForTheToken(callers) == threads - 1);
			server.answer();
			List<String> results = new ArrayList<>();
			for (Future<String> future : futures) {
				results.add(future.get(60, TimeUnit.SECONDS));
			}
			assertThat(results).hasSize(threads).containsOnly("token-failure-400");
			assertThat(server.puts()).isOne();
			assertThat(server.gets()).isZero();
		}
		finally {
			executor.shutdownNow();
			executor.awaitTermination(10, TimeUnit.SECONDS);
		}
	}

	private static long waitingForTheToken(List<Thread> threads) {
		return threads.stream()
			.filter((thread) -> thread.getState() == Thread.State.WAITING)
			.filter((thread) -> Arrays.stream(thread.getStackTrace())
				.anyMatch((frame) -> frame.getClassName().equals(TokenManager.class.getName())
						&& frame.getMethodName().equals("token")))
			.count();
	}

	@Test
	void getAfterExpiryMinusMarginFetchesNewToken() {
		wm.stubFor(put(TOKEN_PATH).inScenario("renewal")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(ok("fake-token-one"))
			.willSetStateTo("renewed"));
		wm.stubFor(put(TOKEN_PATH).inScenario("renewal").whenScenarioStateIs("renewed").willReturn(ok("fake-token-two")));
		stubInstanceId();
		MutableClock clock = new MutableClock();
		try (ImdsClient client = ImdsTestSupport.builder(wm).clock(clock).build()) {
			client.get(INSTANCE_ID_PATH);
			// 6 h TTL, renewal margin at most 1 min: 5 h 58 min later the token is still used
			clock.advance(Duration.ofHours(6).minusMinutes(2));
			client.get(INSTANCE_ID_PATH);
			wm.verify(exactly(1), putRequestedFor(urlEqualTo(TOKEN_PATH)));
			// inside the renewal margin: a new token before the old one expires
			clock.advance(Duration.ofSeconds(90));
			client.get(INSTANCE_ID_PATH);
		}
		wm.verify(exactly(2), putRequestedFor(urlEqualTo(TOKEN_PATH)));
		wm.verify(exactly(2), getRequestedFor(urlEqualTo(INSTANCE_ID_PATH)).withHeader(TOKEN_HEADER, equalTo("fake-token-one")));
		wm.verify(exactly(1), getRequestedFor(urlEqualTo(INSTANCE_ID_PATH)).withHeader(TOKEN_HEADER, equalTo("fake-token-two")));
	}

	@Test
	void getWhenRenewalFailsWhileOldTokenIsValidKeepsUsingOldToken() {
		wm.stubFor(put(TOKEN_PATH).inScenario("renewal")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(ok("fake-token-one"))
			.willSetStateTo("broken"));
		wm.stubFor(put(TOKEN_PATH).inScenario("renewal").whenScenarioStateIs("broken").willReturn(aResponse().withStatus(500)));
		stubInstanceId();
		MutableClock clock = new MutableClock();
		try (ImdsClient client = ImdsTestSupport.builder(wm).clock(clock).maxAttempts(1).build()) {
			client.get(INSTANCE_ID_PATH);
			// inside the renewal margin, the PUT fails, the old token has 30 s left
			clock.advance(Duration.ofHours(6).minusSeconds(30));
			assertThat(client.get(INSTANCE_ID_PATH)).isPresent();
			assertThat(client.tokenStatus().state()).isEqualTo(TokenStatus.State.FAILED);
			// once it has expired, the failure surfaces
			clock.advance(Duration.ofSeconds(31));
			assertThatExceptionOfType(ImdsTokenException.class).isThrownBy(() -> client.get(INSTANCE_ID_PATH));
		}
		wm.verify(exactly(2), getRequestedFor(urlEqualTo(INSTANCE_ID_PATH)).withHeader(TOKEN_HEADER, equalTo("fake-token-one")));
	}

	@Test
	void getWhileAnotherThreadRenewsAStillValidTokenUsesTheOldTokenWithoutWaiting() throws Exception {
		wm.stubFor(put(TOKEN_PATH).inScenario("slow-renewal")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(ok("fake-token-one"))
			.willSetStateTo("slow"));
		wm.stubFor(put(TOKEN_PATH).inScenario("slow-renewal")
			.whenScenarioStateIs("slow")
			.willReturn(ok("fake-token-two").withFixedDelay(3000)));
		stubInstanceId();
		MutableClock clock = new MutableClock();
		ExecutorService executor = Executors.newSingleThreadExecutor();
		try (ImdsClient client = ImdsTestSupport.builder(wm).clock(clock).readTimeout(Duration.ofSeconds(5)).build()) {
			client.get(INSTANCE_ID_PATH);
			clock.advance(Duration.ofHours(6).minusSeconds(30));
			Future<Optional<ImdsResponse>> renewing = executor.submit(() -> client.get(INSTANCE_ID_PATH));
			assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
				while (wm.findAll(putRequestedFor(urlEqualTo(TOKEN_PATH))).size() < 2) {
					Thread.sleep(10);
				}
			});
			assertThat(assertTimeoutPreemptively(Duration.ofSeconds(10), () -> client.get(INSTANCE_ID_PATH)))
				.isPresent();
			assertThat(renewing.isDone()).isFalse();
			assertThat(renewing.get(10, TimeUnit.SECONDS)).isPresent();
		}
		finally {
			executor.shutdownNow();
		}
		wm.verify(exactly(2), putRequestedFor(urlEqualTo(TOKEN_PATH)));
		wm.verify(exactly(2), getRequestedFor(urlEqualTo(INSTANCE_ID_PATH)).withHeader(TOKEN_HEADER, equalTo("fake-token-one")));
	}

	@Test
	void getWhenImdsGrantsShorterTtlHonoursIt() {
		wm.stubFor(put(TOKEN_PATH).willReturn(ok(TOKEN).withHeader(TTL_HEADER, "60")));
		stubInstanceId();
		MutableClock clock = new MutableClock();
		try (ImdsClient client = ImdsTestSupport.builder(wm).clock(clock).build()) {
			client.get(INSTANCE_ID_PATH);
			assertThat(client.tokenStatus().expiresAt()).isEqualTo(clock.instant().plusSeconds(60));
			clock.advance(Duration.ofSeconds(30));
			client.get(INSTANCE_ID_PATH);
			wm.verify(exactly(1), putRequestedFor(urlEqualTo(TOKEN_PATH)));
			// 60 s granted although 6 h were asked: renewed within the last tenth of 60 s
			clock.advance(Duration.ofSeconds(25));
			client.get(INSTANCE_ID_PATH);
		}
		wm.verify(exactly(2), putRequestedFor(urlEqualTo(TOKEN_PATH)));
	}

	@Test
	void getWhenImdsEchoesLongerTtlKeepsRequestedTtl() {
		wm.stubFor(put(TOKEN_PATH).willReturn(ok(TOKEN).withHeader(TTL_HEADER, "21600")));
		stubInstanceId();
		MutableClock clock = new MutableClock();
		try (ImdsClient client = ImdsTestSupport.builder(wm).clock(clock).tokenTtl(Duration.ofSeconds(100)).build()) {
			client.get(INSTANCE_ID_PATH);
			assertThat(client.tokenStatus().expiresAt()).isEqualTo(clock.instant().plusSeconds(100));
			clock.advance(Duration.ofSeconds(95));
			client.get(INSTANCE_ID_PATH);
		}
		wm.verify(exactly(2), putRequestedFor(urlEqualTo(TOKEN_PATH)));
	}

	@Test
	void getWhenGetAnswers401OnceFetchesNewTokenAndRetriesOnce() {
		wm.stubFor(put(TOKEN_PATH).inScenario("tokens")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(ok("fake-token-stale"))
			.willSetStateTo("second"));
		wm.stubFor(put(TOKEN_PATH).inScenario("tokens").whenScenarioStateIs("second").willReturn(ok("fake-token-fresh")));
		wm.stubFor(get(INSTANCE_ID_PATH).withHeader(TOKEN_HEADER, equalTo("fake-token-stale")).willReturn(unauthorized()));
		wm.stubFor(get(INSTANCE_ID_PATH).withHeader(TOKEN_HEADER, equalTo("fake-token-fresh")).willReturn(ok(INSTANCE_ID)));
		try (ImdsClient client = ImdsTestSupport.builder(wm).build()) {
			assertThat(client.get(INSTANCE_ID_PATH).orElseThrow().asString()).isEqualTo(INSTANCE_ID);
			assertThat(client.tokenStatus().state()).isEqualTo(TokenStatus.State.VALID);
		}
		wm.verify(exactly(2), putRequestedFor(urlEqualTo(TOKEN_PATH)));
		wm.verify(exactly(2), getRequestedFor(urlEqualTo(INSTANCE_ID_PATH)));
		wm.verify(exactly(1), getRequestedFor(urlEqualTo(INSTANCE_ID_PATH)).withHeader(TOKEN_HEADER, equalTo("fake-token-fresh")));
	}

	@Test
	void getWhenGetAnswers401TwiceFailsWith401AndHint() {
		stubToken(TOKEN);
		wm.stubFor(get(INSTANCE_ID_PATH).willReturn(unauthorized()));
		try (ImdsClient client = ImdsTestSupport.builder(wm).build()) {
			assertThatExceptionOfType(ImdsHttpException.class).isThrownBy(() -> client.get(INSTANCE_ID_PATH))
				.satisfies((ex) -> {
					assertThat(ex.getStatus()).isEqualTo(401);
					assertThat(ex.getOutcome()).isEqualTo(RequestOutcome.UNAUTHORIZED);
					assertThat(ex.getPath()).isEqualTo(INSTANCE_ID_PATH);
					assertThat(ex.getHint()).contains("X-aws-ec2-metadata-token");
					assertThat(ex.getMessage()).contains(INSTANCE_ID_PATH).contains("401").doesNotContain(TOKEN);
				});
		}
		wm.verify(exactly(2), putRequestedFor(urlEqualTo(TOKEN_PATH)));
		wm.verify(exactly(2), getRequestedFor(urlEqualTo(INSTANCE_ID_PATH)));
	}

	private static <T> List<T> runConcurrently(int threads, Callable<T> task) {
		return assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
			ExecutorService executor = Executors.newFixedThreadPool(threads);
			try {
				CountDownLatch ready = new CountDownLatch(threads);
				CountDownLatch start = new CountDownLatch(1);
				List<Future<T>> futures = new ArrayList<>();
				for (int i = 0; i < threads; i++) {
					futures.add(executor.submit(() -> {
						ready.countDown();
						start.await();
						return task.call();
					}));
				}
				ready.await();
				start.countDown();
				List<T> results = new ArrayList<>();
				for (Future<T> future : futures) {
					results.add(future.get());
				}
				return results;
			}
			finally {
				executor.shutdownNow();
				executor.awaitTermination(10, TimeUnit.SECONDS);
			}
		});
	}

	/**
	 * Answers every token PUT with 400, but only once {@link #answer()} is called, and every GET with the
	 * instance id; counts both.
	 */
	private static final class HeldTokenServer implements AutoCloseable {

		private final ServerSocket server;

		private final CountDownLatch answer = new CountDownLatch(1);

		private final AtomicInteger puts = new AtomicInteger();

		private final AtomicInteger gets = new AtomicInteger();

		HeldTokenServer() throws IOException {
			this.server = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
			Thread acceptor = new Thread(this::accept, "held-token-server");
			acceptor.setDaemon(true);
			acceptor.start();
		}

		String endpoint() {
			return "http://127.0.0.1:" + this.server.getLocalPort();
		}

		int puts() {
			return this.puts.get();
		}

		int gets() {
			return this.gets.get();
		}

		void answer() {
			this.answer.countDown();
		}

		private void accept() {
			while (!this.server.isClosed()) {
				try {
					Socket socket = this.server.accept();
					Thread handler = new Thread(() -> serve(socket), "held-token-connection");
					handler.setDaemon(true);
					handler.start();
				}
				catch (IOException ex) {
					return;
				}
			}
		}

		private void serve(Socket socket) {
			try (socket) {
				BufferedReader in = new BufferedReader(
						new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
				String requestLine = in.readLine();
				for (String header = in.readLine(); header != null && !header.isEmpty(); header = in.readLine()) {
					// headers are not needed
				}
				String response;
				if (requestLine != null && requestLine.startsWith("PUT")) {
					this.puts.incrementAndGet();
					this.answer.await(60, TimeUnit.SECONDS);
					response = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
				}
				else {
					this.gets.incrementAndGet();
					response = "HTTP/1.1 200 OK\r\nContent-Length: " + INSTANCE_ID.length() + "\r\nConnection: close\r\n\r\n"
							+ INSTANCE_ID;
				}
				OutputStream out = socket.getOutputStream();
				out.write(response.getBytes(StandardCharsets.ISO_8859_1));
				out.flush();
			}
			catch (IOException ex) {
				// the client went away
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

		@Override
		public void close() throws IOException {
			this.answer.countDown();
			this.server.close();
		}

	}

}
