package io.github.imds.ssrf;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bare HTTP/1.1 server on a loopback address that counts the connections it accepts (not the requests),
 * so that a test can tell that no socket was opened. Paths: {@code /redirect?to=URL} answers 302 to URL,
 * {@code /redirect307?to=URL} 307, anything else 200 with the body {@code NAME PATH}, followed by
 * {@code body=TEXT} (or {@code body=N bytes} beyond 64) when the request had a {@code Content-Length} body.
 * As a proxy (an absolute URI in the request line) it answers for any URL the same way, with the absolute
 * URI as {@code PATH}.
 */
final class LoopbackServer implements AutoCloseable {

	private final String name;

	private final ServerSocket socket;

	private final AtomicInteger connections = new AtomicInteger();

	private final Thread acceptor;

	LoopbackServer(String name, String loopbackAddress) throws IOException {
		InetAddress address = InetAddress.getByName(loopbackAddress);
		if (!address.isLoopbackAddress()) {
			throw new IllegalArgumentException("only loopback: " + loopbackAddress);
		}
		this.name = name;
		this.socket = new ServerSocket();
		this.socket.bind(new InetSocketAddress(address, 0));
		this.acceptor = new Thread(this::acceptAll, "loopback-" + name);
		this.acceptor.setDaemon(true);
		this.acceptor.start();
	}

	String url(String path) {
		return "http://" + this.socket.getInetAddress().getHostAddress() + ":" + this.socket.getLocalPort() + path;
	}

	int port() {
		return this.socket.getLocalPort();
	}

	int connections() {
		return this.connections.get();
	}

	private void acceptAll() {
		while (!this.socket.isClosed()) {
			try {
				Socket connection = this.socket.accept();
				this.connections.incrementAndGet();
				Thread handler = new Thread(() -> serve(connection), "loopback-" + this.name + "-conn");
				handler.setDaemon(true);
				handler.start();
			}
			catch (IOException ex) {
				return;
			}
		}
	}

	private void serve(Socket connection) {
		try (connection) {
			BufferedReader reader = new BufferedReader(
					new InputStreamReader(connection.getInputStream(), StandardCharsets.ISO_8859_1));
			OutputStream output = connection.getOutputStream();
			while (true) {
				String requestLine = reader.readLine();
				if (requestLine == null || requestLine.isEmpty()) {
					return;
				}
				int contentLength = 0;
				for (String line = reader.readLine(); line != null && !line.isEmpty(); line = reader.readLine()) {
					if (line.toLowerCase().startsWith("content-length:")) {
						contentLength = Integer.parseInt(line.substring(15).trim());
					}
				}
				StringBuilder received = new StringBuilder();
				for (int i = 0; i < contentLength; i++) {
					received.append((char) reader.read());
				}
				String path = requestLine.split(" ")[1];
				// a request through a proxy names the absolute URI: the server then answers as the proxy would
				String local = path.replaceFirst("^https?://[^/]+", "");
				String response;
				if (local.startsWith("/redirect?to=")) {
					response = "HTTP/1.1 302 Found\r\nLocation: " + local.substring("/redirect?to=".length())
							+ "\r\nContent-Length: 0\r\n\r\n";
				}
				else if (local.startsWith("/redirect307?to=")) {
					response = "HTTP/1.1 307 Temporary Redirect\r\nLocation: "
							+ local.substring("/redirect307?to=".length()) + "\r\nContent-Length: 0\r\n\r\n";
				}
				else {
					String body = this.name + " " + path + ((contentLength == 0) ? ""
							: (contentLength <= 64) ? " body=" + received : " body=" + contentLength + " bytes");
					response = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + body.length()
							+ "\r\n\r\n" + body;
				}
				output.write(response.getBytes(StandardCharsets.ISO_8859_1));
				output.flush();
			}
		}
		catch (IOException ex) {
			// the client went away
		}
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

}
