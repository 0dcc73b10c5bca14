package io.github.imds.reliability;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.imds.client.AwsSdkSettings;
import io.github.imds.client.ImdsClient;
import io.github.imds.client.ImdsConnectionException;
import io.github.imds.client.PlatformDetectionMode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * A connection reset in the middle of a body (headers and part of the body sent, then RST): the simulator
 * resets before answering, so a raw loopback server plays IMDS here. The client retries it as an IO error
 * and never returns the partial body.
 */
class ConnectionResetMidBodyTests {

	private static final String BODY = "i-0123456789abcdef0";

	@Test
	void resetInTheMiddleOfABodyIsRetriedAndNeverReturnsThePartialBody() throws Exception {
		try (PartialBodyServer server = new PartialBodyServer(2); ImdsClient client = client(server, 3)) {
			String body = assertTimeoutPreemptively(client.settings().worstCaseCallDuration(),
					() -> client.get("/latest/meta-data/instance-id").orElseThrow().asString());
			assertThat(body).isEqualTo(BODY);
			assertThat(server.gets()).isEqualTo(3);
		}
	}

	@Test
	void resetInTheMiddleOfEveryBodyFailsWithAnIoErrorWithinTheBound() throws Exception {
		try (PartialBodyServer server = new PartialBodyServer(Integer.MAX_VALUE); ImdsClient client = client(server, 3)) {
			assertTimeoutPreemptively(client.settings().worstCaseCallDuration(),
					() -> assertThatExceptionOfType(ImdsConnectionException.class)
						.isThrownBy(() -> client.get("/latest/meta-data/instance-id"))
						.withMessageContaining("3 attempts"));
			assertThat(server.gets()).isEqualTo(3);
		}
	}

	private static ImdsClient client(PartialBodyServer server, int maxAttempts) {
		return ImdsClient.builder()
			.endpoint("http://127.0.0.1:" + server.port())
			.platformDetection(PlatformDetectionMode.OFF)
			.sdkSettings(AwsSdkSettings.none())
			.connectTimeout(ReliabilityApplication.CONNECT_TIMEOUT)
			.readTimeout(ReliabilityApplication.READ_TIMEOUT)
			.maxAttempts(maxAttempts)
			.build();
	}

	/** Answers token PUTs; breaks the first {@code resets} GET bodies half-way with a TCP reset. */
	static final class PartialBodyServer implements AutoCloseable {

		private final ServerSocket socket;

		private final int resets;

		private final AtomicInteger gets = new AtomicInteger();

		PartialBodyServer(int resets) throws IOException {
			this.resets = resets;
			this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
			Thread acceptor = new Thread(this::serve, "partial-body-server");
			acceptor.setDaemon(true);
			acceptor.start();
		}

		private void serve() {
			while (!this.socket.isClosed()) {
				try (Socket connection = this.socket.accept()) {
					String head = readHead(connection.getInputStream());
					OutputStream out = connection.getOutputStream();
					if (head.startsWith("PUT")) {
						out.write(("HTTP/1.1 200 OK\r\nContent-Length: 9\r\nX-aws-ec2-metadata-token-ttl-seconds: "
								+ "21600\r\nConnection: close\r\n\r\nAQAEAFAKE").getBytes(StandardCharsets.US_ASCII));
					}
					else if (this.gets.incrementAndGet() <= this.resets) {
						out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + BODY.length() + "\r\n\r\n" + BODY.substring(0, 7))
							.getBytes(StandardCharsets.US_ASCII));
						out.flush();
						connection.setSoLinger(true, 0);
					}
					else {
						out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + BODY.length() + "\r\nConnection: close\r\n\r\n"
								+ BODY).getBytes(StandardCharsets.US_ASCII));
					}
					out.flush();
				}
				catch (IOException ex) {
					// closed, or the client went away
				}
			}
		}

		private static String readHead(InputStream in) throws IOException {
			StringBuilder head = new StringBuilder();
			int c;
			while ((c = in.read()) != -1) {
				head.append((char) c);
				if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
					break;
				}
			}
			return head.toString();
		}

		int port() {
			return this.socket.getLocalPort();
		}

		int gets() {
			return this.gets.get();
		}

		@Override
		public void close() throws IOException {
			this.socket.close();
		}

	}

}
