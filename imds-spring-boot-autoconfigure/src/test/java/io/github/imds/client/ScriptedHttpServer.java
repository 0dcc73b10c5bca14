package io.github.imds.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A loopback HTTP/1.1 server for transport tests: it records every request head with the connection it came
 * on, answers as the test's {@link Responder} says, and tells when the client closed a connection.
 */
final class ScriptedHttpServer implements AutoCloseable {

	private static final Duration GUARD = Duration.ofSeconds(30);

	private final ServerSocket server;

	private final Responder responder;

	private final List<Connection> connections = new CopyOnWriteArrayList<>();

	private final List<Request> requests = new CopyOnWriteArrayList<>();

	ScriptedHttpServer(InetAddress loopback, Responder responder) {
		if (!loopback.isLoopbackAddress()) {
			throw new IllegalArgumentException("tests only listen on loopback, not " + loopback);
		}
		this.responder = responder;
		try {
			this.server = new ServerSocket(0, 50, loopback);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		Thread acceptor = new Thread(this::accept, "scripted-http-accept");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	ScriptedHttpServer(Responder responder) {
		this(InetAddress.getLoopbackAddress(), responder);
	}

	int port() {
		return this.server.getLocalPort();
	}

	URI uri() {
		return URI.create("http://127.0.0.1:" + port());
	}

	int connectionCount() {
		return this.connections.size();
	}

	List<Request> requests() {
		return List.copyOf(this.requests);
	}

	/** Waits until the client closed connection {@code index} (0 is the first accepted). */
	void awaitClosedByClient(int index) throws InterruptedException {
		assertThat(connection(index).closedByClient.await(GUARD.toSeconds(), TimeUnit.SECONDS))
			.as("connection %d closed by the client", index)
			.isTrue();
	}

	boolean isClosedByClient(int index) {
		return connection(index).closedByClient.getCount() == 0;
	}

	/** Waits until the server has closed connection {@code index} after an {@link Answer#resetAfter}. */
	void awaitClosedByServer(int index) throws InterruptedException {
		assertThat(connection(index).closedByServer.await(GUARD.toSeconds(), TimeUnit.SECONDS))
			.as("connection %d closed by the server", index)
			.isTrue();
	}

	private Connection connection(int index) {
		long end = System.nanoTime() + GUARD.toNanos();
		while (this.connections.size() <= index) {
			if (System.nanoTime() > end) {
				throw new AssertionError("no connection " + index);
			}
			Thread.onSpinWait();
		}
		return this.connections.get(index);
	}

	private void accept() {
		try {
			for (;;) {
				Socket socket = this.server.accept();
				Connection connection = new Connection(this.connections.size(), socket);
				this.connections.add(connection);
				Thread handler = new Thread(() -> serve(connection), "scripted-http-" + connection.index);
				handler.setDaemon(true);
				handler.start();
			}
		}
		catch (IOException ex) {
			// closed
		}
	}

	private void serve(Connection connection) {
		try (Socket socket = connection.socket) {
			InputStream in = socket.getInputStream();
			for (int number = 0;; number++) {
				String head = readHead(in);
				if (head == null) {
					connection.closedByClient.countDown();
					return;
				}
				Request request = new Request(connection.index, number, head);
				this.requests.add(request);
				Answer answer = this.responder.answer(request);
				if (answer.bytes() == null) {
					// never answered: wait for the client to give up
					if (in.read() == -1) {
						connection.closedByClient.countDown();
					}
					return;
				}
				socket.getOutputStream().write(answer.bytes());
				socket.getOutputStream().flush();
				if (answer.reset()) {
					socket.setSoLinger(true, 0);
					socket.close();
					connection.closedByServer.countDown();
					return;
				}
				if (answer.close()) {
					socket.shutdownOutput();
				}
			}
		}
		catch (IOException | InterruptedException ex) {
			connection.closedByClient.countDown();
		}
	}

	private static String readHead(InputStream in) throws IOException {
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		int matched = 0;
		for (int b = in.read(); b != -1; b = in.read()) {
			head.write(b);
			matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : ((b == '\r') ? 1 : 0);
			if (matched == 4) {
				return head.toString(StandardCharsets.ISO_8859_1);
			}
		}
		return null;
	}

	@Override
	public void close() throws IOException {
		this.server.close();
		for (Connection connection : this.connections) {
			connection.socket.close();
		}
	}

	/** One request head as received. */
	record Request(int connection, int number, String head) {
	}

	/** What to send back: bytes, then keep the connection, close it, or reset it. */
	record Answer(byte[] bytes, boolean close, boolean reset) {

		static Answer ok(String body) {
			return keepAlive("HTTP/1.1 200 OK\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
		}

		static Answer keepAlive(String response) {
			return new Answer(response.getBytes(StandardCharsets.ISO_8859_1), false, false);
		}

		static Answer thenClose(String response) {
			return new Answer(response.getBytes(StandardCharsets.ISO_8859_1), true, false);
		}

		static Answer resetAfter(String response) {
			return new Answer(response.getBytes(StandardCharsets.ISO_8859_1), false, true);
		}

		static Answer never() {
			return new Answer(null, false, false);
		}

	}

	@FunctionalInterface
	interface Responder {

		Answer answer(Request request) throws InterruptedException;

	}

	private static final class Connection {

		private final int index;

		private final Socket socket;

		private final CountDownLatch closedByClient = new CountDownLatch(1);

		private final CountDownLatch closedByServer = new CountDownLatch(1);

		Connection(int index, Socket socket) {
			this.index = index;
			this.socket = socket;
		}

	}

}
