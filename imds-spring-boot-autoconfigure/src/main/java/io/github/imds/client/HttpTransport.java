package io.github.imds.client;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;

/**
 * Sends one HTTP/1.1 request over a plain {@link SocketChannel} and reads the response with
 * {@link HttpResponseReader}: IMDS speaks nothing else, and this way no JDK component sees a request header,
 * so none can log the token at any level ({@code HttpURLConnection} logs every request header at
 * {@code FINE}, which Spring Boot's JUL bridge prints at DEBUG).
 * <p>
 * Guarantees: no proxy ever (a channel knows neither {@code http.proxyHost} nor {@code socksProxyHost}), no
 * redirects, no {@code Authenticator}, bodies capped at {@link ImdsClient#MAX_BODY_BYTES}, a body cut short
 * is an error. One deadline (connect + read timeout) bounds the whole exchange, a trickling response
 * included; running out of it is an IO error, not a read timeout: only "connected, and no bytes within the
 * read timeout" is a {@link RequestOutcome#READ_TIMEOUT}, which on the token PUT means "hop limit".
 * <p>
 * The exchange runs on the caller's thread, with no worker and no thread of its own: a channel is
 * interruptible, so an interrupt closes the connection and ends the call at once, and {@link #close()}
 * closes every connection in flight. Connections are kept alive for the next request when the response
 * allows it; a request that fails on a kept connection before any byte of a response arrived is sent once
 * more on a new one, within the same deadline and while the caller waits for it: never after it left.
 */
final class HttpTransport {

	private static final String USER_AGENT = "imds-spring-boot/0.1.0";

	/** Idle connections kept; the startup load has at most this many requests in flight. */
	private static final int MAX_IDLE = 8;

	/** IMDS closes idle connections after a few seconds; never reuse one older than this. */
	private static final long MAX_IDLE_NANOS = Duration.ofSeconds(2).toNanos();

	/** An IPv6 literal stays bracketed, as in [fd00:ec2::254]: {@code InetAddress} accepts that form. */
	private final String hostName;

	private final int port;

	private final String host;

	private final int connectTimeoutMillis;

	private final int readTimeoutMillis;

	private final long deadlineNanos;

	private final Set<SocketChannel> inFlight = ConcurrentHashMap.newKeySet();

	private final ArrayDeque<Idle> idle = new ArrayDeque<>();

	/** Dates kept connections ({@link System#nanoTime()}; tests pass their own). */
	private final LongSupplier idleClock;

	private volatile boolean closed;

	HttpTransport(URI endpoint, Duration connectTimeout, Duration readTimeout) {
		this(endpoint, connectTimeout, readTimeout, System::nanoTime);
	}

	HttpTransport(URI endpoint, Duration connectTimeout, Duration readTimeout, LongSupplier idleClock) {
		this.port = (endpoint.getPort() != -1) ? endpoint.getPort() : 80;
		this.hostName = endpoint.getHost();
		this.host = endpoint.getRawAuthority();
		this.idleClock = idleClock;
		this.connectTimeoutMillis = toMillis(connectTimeout);
		this.readTimeoutMillis = toMillis(readTimeout);
		this.deadlineNanos = connectTimeout.plus(readTimeout).toNanos();
	}

	Exchange exchange(String method, String path, Map<String, String> headers) throws InterruptedException {
		if (this.closed) {
			throw closedException();
		}
		if (Thread.interrupted()) {
			throw new InterruptedException();
		}
		byte[] request = request(method, path, headers);
		long deadline = System.nanoTime() + this.deadlineNanos;
		Idle kept = takeIdle();
		if (kept != null) {
			Exchange exchange = attempt(kept.channel, true, method, request, deadline);
			if (exchange != null) {
				return exchange;
			}
			// the kept connection had been closed by IMDS before our request arrived: a new one
		}
		SocketChannel channel;
		try {
			channel = connect(deadline);
		}
		catch (ClosedByInterruptException ex) {
			throw interrupted();
		}
		catch (SocketTimeoutException ex) {
			return new Exchange.Failure(RequestOutcome.CONNECT_TIMEOUT, "connect timed out", ex);
		}
		catch (ConnectException ex) {
			return new Exchange.Failure(RequestOutcome.CONNECTION_REFUSED, "connection refused", ex);
		}
		catch (IOException ex) {
			if (Thread.currentThread().isInterrupted()) {
				throw interrupted();
			}
			return ioFailure(ex);
		}
		Exchange exchange = attempt(channel, false, method, request, deadline);
		return (exchange != null) ? exchange
				: new Exchange.Failure(RequestOutcome.IO_ERROR, "connection closed before a response", null);
	}

