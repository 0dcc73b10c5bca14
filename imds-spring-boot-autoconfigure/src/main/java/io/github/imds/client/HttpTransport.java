package io.github.imds.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Authenticator;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

/**
 * Sends one request over {@link HttpURLConnection}: HTTP/1.1, no proxy, no redirects, a capped body, and a
 * deadline on the whole exchange (a trickling body cannot hold the caller longer than connect + read
 * timeout).
 * <p>
 * Why not {@code java.net.http}: in a fresh JVM its first request costs about 250 ms of class loading and
 * initialization (its default {@code SSLContext} included) against about 35 ms for {@code HttpURLConnection},
 * and the metadata load runs once, at startup, in a fresh JVM ({@code benchmarks/run.sh}, section 3).
 * <p>
 * Blocking socket reads do not respond to interrupts, so each exchange runs on a worker thread while the
 * caller waits with the deadline. On timeout, interrupt or {@link #close()} the caller leaves at once: it
 * never touches the connection itself, since {@code disconnect()} may wait for the lock the worker's blocked
 * read holds. One shared daemon thread closes abandoned connections instead, which ends the worker's read
 * (headers trickling a byte at a time included) and keeps the JDK from resending the request; the worker also
 * checks after connecting and after every body read, and a body shorter than its {@code Content-Length} is
 * an error, never a response. Connections go back to the JDK's shared keep-alive cache only once a response
 * was read completely.
 */
final class HttpTransport {

	private static final String USER_AGENT = "imds-spring-boot/0.1.0";

	private static final AtomicInteger THREADS = new AtomicInteger();

	private final String endpoint;

	private final int connectTimeoutMillis;

	private final int readTimeoutMillis;

	private final Duration deadline;

	private final ExecutorService workers;

	/** Never asked: a JVM-wide default {@link Authenticator} must not answer IMDS's 401 with the application's password. */
	private static final Authenticator NO_AUTHENTICATION = new Authenticator() {
	};

	/** Closes abandoned connections off the callers' threads; a daemon that ends when idle. */
	private static final ExecutorService CLOSER = new ThreadPoolExecutor(0, 1, 30, TimeUnit.SECONDS,
			new LinkedBlockingQueue<>(), (runnable) -> {
				Thread thread = new Thread(runnable, "imds-http-closer");
				thread.setDaemon(true);
				return thread;
			});

	private final Map<CompletableFuture<Exchange>, HttpURLConnection> inFlight = new ConcurrentHashMap<>();

