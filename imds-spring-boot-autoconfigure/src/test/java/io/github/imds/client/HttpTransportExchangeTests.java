package io.github.imds.client;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import io.github.imds.client.ScriptedHttpServer.Answer;
import io.github.imds.client.ScriptedHttpServer.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Tests for {@link HttpTransport} against a loopback {@link ScriptedHttpServer}: the request it writes, when it
 * keeps, reuses and closes connections, and what it reports when a response breaks off. Kept connections are
 * dated by a clock the test moves, so their reuse never depends on the machine's speed.
 */
class HttpTransportExchangeTests {

	private static final Duration MAX_IDLE = Duration.ofSeconds(2);

	private final AtomicLong idleClock = new AtomicLong(1_000_000_000L);

	private final ExecutorService executor = Executors.newCachedThreadPool();

	private ScriptedHttpServer server;

	private HttpTransport transport;

	@AfterEach
	void close() throws Exception {
		this.executor.shutdownNow();
		if (this.transport != null) {
			this.transport.close();
		}
		if (this.server != null) {
			this.server.close();
		}
	}

	private HttpTransport transport(ScriptedHttpServer server) {
		return transport(server.uri());
	}

	private HttpTransport transport(URI uri) {
		this.transport = new HttpTransport(uri, Duration.ofSeconds(5), Duration.ofSeconds(30), this.idleClock::get);
		return this.transport;
	}

	private static Exchange.Response response(Exchange exchange) {
		assertThat(exchange).isInstanceOf(Exchange.Response.class);
		return (Exchange.Response) exchange;
	}

	private static Exchange.Failure failure(Exchange exchange) {
		assertThat(exchange).isInstanceOf(Exchange.Failure.class);
		return (Exchange.Failure) exchange;
	}

	@Test
	void requestsCarryHostUserAgentAcceptTheHeadersAndABodyLengthOnPutAndPostOnly() throws Exception {
		this.server = new ScriptedHttpServer((request) -> Answer.ok("ok"));
		HttpTransport transport = transport(this.server);
		transport.exchange("PUT", "/latest/api/token", Map.of("X-aws-ec2-metadata-token-ttl-seconds", "21600"));
		transport.exchange("GET", "/latest/meta-data/instance-id", Map.of());
		transport.exchange("POST", "/latest/x", Map.of());
		transport.exchange("HEAD", "/latest/y", Map.of());
		String common = "HTTP/1.1\r\nHost: 127.0.0.1:" + this.server.port()
				+ "\r\nUser-Agent: imds-spring-boot/0.1.0\r\nAccept: */*\r\n";
		assertThat(this.server.requests()).extracting(Request::head)
			.containsExactly(
					"PUT /latest/api/token " + common
							+ "X-aws-ec2-metadata-token-ttl-seconds: 21600\r\nContent-Length: 0\r\n\r\n",
					"GET /latest/meta-data/instance-id " + common + "\r\n",
					"POST /latest/x " + common + "Content-Length: 0\r\n\r\n", "HEAD /latest/y " + common + "\r\n");
	}

	@Test
	void keptConnectionCarriesTheNextRequest() throws Exception {
		this.server = new ScriptedHttpServer((request) -> Answer.ok("body-" + request.number()));
		HttpTransport transport = transport(this.server);
		Exchange.Response first = response(transport.exchange("GET", "/latest/a", Map.of()));
		assertThat(first.body()).asString().isEqualTo("body-0");
		// a response may carry the token: its toString shows the status and the length only
		assertThat(first).hasToString("Response[status=200, length=6]");
		this.idleClock.addAndGet(MAX_IDLE.toNanos() - 1);
		assertThat(response(transport.exchange("GET", "/latest/b", Map.of())).body()).asString().isEqualTo("body-1");
		assertThat(this.server.requests()).extracting(Request::connection).containsExactly(0, 0);
		assertThat(this.server.connectionCount()).isOne();
	}

