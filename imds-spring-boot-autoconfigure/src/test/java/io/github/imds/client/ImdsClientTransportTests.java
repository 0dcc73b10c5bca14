package io.github.imds.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Authenticator;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.github.imds.client.ImdsTestSupport.INSTANCE_ID;
import static io.github.imds.client.ImdsTestSupport.INSTANCE_ID_PATH;
import static io.github.imds.client.ImdsTestSupport.TOKEN;
import static io.github.imds.client.ImdsTestSupport.TOKEN_PATH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Transport failures: body limit, trickling bodies, refused and reset connections.
 */
class ImdsClientTransportTests {

	private static final String USER_DATA_PATH = "/latest/user-data";

	@RegisterExtension
	static WireMockExtension wm = ImdsTestSupport.loopbackWireMock();

	private final List<ImdsRequestEvent> events = new CopyOnWriteArrayList<>();

	private void stubToken() {
		wm.stubFor(put(TOKEN_PATH).willReturn(ok(TOKEN)));
	}

	@Test
	void getWhenBodyLargerThanLimitFailsWithoutRetry() {
		stubToken();
		byte[] body = new byte[2 * ImdsClient.MAX_BODY_BYTES];
		Arrays.fill(body, (byte) 'a');
		wm.stubFor(get(USER_DATA_PATH).willReturn(ok().withBody(body)));
		try (ImdsClient client = ImdsTestSupport.builder(wm).listener(this.events::add).build()) {
			assertThatExceptionOfType(ImdsResponseException.class).isThrownBy(() -> client.get(USER_DATA_PATH))
				.satisfies((ex) -> {
					assertThat(ex.getPath()).isEqualTo(USER_DATA_PATH);
					assertThat(ex.getMessage()).contains(USER_DATA_PATH).contains("larger than");
				});
		}
		wm.verify(exactly(1), getRequestedFor(urlEqualTo(USER_DATA_PATH)));
		assertThat(this.events).last()
			.satisfies((event) -> assertThat(event.outcome()).isEqualTo(RequestOutcome.INVALID_RESPONSE));
	}

	@Test
	void getWhenBodyExactlyAtLimitSucceeds() {
		stubToken();
		byte[] body = new byte[ImdsClient.MAX_BODY_BYTES];
		Arrays.fill(body, (byte) 'b');
		wm.stubFor(get(USER_DATA_PATH).willReturn(ok().withBody(body)));
		try (ImdsClient client = ImdsTestSupport.builder(wm).build()) {
			ImdsResponse response = client.get(USER_DATA_PATH).orElseThrow();
			assertThat(response.length()).isEqualTo(ImdsClient.MAX_BODY_BYTES);
			assertThat(response.bytes()).isEqualTo(body);
		}
	}

	@Test
	void getWhenBodyTricklesFailsOnTheDeadlineAfterRetriesInsteadOfHanging() {
		stubToken();
		wm.stubFor(get(INSTANCE_ID_PATH).willReturn(ok("i-0123456789abcdef0-and-some-padding")
			.withChunkedDribbleDelay(20, 4000)));
		try (ImdsClient client = ImdsTestSupport.builder(wm)
			.connectTimeout(Duration.ofMillis(250))
			.readTimeout(Duration.ofMillis(500))
			.maxAttempts(2)
			.build()) {
			ImdsConnectionException failure = connectionFailureWithin20s(client);
			// every read is quicker than the read timeout: the exchange's deadline ends it, which is not a read
			// timeout (on the token PUT, a read timeout means "hop limit")
			assertThat(failure.getOutcome()).isEqualTo(RequestOutcome.IO_ERROR);
			assertThat(failure.getAttempts()).isEqualTo(2);
			assertThat(failure.getPath()).isEqualTo(INSTANCE_ID_PATH);
			assertThat(failure.getMessage()).contains("deadline of 750 ms");
		}
		wm.verify(exactly(2), getRequestedFor(urlEqualTo(INSTANCE_ID_PATH)));
	}

	@Test
	void getWhenConnectionRefusedRetriesAndFailsNamingEndpointAndPath() {
		String endpoint = "http://127.0.0.1:" + ImdsTestSupport.closedPort();
		try (ImdsClient client = ImdsTestSupport.builder(endpoint).maxAttempts(3).listener(this.events::add).build()) {
			ImdsConnectionException failure = connectionFailureWithin20s(client);
			assertThat(failure.getOutcome()).isEqualTo(RequestOutcome.CONNECTION_REFUSED);
			assertThat(failure.getAttempts()).isEqualTo(3);
			assertThat(failure.getStatus()).isZero();
			// the token PUT is the first request, so it is the one that names endpoint and path
			assertThat(failure.getPath()).isEqualTo(TOKEN_PATH);
			assertThat(failure.getMessage()).contains(endpoint).contains(TOKEN_PATH).contains("3 attempts");
			assertThat(failure.getHint()).contains(endpoint).contains("enabled(false)");
		}
		assertThat(this.events).hasSize(3)
			.allSatisfy((event) -> assertThat(event.outcome()).isEqualTo(RequestOutcome.CONNECTION_REFUSED))
			.extracting(ImdsRequestEvent::attempt)
			.containsExactly(1, 2, 3);
	}

