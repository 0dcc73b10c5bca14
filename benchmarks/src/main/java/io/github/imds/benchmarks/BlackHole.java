package io.github.imds.benchmarks;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback server that accepts connections and never answers: what an IMDS endpoint looks like to a client
 * when a firewall swallows its answers, or the hop limit drops the token response.
 */
final class BlackHole implements AutoCloseable {

	private final ServerSocket server;

	private final List<Socket> accepted = new CopyOnWriteArrayList<>();

	private BlackHole() throws IOException {
		this.server = new ServerSocket();
		this.server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
		Thread acceptor = new Thread(this::accept, "black-hole");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	static BlackHole start() throws IOException {
		return new BlackHole();
	}

	String endpoint() {
		return Loopback.requireLoopback("http://127.0.0.1:" + this.server.getLocalPort());
	}

	/** How many connections it accepted. */
	int connections() {
		return this.accepted.size();
	}

	private void accept() {
		while (!this.server.isClosed()) {
			try {
				// Held open, never read from or written to.
				this.accepted.add(this.server.accept());
			}
			catch (IOException ex) {
				return;
			}
		}
	}

	@Override
	public void close() throws IOException {
		this.server.close();
		for (Socket socket : this.accepted) {
			socket.close();
		}
	}

}