	@Test
	void connectionIdleForTwoSecondsIsClosedAndNotReused() throws Exception {
		this.server = new ScriptedHttpServer((request) -> Answer.ok("ok"));
		HttpTransport transport = transport(this.server);
		transport.exchange("GET", "/latest/a", Map.of());
		this.idleClock.addAndGet(MAX_IDLE.toNanos());
		assertThat(response(transport.exchange("GET", "/latest/b", Map.of())).status()).isEqualTo(200);
		assertThat(this.server.requests()).extracting(Request::connection).containsExactly(0, 1);
		this.server.awaitClosedByClient(0);
		assertThat(this.server.isClosedByClient(1)).isFalse();
	}

	@Test
	void responseThatEndsTheConnectionIsNotKept() throws Exception {
		this.server = new ScriptedHttpServer(
				(request) -> Answer.keepAlive("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok"));
		HttpTransport transport = transport(this.server);
		assertThat(response(transport.exchange("GET", "/latest/a", Map.of())).status()).isEqualTo(200);
		// the server leaves the connection open: the client closes it
		this.server.awaitClosedByClient(0);
		transport.exchange("GET", "/latest/b", Map.of());
		assertThat(this.server.connectionCount()).isEqualTo(2);
	}

	@Test
	void closeClosesTheKeptConnections() throws Exception {
		this.server = new ScriptedHttpServer((request) -> Answer.ok("ok"));
		HttpTransport transport = transport(this.server);
		transport.exchange("GET", "/latest/a", Map.of());
		assertThat(this.server.isClosedByClient(0)).isFalse();
		transport.close();
		this.server.awaitClosedByClient(0);
	}

	@Test
	void atMostEightConnectionsAreKeptAndTheNinthIsClosed() throws Exception {
		int parallel = 9;
		CountDownLatch allArrived = new CountDownLatch(parallel);
		this.server = new ScriptedHttpServer((request) -> {
			allArrived.countDown();
			// answer only once all nine are in flight, so that each has a connection of its own
			allArrived.await(30, TimeUnit.SECONDS);
			return Answer.ok("ok");
		});
		HttpTransport transport = transport(this.server);
		List<Future<Exchange>> exchanges = IntStream.range(0, parallel)
			.mapToObj((i) -> this.executor.submit(() -> transport.exchange("GET", "/latest/" + i, Map.of())))
			.toList();
		for (Future<Exchange> exchange : exchanges) {
			assertThat(response(exchange.get(30, TimeUnit.SECONDS)).status()).isEqualTo(200);
		}
		assertThat(this.server.connectionCount()).isEqualTo(parallel);
		// eight are kept; the ninth to finish finds the pool full and is closed
		await().atMost(Duration.ofSeconds(30))
			.until(() -> IntStream.range(0, parallel).filter(this.server::isClosedByClient).count() == 1);
	}

	@Test
	void interruptedCallerKeepsTheKeptConnectionForTheNextCall() throws Exception {
		this.server = new ScriptedHttpServer((request) -> Answer.ok("ok"));
		HttpTransport transport = transport(this.server);
		transport.exchange("GET", "/latest/a", Map.of());
		Thread.currentThread().interrupt();
		try {
			assertThatExceptionOfType(InterruptedException.class)
				.isThrownBy(() -> transport.exchange("GET", "/latest/b", Map.of()));
		}
		finally {
			Thread.interrupted();
		}
		transport.exchange("GET", "/latest/c", Map.of());
		assertThat(this.server.requests()).extracting(Request::connection).containsExactly(0, 0);
		assertThat(this.server.connectionCount()).isOne();
	}

	@Test
	void closedTransportSaysSoBeforeLookingAtTheRequest() {
		this.server = new ScriptedHttpServer((request) -> Answer.ok("ok"));
		HttpTransport transport = transport(this.server);
		transport.close();
		assertThatIllegalStateException()
			.isThrownBy(() -> transport.exchange("GET", "/latest/a", Map.of("X-Test", "line\r\nbreak")))
			.withMessage("ImdsClient is closed");
		assertThat(this.server.connectionCount()).isZero();
	}

