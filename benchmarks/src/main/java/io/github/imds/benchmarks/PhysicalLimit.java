package io.github.imds.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The physical limit of a startup load, run in a fresh JVM: the same requests as our load (recorded from the
 * simulator's journal), sent with the leanest JDK stack there is (a plain {@link Socket}, one HTTP/1.1
 * request per connection, no parsing beyond the status line), the token PUT first and then every GET on 8
 * threads. Nothing a real client needs (retries, deadlines, events, JSON, key mapping) is done.
 */
final class PhysicalLimit {

	static final int THREADS = 8;

	private PhysicalLimit() {
	}

	/**
	 * Sends the token PUT and then the GETs.
	 * @param endpoint the loopback endpoint
	 * @param paths the GET paths
	 */
	static void run(String endpoint, List<String> paths) throws Exception {
		URI uri = URI.create(Loopback.requireLoopback(endpoint));
		String token = new String(exchange(uri, "PUT /latest/api/token HTTP/1.1\r\nHost: " + uri.getAuthority()
				+ "\r\nX-aws-ec2-metadata-token-ttl-seconds: 21600\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"),
				StandardCharsets.ISO_8859_1);
		String value = token.substring(token.indexOf("\r\n\r\n") + 4).trim();
		ExecutorService pool = Executors.newFixedThreadPool(THREADS);
		try {
			List<Future<byte[]>> answers = new ArrayList<>();
			for (String path : paths) {
				String request = "GET " + path + " HTTP/1.1\r\nHost: " + uri.getAuthority()
						+ "\r\nX-aws-ec2-metadata-token: " + value + "\r\nConnection: close\r\n\r\n";
				answers.add(pool.submit(() -> exchange(uri, request)));
			}
			for (Future<byte[]> answer : answers) {
				answer.get();
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

	private static byte[] exchange(URI uri, String request) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 1000);
			socket.setSoTimeout(5000);
			OutputStream out = socket.getOutputStream();
			out.write(request.getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			InputStream in = socket.getInputStream();
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
