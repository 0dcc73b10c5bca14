package io.github.imds.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A loopback stand-in in front of the simulator that holds what a startup load asks, so that tests see what
 * happens meanwhile without depending on timing: token PUTs go through at once, every other request once
 * {@link #open()} was called (after 30 s without it, 503). With {@link #failFirstClient()}, the requests that
 * carry the first token issued are answered 503 once open, as an IMDS that stopped answering one client.
 */
final class ImdsGate {

	private final URI target;

	private final HttpServer server;

	private final ExecutorService executor = Executors.newCachedThreadPool();

	private final CountDownLatch held = new CountDownLatch(1);

	private final CountDownLatch opened = new CountDownLatch(1);

	private final AtomicInteger tokenRequests = new AtomicInteger();

	private final AtomicReference<String> firstToken = new AtomicReference<>();

	private volatile boolean failFirstClient;

	ImdsGate(URI target) throws IOException {
		this.target = target;
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.setExecutor(this.executor);
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	String endpoint() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	void awaitHeldRequest() {
		try {
			assertThat(this.held.await(30, TimeUnit.SECONDS)).as("a metadata request reached the gate").isTrue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	void open() {
		this.opened.countDown();
	}

	void failFirstClient() {
		this.failFirstClient = true;
	}

	int tokenRequests() {
		return this.tokenRequests.get();
	}

	void close() {
		open();
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			if (exchange.getRequestMethod().equals("PUT")) {
				this.tokenRequests.incrementAndGet();
			}
			else {
				this.held.countDown();
				String token = exchange.getRequestHeaders().getFirst("X-aws-ec2-metadata-token");
				if (!this.opened.await(30, TimeUnit.SECONDS)
						|| (this.failFirstClient && token != null && token.equals(this.firstToken.get()))) {
					exchange.sendResponseHeaders(503, -1);
					return;
				}
			}
			forward(exchange);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void forward(HttpExchange exchange) throws IOException {
		HttpURLConnection connection = (HttpURLConnection) this.target.resolve(exchange.getRequestURI().toString())
			.toURL()
			.openConnection(Proxy.NO_PROXY);
		connection.setRequestMethod(exchange.getRequestMethod());
		for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
			if (header.getKey().toLowerCase(Locale.ROOT).startsWith("x-aws-ec2-metadata-token")) {
				connection.setRequestProperty(header.getKey(), header.getValue().get(0));
			}
		}
		int status = connection.getResponseCode();
		InputStream body = (status < 400) ? connection.getInputStream() : connection.getErrorStream();
		byte[] bytes = (body != null) ? body.readAllBytes() : new byte[0];
		if (exchange.getRequestMethod().equals("PUT") && status == 200) {
			this.firstToken.compareAndSet(null, new String(bytes, StandardCharsets.US_ASCII));
		}
		String ttl = connection.getHeaderField("X-aws-ec2-metadata-token-ttl-seconds");
		if (ttl != null) {
			exchange.getResponseHeaders().add("X-aws-ec2-metadata-token-ttl-seconds", ttl);
		}
		exchange.sendResponseHeaders(status, (bytes.length > 0) ? bytes.length : -1);
		if (bytes.length > 0) {
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(bytes);
			}
		}
	}

}