	@Test
	void getWhenConnectHangsRetriesAndFailsWithConnectTimeout() throws IOException {
		// A loopback "black hole": a listener with a full accept queue that never accepts; Linux then drops
		// further SYNs, so connecting hangs as it does towards an unrouted link-local address.
		try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			List<Socket> fillers = new ArrayList<>();
			boolean full = false;
			try {
				for (int i = 0; i < 8 && !full; i++) {
					Socket socket = new Socket();
					try {
						socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()),
								300);
						fillers.add(socket);
					}
					catch (IOException ex) {
						socket.close();
						full = true;
					}
				}
				assumeTrue(full, "this OS does not drop SYNs on a full accept queue");
				String endpoint = "http://127.0.0.1:" + server.getLocalPort();
				try (ImdsClient client = ImdsTestSupport.builder(endpoint)
					.connectTimeout(Duration.ofMillis(250))
					.readTimeout(Duration.ofSeconds(1))
					.maxAttempts(2)
					.listener(this.events::add)
					.build()) {
					ImdsConnectionException failure = connectionFailureWithin20s(client);
					assertThat(failure.getOutcome()).isEqualTo(RequestOutcome.CONNECT_TIMEOUT);
					assertThat(failure.getAttempts()).isEqualTo(2);
					assertThat(failure.getHint()).contains("Nothing answers").contains(endpoint);
				}
				assertThat(this.events).extracting(ImdsRequestEvent::outcome)
					.containsExactly(RequestOutcome.CONNECT_TIMEOUT, RequestOutcome.CONNECT_TIMEOUT);
			}
			finally {
				for (Socket socket : fillers) {
					socket.close();
				}
			}
		}
	}

	@Test
	void getWhenCallerIsInterruptedEndsAtOnceAndKeepsTheInterrupt() throws Exception {
		try (RawImdsServer server = new RawImdsServer(null);
				ImdsClient client = ImdsTestSupport.builder(server.endpoint())
					.readTimeout(Duration.ofMinutes(1))
					.build()) {
			AtomicReference<Throwable> failure = new AtomicReference<>();
			AtomicBoolean interruptKept = new AtomicBoolean();
			Thread caller = new Thread(() -> {
				try {
					client.get(INSTANCE_ID_PATH);
				}
				catch (Throwable ex) {
					failure.set(ex);
					interruptKept.set(Thread.currentThread().isInterrupted());
				}
			});
			caller.start();
			server.awaitGet();
			caller.interrupt();
			// the transport reads on an interruptible channel: the interrupt closes the connection and ends the call
			assertTimeoutPreemptively(Duration.ofSeconds(30), () -> caller.join());
			assertThat(failure.get()).isInstanceOf(ImdsConnectionException.class).hasMessageContaining("Interrupted");
			assertThat(interruptKept).isTrue();
			// and the connection is closed, so nothing stays behind reading it
			server.awaitConnectionClosed();
		}
	}

	@Test
	void closeWhileARequestIsInFlightEndsItAtOnce() throws Exception {
		try (RawImdsServer server = new RawImdsServer(null)) {
			ImdsClient client = ImdsTestSupport.builder(server.endpoint()).readTimeout(Duration.ofMinutes(1)).build();
			AtomicReference<Throwable> failure = new AtomicReference<>();
			Thread caller = new Thread(() -> {
				try {
					client.get(INSTANCE_ID_PATH);
				}
				catch (Throwable ex) {
					failure.set(ex);
				}
			});
			caller.start();
			server.awaitGet();
			client.close();
			assertTimeoutPreemptively(Duration.ofSeconds(30), () -> caller.join());
			// the broken attempt is not retried on a closed client
			assertThat(failure.get()).isInstanceOf(IllegalStateException.class).hasMessage("ImdsClient is closed");
			server.awaitConnectionClosed();
		}
	}

	@Test
	void getWhenConnectionClosesBeforeContentLengthBytesNeverReturnsTheShortBody() throws Exception {
		byte[] shortBody = "HTTP/1.1 200 OK\r\nContent-Length: 40\r\n\r\ni-0fake".getBytes(StandardCharsets.ISO_8859_1);
		try (RawImdsServer server = new RawImdsServer(shortBody);
				ImdsClient client = ImdsTestSupport.builder(server.endpoint()).maxAttempts(1).build()) {
			assertThatExceptionOfType(ImdsConnectionException.class).isThrownBy(() -> client.get(INSTANCE_ID_PATH))
				.satisfies((ex) -> assertThat(ex.getOutcome()).isEqualTo(RequestOutcome.IO_ERROR));
		}
	}

	@Test
	void getWhenUnauthorizedWithBasicChallengeNeverAsksTheJvmDefaultAuthenticator() {
		AtomicInteger asked = new AtomicInteger();
		Authenticator previous = Authenticator.getDefault();
		Authenticator.setDefault(new Authenticator() {
			@Override
			protected PasswordAuthentication getPasswordAuthentication() {
				asked.incrementAndGet();
				return new PasswordAuthentication("app-user", "fake-app-password".toCharArray());
			}
		});
		try {
			stubToken();
			wm.stubFor(get(INSTANCE_ID_PATH)
				.willReturn(aResponse().withStatus(401).withHeader("WWW-Authenticate", "Basic realm=\"x\"")));
			try (ImdsClient client = ImdsTestSupport.builder(wm).build()) {
				assertThatExceptionOfType(ImdsHttpException.class).isThrownBy(() -> client.get(INSTANCE_ID_PATH))
					.satisfies((ex) -> assertThat(ex.getStatus()).isEqualTo(401));
			}
		}
		finally {
			Authenticator.setDefault(previous);
		}
		assertThat(asked).hasValue(0);
		assertThat(wm.findAll(getRequestedFor(urlEqualTo(INSTANCE_ID_PATH))))
			.noneMatch((request) -> request.containsHeader("Authorization"));
	}

	@Test
	void getWhenKeptConnectionResetsBeforeAnsweringSendsOnceMoreOnANewConnectionWithinTheAttempt() {
		stubToken();
		wm.stubFor(get(INSTANCE_ID_PATH).inScenario("reset-once")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER))
			.willSetStateTo("recovered"));
		wm.stubFor(get(INSTANCE_ID_PATH).inScenario("reset-once")
			.whenScenarioStateIs("recovered")
			.willReturn(ok(INSTANCE_ID)));
		try (ImdsClient client = ImdsTestSupport.builder(wm).maxAttempts(1).listener(this.events::add).build()) {
			assertThat(client.get(INSTANCE_ID_PATH).orElseThrow().asString()).isEqualTo(INSTANCE_ID);
		}
		wm.verify(exactly(2), getRequestedFor(urlEqualTo(INSTANCE_ID_PATH)));
		assertThat(this.events).filteredOn((event) -> event.kind() == RequestKind.METADATA)
			.extracting(ImdsRequestEvent::attempt, ImdsRequestEvent::outcome)
			.containsExactly(tuple(1, RequestOutcome.SUCCESS));
	}

	@Test
	void getWhenConnectionResetTwiceRetriesAndSucceeds() {
		// A kept connection that dies before the status line is replaced once within the attempt (see the test
		// above); the second reset, on a new connection, reaches the client's own retry.
		stubToken();
		wm.stubFor(get(INSTANCE_ID_PATH).inScenario("reset")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER))
			.willSetStateTo("reset-once"));
		wm.stubFor(get(INSTANCE_ID_PATH).inScenario("reset")
			.whenScenarioStateIs("reset-once")
			.willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER))
			.willSetStateTo("recovered"));
		wm.stubFor(get(INSTANCE_ID_PATH).inScenario("reset").whenScenarioStateIs("recovered").willReturn(ok(INSTANCE_ID)));
		try (ImdsClient client = ImdsTestSupport.builder(wm).maxAttempts(3).listener(this.events::add).build()) {
			assertThat(client.get(INSTANCE_ID_PATH).orElseThrow().asString()).isEqualTo(INSTANCE_ID);
		}
		wm.verify(exactly(1), putRequestedFor(urlEqualTo(TOKEN_PATH)));
		wm.verify(exactly(3), getRequestedFor(urlEqualTo(INSTANCE_ID_PATH)));
		List<ImdsRequestEvent> gets = this.events.stream().filter((event) -> event.kind() == RequestKind.METADATA).toList();
		assertThat(gets).last().satisfies((event) -> assertThat(event.outcome()).isEqualTo(RequestOutcome.SUCCESS));
		assertThat(gets).extracting(ImdsRequestEvent::outcome).contains(RequestOutcome.IO_ERROR);
	}

	@Test
	void getWhenConnectionResetEverytimeRetriesAndFailsWithIoError() {
		stubToken();
		wm.stubFor(get(INSTANCE_ID_PATH).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
		try (ImdsClient client = ImdsTestSupport.builder(wm).maxAttempts(3).listener(this.events::add).build()) {
			assertThatExceptionOfType(ImdsConnectionException.class).isThrownBy(() -> client.get(INSTANCE_ID_PATH))
				.satisfies((ex) -> {
					assertThat(ex.getOutcome()).isEqualTo(RequestOutcome.IO_ERROR);
					assertThat(ex.getAttempts()).isEqualTo(3);
					assertThat(ex.getMessage()).contains(INSTANCE_ID_PATH).contains("3 attempts");
				});
		}
		assertThat(this.events).filteredOn((event) -> event.kind() == RequestKind.METADATA)
			.extracting(ImdsRequestEvent::attempt, ImdsRequestEvent::outcome)
			.containsExactly(tuple(1, RequestOutcome.IO_ERROR),
					tuple(2, RequestOutcome.IO_ERROR),
					tuple(3, RequestOutcome.IO_ERROR));
		// 3 client attempts; each may be sent once more when it failed on a kept connection before any answer
		int gets = wm.findAll(getRequestedFor(urlEqualTo(INSTANCE_ID_PATH))).size();
		assertThat(gets).isBetween(3, 6);
	}

	@Test
	void getWhenPutConnectionResetRetriesPut() {
		wm.stubFor(put(TOKEN_PATH).inScenario("put")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER))
			.willSetStateTo("recovered"));
		wm.stubFor(put(TOKEN_PATH).inScenario("put").whenScenarioStateIs("recovered").willReturn(ok(TOKEN)));
		wm.stubFor(get(INSTANCE_ID_PATH).willReturn(ok(INSTANCE_ID)));
		try (ImdsClient client = ImdsTestSupport.builder(wm).build()) {
			assertThat(client.get(INSTANCE_ID_PATH)).isPresent();
		}
		wm.verify(exactly(2), putRequestedFor(urlEqualTo(TOKEN_PATH)));
	}


	/** The call fails with an {@link ImdsConnectionException}, well within the bound of its settings. */
	private static ImdsConnectionException connectionFailureWithin20s(ImdsClient client) {
		return assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
			try {
				client.get(INSTANCE_ID_PATH);
			}
			catch (ImdsConnectionException ex) {
				return ex;
			}
			throw new AssertionError("expected an ImdsConnectionException");
		});
	}

	/**
	 * Answers the token PUT, then a GET with the given bytes (and closes the connection), or never when they are
	 * {@code null}; tells when a GET arrived and when the client closed an unanswered connection.
	 */
	private static final class RawImdsServer implements AutoCloseable {

		private final byte @Nullable [] getResponse;

		private final ServerSocket server;

		private final CountDownLatch getReceived = new CountDownLatch(1);

		private final CountDownLatch closedByClient = new CountDownLatch(1);

		RawImdsServer(byte @Nullable [] getResponse) throws IOException {
			this.getResponse = getResponse;
			this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
			Thread acceptor = new Thread(this::accept, "raw-imds-server");
			acceptor.setDaemon(true);
			acceptor.start();
		}

		String endpoint() {
			return "http://127.0.0.1:" + this.server.getLocalPort();
		}

		void awaitGet() throws InterruptedException {
			assertThat(this.getReceived.await(30, TimeUnit.SECONDS)).as("GET received").isTrue();
		}

		void awaitConnectionClosed() throws InterruptedException {
			assertThat(this.closedByClient.await(30, TimeUnit.SECONDS)).as("connection closed by the client").isTrue();
		}

		private void accept() {
			while (!this.server.isClosed()) {
				try {
					Socket socket = this.server.accept();
					Thread handler = new Thread(() -> serve(socket), "raw-imds-connection");
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
				OutputStream out = socket.getOutputStream();
				String line;
				while ((line = in.readLine()) != null) {
					boolean put = line.startsWith("PUT");
					String header;
					while ((header = in.readLine()) != null && !header.isEmpty()) {
						// headers are not needed
					}
					if (put) {
						out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + TOKEN.length()
								+ "\r\nX-aws-ec2-metadata-token-ttl-seconds: 21600\r\n\r\n" + TOKEN)
							.getBytes(StandardCharsets.ISO_8859_1));
						out.flush();
					}
					else {
						this.getReceived.countDown();
						if (this.getResponse != null) {
							out.write(this.getResponse);
							out.flush();
						}
						else if (in.read() == -1) {
							// never answered: the read ends when the client closes the connection
							this.closedByClient.countDown();
						}
						return;
					}
				}
			}
			catch (IOException ex) {
				this.closedByClient.countDown();
			}
		}

		@Override
		public void close() throws IOException {
			this.server.close();
		}

	}

}