	/**
	 * Sends the request on {@code channel} and reads the response.
	 * @return the exchange, or {@code null} when a kept connection ended before any byte of a response
	 */
	private @Nullable Exchange attempt(SocketChannel channel, boolean reused, String method, byte[] request,
			long deadline) throws InterruptedException {
		this.inFlight.add(channel);
		boolean keep = false;
		DeadlineInputStream in = null;
		try {
			if (this.closed) {
				throw closedException();
			}
			channel.write(ByteBuffer.wrap(request));
			in = new DeadlineInputStream(channel.socket(), deadline, this.readTimeoutMillis);
			HttpResponseReader.HttpResponse response = HttpResponseReader.read(new BufferedInputStream(in, 8192),
					"HEAD".equals(method));
			keep = response.keepAlive() && !this.closed;
			return new Exchange.Response(response.status(), response.header(DefaultImdsClient.TTL_HEADER),
					response.body());
		}
		catch (ClosedByInterruptException ex) {
			throw interrupted();
		}
		catch (HttpResponseReader.MalformedResponseException ex) {
			return new Exchange.Failure(RequestOutcome.INVALID_RESPONSE, ex.getMessage(), null);
		}
		catch (DeadlineInputStream.DeadlineExceededException ex) {
			return new Exchange.Failure(RequestOutcome.IO_ERROR,
					"no complete response within the exchange's deadline of %d ms"
						.formatted(this.deadlineNanos / 1_000_000), ex);
		}
		catch (SocketTimeoutException ex) {
			return new Exchange.Failure(RequestOutcome.READ_TIMEOUT,
					"no response within " + this.readTimeoutMillis + " ms", ex);
		}
		catch (IOException ex) {
			if (this.closed) {
				throw closedException();
			}
			if (Thread.currentThread().isInterrupted()) {
				throw interrupted();
			}
			if (reused && (in == null || in.bytesRead() == 0)) {
				return null;
			}
			return ioFailure(ex);
		}
		finally {
			this.inFlight.remove(channel);
			if (keep) {
				keepIdle(channel);
			}
			else {
				closeQuietly(channel);
			}
		}
	}

	private SocketChannel connect(long deadline) throws IOException {
		InetSocketAddress resolved = new InetSocketAddress(this.hostName, this.port);
		SocketChannel channel = SocketChannel.open();
		this.inFlight.add(channel);
		try {
			if (this.closed) {
				throw closedException();
			}
			Socket socket = channel.socket();
			socket.setTcpNoDelay(true);
			socket.connect(resolved, (int) Math.max(1, Math.min(this.connectTimeoutMillis, remainingMillis(deadline))));
			return channel;
		}
		catch (IOException | RuntimeException ex) {
			closeQuietly(channel);
			if (this.closed) {
				throw closedException();
			}
			throw ex;
		}
		finally {
			this.inFlight.remove(channel);
		}
	}

	private byte[] request(String method, String path, Map<String, String> headers) {
		StringBuilder head = new StringBuilder(256).append(method).append(' ').append(encodePath(path))
			.append(" HTTP/1.1\r\nHost: ").append(this.host)
			.append("\r\nUser-Agent: ").append(USER_AGENT)
			.append("\r\nAccept: */*\r\n");
		headers.forEach((name, value) -> head.append(headerText(name)).append(": ").append(headerText(value)).append("\r\n"));
		if ("PUT".equals(method) || "POST".equals(method)) {
			head.append("Content-Length: 0\r\n");
		}
		return head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
	}

	/** Percent-encodes what a request line cannot carry (spaces, non-ASCII), as {@code URI} would. */
	static String encodePath(String path) {
		StringBuilder encoded = new StringBuilder(path.length());
		for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
			int c = b & 0xff;
			if (c > 0x20 && c < 0x7f && c != '"' && c != '<' && c != '>' && c != '\\' && c != '^' && c != '`'
					&& c != '{' && c != '|' && c != '}') {
				encoded.append((char) c);
			}
			else {
				encoded.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
					.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
			}
		}
		return encoded.toString();
	}

	private static String headerText(String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c < 0x20 || c >= 0x7f) {
				// never quote the value: it may be the token
				throw new IllegalArgumentException("A request header contains a character HTTP/1.1 cannot carry");
			}
		}
		return text;
	}

	private @Nullable Idle takeIdle() {
		synchronized (this.idle) {
			for (Idle kept = this.idle.pollLast(); kept != null; kept = this.idle.pollLast()) {
				if (this.idleClock.getAsLong() - kept.since < MAX_IDLE_NANOS && kept.channel.isOpen()) {
					return kept;
				}
				closeQuietly(kept.channel);
			}
			return null;
		}
	}

	private void keepIdle(SocketChannel channel) {
		synchronized (this.idle) {
			if (!this.closed && this.idle.size() < MAX_IDLE) {
				this.idle.addLast(new Idle(channel, this.idleClock.getAsLong()));
				return;
			}
		}
		closeQuietly(channel);
	}

	void close() {
		this.closed = true;
		synchronized (this.idle) {
			this.idle.forEach((kept) -> closeQuietly(kept.channel));
			this.idle.clear();
		}
		// a caller blocked on one of these gets an AsynchronousCloseException and then "ImdsClient is closed"
		this.inFlight.forEach(HttpTransport::closeQuietly);
	}

	private static InterruptedException interrupted() {
		// the channel turned the interrupt into its own closing; the caller gets the usual signal
		Thread.interrupted();
		return new InterruptedException("interrupted during an IMDS request");
	}

	private static IllegalStateException closedException() {
		return new IllegalStateException("ImdsClient is closed");
	}

	private static Exchange ioFailure(IOException ex) {
		String message = ex.getMessage();
		return new Exchange.Failure(RequestOutcome.IO_ERROR,
				ex.getClass().getSimpleName() + ((message != null) ? ": " + message : ""), ex);
	}

	private static void closeQuietly(SocketChannel channel) {
		try {
			channel.close();
		}
		catch (IOException ex) {
			// nothing left to release
		}
	}

	static long remainingMillis(long deadline) {
		return Math.max(0, (deadline - System.nanoTime()) / 1_000_000);
	}

	private static int toMillis(Duration duration) {
		return (int) Math.max(1, Math.min(Integer.MAX_VALUE, duration.toMillis()));
	}

	private record Idle(SocketChannel channel, long since) {
	}

}