	HttpTransport(URI endpoint, Duration connectTimeout, Duration readTimeout) {
		this.endpoint = endpoint.toString();
		this.connectTimeoutMillis = toMillis(connectTimeout);
		this.readTimeoutMillis = toMillis(readTimeout);
		this.deadline = connectTimeout.plus(readTimeout);
		// Threads live only while requests flow: none are left behind between the startup load and the next
		// credentials refresh hours later.
		ThreadPoolExecutor executor = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS,
				new SynchronousQueue<>(), (runnable) -> {
					Thread thread = new Thread(runnable, "imds-http-" + THREADS.incrementAndGet());
					thread.setDaemon(true);
					return thread;
				});
		this.workers = executor;
	}

	Exchange exchange(String method, String path, Map<String, String> headers) throws InterruptedException {
		HttpURLConnection connection;
		try {
			connection = open(method, path, headers);
		}
		catch (IOException ex) {
			return new Exchange.Failure(RequestOutcome.IO_ERROR, describe(ex), ex);
		}
		CompletableFuture<Exchange> future = new CompletableFuture<>();
		long deadline = System.nanoTime() + this.deadline.toNanos();
		this.inFlight.put(future, connection);
		try {
			this.workers.execute(() -> {
				try {
					future.complete(send(connection, future, deadline));
				}
				catch (Throwable ex) {
					future.completeExceptionally(ex);
				}
			});
		}
		catch (RejectedExecutionException ex) {
			this.inFlight.remove(future);
			throw new IllegalStateException("ImdsClient is closed", ex);
		}
		try {
			return future.get(this.deadline.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			abandon(future, connection);
			return new Exchange.Failure(RequestOutcome.READ_TIMEOUT,
					"no complete response within " + this.deadline.toMillis() + " ms", null);
		}
		catch (InterruptedException ex) {
			abandon(future, connection);
			throw ex;
		}
		catch (ExecutionException ex) {
			Throwable cause = ex.getCause();
			if (cause instanceof RuntimeException runtime) {
				throw runtime;
			}
			if (cause instanceof Error error) {
				throw error;
			}
			throw new IllegalStateException(cause);
		}
		finally {
			this.inFlight.remove(future);
		}
	}

	private HttpURLConnection open(String method, String path, Map<String, String> headers) throws IOException {
		URL url = URI.create(this.endpoint + path).toURL();
		// NO_PROXY: IMDS is link-local; a JVM-wide http.proxyHost must never see the token or the credentials.
		HttpURLConnection connection = (HttpURLConnection) url.openConnection(Proxy.NO_PROXY);
		connection.setRequestMethod(method);
		connection.setConnectTimeout(this.connectTimeoutMillis);
		connection.setReadTimeout(this.readTimeoutMillis);
		connection.setInstanceFollowRedirects(false);
		connection.setUseCaches(false);
		connection.setAuthenticator(NO_AUTHENTICATION);
		connection.setRequestProperty("User-Agent", USER_AGENT);
		connection.setRequestProperty("Accept", "*/*");
		headers.forEach(connection::setRequestProperty);
		return connection;
	}

	/**
	 * Runs on a worker: connects, reads the status and the whole body, and says what happened. Never throws an
	 * {@link IOException}: every failure becomes an {@link Exchange.Failure}. Once the caller has left
	 * ({@code abandoned} is done), it sends nothing more and closes the connection.
	 */
	private Exchange send(HttpURLConnection connection, CompletableFuture<Exchange> abandoned, long deadline) {
		try {
			connection.connect();
		}
		catch (SocketTimeoutException ex) {
			return new Exchange.Failure(RequestOutcome.CONNECT_TIMEOUT, "connect timed out", ex);
		}
		catch (ConnectException ex) {
			return new Exchange.Failure(RequestOutcome.CONNECTION_REFUSED, "connection refused", ex);
		}
		catch (IOException ex) {
			return new Exchange.Failure(RequestOutcome.IO_ERROR, describe(ex), ex);
		}
		try {
			// getResponseCode() is what writes the request: not once the caller has left
			checkWanted(abandoned, deadline);
			int status = connection.getResponseCode();
			if (status < 0) {
				connection.disconnect();
				return new Exchange.Failure(RequestOutcome.INVALID_RESPONSE, "not an HTTP response", null);
			}
			String ttl = connection.getHeaderField(DefaultImdsClient.TTL_HEADER);
			byte[] body = readBody(connection, status, abandoned, deadline);
			if (body == null) {
				connection.disconnect();
				return new Exchange.Failure(RequestOutcome.INVALID_RESPONSE,
						"body larger than " + ImdsClient.MAX_BODY_BYTES + " bytes", null);
			}
			return new Exchange.Response(status, ttl, body);
		}
		catch (SocketTimeoutException ex) {
			connection.disconnect();
			return new Exchange.Failure(RequestOutcome.READ_TIMEOUT,
					"no response within " + this.readTimeoutMillis + " ms", ex);
		}
		catch (IOException ex) {
			connection.disconnect();
			return new Exchange.Failure(RequestOutcome.IO_ERROR, describe(ex), ex);
		}
	}

	/**
	 * The whole body, or {@code null} when it is larger than {@link ImdsClient#MAX_BODY_BYTES}. Reading it to
	 * the end lets the JDK keep the connection for the next request.
	 */
	private static byte @Nullable [] readBody(HttpURLConnection connection, int status,
			CompletableFuture<Exchange> abandoned, long deadline) throws IOException {
		long length = connection.getContentLengthLong();
		if (length > ImdsClient.MAX_BODY_BYTES) {
			return null;
		}
		InputStream stream = (status >= 400) ? connection.getErrorStream() : connection.getInputStream();
		if (stream == null) {
			return new byte[0];
		}
		try (InputStream in = stream) {
			ByteArrayOutputStream body = new ByteArrayOutputStream();
			byte[] buffer = new byte[8192];
			int read;
			while ((read = in.read(buffer)) != -1) {
				if (body.size() + read > ImdsClient.MAX_BODY_BYTES) {
					return null;
				}
				body.write(buffer, 0, read);
				// a body trickling a byte per read timeout would otherwise hold this worker indefinitely
				checkWanted(abandoned, deadline);
			}
			if (length >= 0 && body.size() != length) {
				throw new IOException("body of %d bytes where Content-Length said %d".formatted(body.size(), length));
			}
			return body.toByteArray();
		}
	}

	private static void checkWanted(CompletableFuture<Exchange> abandoned, long deadline) throws IOException {
		if (abandoned.isDone() || System.nanoTime() - deadline > 0) {
			throw new SocketTimeoutException("abandoned: the caller's deadline passed, or it was interrupted");
		}
	}

	private static String describe(IOException ex) {
		return ex.getClass().getSimpleName() + ((ex.getMessage() != null) ? ": " + ex.getMessage() : "");
	}

	private static int toMillis(Duration duration) {
		// HttpURLConnection takes int milliseconds, and 0 would mean "no timeout"
		return (int) Math.max(1, Math.min(Integer.MAX_VALUE, duration.toMillis()));
	}

	private static void abandon(CompletableFuture<Exchange> future, HttpURLConnection connection) {
		if (future.cancel(false)) {
			CLOSER.execute(connection::disconnect);
		}
	}

	void close() {
		this.workers.shutdown();
		this.inFlight.forEach((future, connection) -> {
			if (future.completeExceptionally(new IllegalStateException("ImdsClient is closed"))) {
				CLOSER.execute(connection::disconnect);
			}
		});
	}

}