	@Test
	void closeWhileWaitingForAResponseOnANewConnectionEndsTheCallAsClosed() throws Exception {
		CountDownLatch arrived = new CountDownLatch(1);
		this.server = new ScriptedHttpServer((request) -> {
			arrived.countDown();
			return Answer.never();
		});
		HttpTransport transport = transport(this.server);
		Future<Exchange> exchange = this.executor.submit(() -> transport.exchange("GET", "/latest/a", Map.of()));
		assertThat(arrived.await(30, TimeUnit.SECONDS)).isTrue();
		transport.close();
		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> exchange.get(30, TimeUnit.SECONDS))
			.havingCause()
			.isInstanceOf(IllegalStateException.class)
			.withMessage("ImdsClient is closed");
		this.server.awaitClosedByClient(0);
	}

	@Test
	void bodyCutShortIsAnIoErrorNamingWhatHappened() throws Exception {
		this.server = new ScriptedHttpServer(
				(request) -> Answer.thenClose("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"));
		Exchange.Failure failure = failure(transport(this.server).exchange("GET", "/latest/a", Map.of()));
		assertThat(failure.outcome()).isEqualTo(RequestOutcome.IO_ERROR);
		assertThat(failure.error()).isEqualTo("EOFException: body of 3 bytes where Content-Length said 10");
		assertThat(this.server.connectionCount()).isOne();
	}

	@Test
	void keptConnectionCutOffInTheMiddleOfTheResponseIsAnIoErrorNotARepeat() throws Exception {
		this.server = new ScriptedHttpServer((request) -> (request.number() == 0) ? Answer.ok("ok")
				: Answer.thenClose("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"));
		HttpTransport transport = transport(this.server);
		transport.exchange("GET", "/latest/a", Map.of());
		Exchange.Failure failure = failure(transport.exchange("GET", "/latest/b", Map.of()));
		assertThat(failure.error()).isEqualTo("EOFException: body of 3 bytes where Content-Length said 10");
		// bytes of a response had arrived: the request may have had an effect, it is not sent again
		assertThat(this.server.connectionCount()).isOne();
	}

	@Test
	void keptConnectionResetByTheServerIsReplacedByANewOne() throws Exception {
		this.server = new ScriptedHttpServer((request) -> (request.connection() == 0)
				? Answer.resetAfter("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok") : Answer.ok("second"));
		HttpTransport transport = transport(this.server);
		transport.exchange("GET", "/latest/a", Map.of());
		this.server.awaitClosedByServer(0);
		// the reset has reached the client's socket: the next write on it fails before any byte is read
		assertThat(response(transport.exchange("GET", "/latest/b", Map.of())).body()).asString().isEqualTo("second");
		assertThat(this.server.requests()).extracting(Request::connection).containsExactly(0, 1);
	}

	@Test
	void ipv6LiteralEndpointIsReached() throws Exception {
		InetAddress ipv6Loopback = InetAddress.getByName("::1");
		assumeTrue(ipv6Loopback instanceof Inet6Address && canListenOn(ipv6Loopback), "no IPv6 loopback here");
		this.server = new ScriptedHttpServer(ipv6Loopback, (request) -> Answer.ok("v6"));
		HttpTransport transport = transport(URI.create("http://[::1]:" + this.server.port()));
		assertThat(response(transport.exchange("GET", "/latest/a", Map.of())).body()).asString().isEqualTo("v6");
		assertThat(this.server.requests().get(0).head()).contains("\r\nHost: [::1]:" + this.server.port() + "\r\n");
	}

	private static boolean canListenOn(InetAddress address) {
		try (ServerSocket socket = new ServerSocket(0, 1, address)) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
