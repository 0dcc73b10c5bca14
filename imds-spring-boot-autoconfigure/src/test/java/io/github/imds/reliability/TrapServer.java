package io.github.imds.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback port that counts the connections it accepts and closes each at once: stands in for anything
 * IMDS traffic must never reach (a proxy, a redirect target).
 */
final class TrapServer implements AutoCloseable {

	private final ServerSocket socket;

	private final AtomicInteger connections = new AtomicInteger();

	private final Thread acceptor;

	TrapServer() {
		try {
			this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.acceptor = new Thread(this::accept, "trap-server");
		this.acceptor.setDaemon(true);
		this.acceptor.start();
	}

	private void accept() {
		while (!this.socket.isClosed()) {
			try (Socket accepted = this.socket.accept()) {
				this.connections.incrementAndGet();
			}
			catch (IOException ex) {
				// closed
			}
		}
	}

	int port() {
		return this.socket.getLocalPort();
	}

	String endpoint() {
		return "http://127.0.0.1:" + port();
	}

	int connections() {
		return this.connections.get();
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

}
