package io.github.imds.metadata.internal;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.imds.client.ImdsClient;
import io.github.imds.client.ImdsException;
import io.github.imds.client.ImdsResponse;

/**
 * Runs a load's requests under one deadline, at most {@code parallelism} at a time, on daemon threads named
 * {@code imds-metadata-N} that are started as requests are queued and end with {@link #close()}. Each answer
 * goes to {@link LoadResults}: a 404 completes the path without entries, an {@link ImdsException} is recorded
 * with its message. After the deadline nothing more is started.
 */
final class DeadlineFetcher implements AutoCloseable {

	/**
	 * How long to wait for an interrupted first request to end with the client's exception. Short: an
	 * interrupted request ends at once.
	 */
	private static final Duration GRACE = Duration.ofMillis(250);

	private final ImdsClient client;

	private final LoadResults results;

	private final long deadline;

	private final ThreadPoolExecutor executor;

	DeadlineFetcher(ImdsClient client, LoadResults results, Duration budget, int parallelism) {
		this.client = client;
		this.results = results;
		this.deadline = System.nanoTime() + budget.toNanos();
		this.executor = new ThreadPoolExecutor(parallelism, parallelism, 0, TimeUnit.MILLISECONDS,
				new LinkedBlockingQueue<>(), new DaemonThreadFactory());
	}

	/**
	 * Requests one path alone and waits for it, so that the client fetches its token once before the fan-out.
	 * @param path the path
	 * @return the response, empty for a 404
	 * @throws ImdsException when the request fails within the budget
	 * @throws NoAnswerException when it does not end within the budget
	 * @throws InterruptedException when interrupted while waiting
	 */
	Optional<ImdsResponse> first(String path) throws InterruptedException {
		CompletableFuture<Optional<ImdsResponse>> future = new CompletableFuture<>();
		this.executor.execute(() -> {
			try {
				future.complete(this.client.get(path));
			}
			catch (Throwable ex) {
				future.completeExceptionally(ex);
			}
		});
		try {
			return future.get(remaining(), TimeUnit.NANOSECONDS);
		}
		catch (ExecutionException ex) {
			throw rethrow(ex.getCause());
		}
		catch (TimeoutException ex) {
			// The budget is the cause, whatever the interrupted request then reports ("interrupted"): the
			// caller records that. The grace lets the request thread end before the executor is dropped.
			this.executor.shutdownNow();
			try {
				future.get(GRACE.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (ExecutionException | TimeoutException ignored) {
				// no answer within the budget either way
			}
			throw new NoAnswerException();
		}
	}

	/**
	 * Queues a request unless its path was already requested; {@code handler} turns its response into
	 * entries and may queue dependent requests, which keeps the load open until they end too.
	 * @param path the path
	 * @param handler what the response gives
	 */
	void fetch(String path, Handler handler) {
		if (!this.results.begin(path)) {
			return;
		}
		try {
			this.executor.execute(() -> request(path, handler));
		}
		catch (RejectedExecutionException ex) {
			// The deadline passed and the executor stopped: the path stays pending and is reported.
		}
	}

	private void request(String path, Handler handler) {
		try {
			Optional<ImdsResponse> response = this.client.get(path);
			this.results.complete(path, response.map(handler::handle).orElse(Map.of()));
		}
		catch (ImdsException | Failure ex) {
			this.results.fail(path, ex.getMessage());
		}
		catch (RuntimeException ex) {
			// another exception's message may quote the body
			this.results.fail(path, "%s: %s".formatted(path, ex.getClass().getSimpleName()));
		}
	}

	/**
	 * Waits until every queued path ended or the deadline passed.
	 * @throws InterruptedException when interrupted while waiting
	 */
	void await() throws InterruptedException {
		this.results.await(this.deadline);
	}

	/**
	 * Interrupts the requests still running and lets the threads end.
	 */
	@Override
	public void close() {
		this.executor.shutdownNow();
		try {
			// idle or interrupted, the request threads end at once: none outlives the load
			this.executor.awaitTermination(GRACE.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private long remaining() {
		return Math.max(0, this.deadline - System.nanoTime());
	}

	private static RuntimeException rethrow(Throwable failure) {
		if (failure instanceof RuntimeException runtime) {
			return runtime;
		}
		if (failure instanceof Error error) {
			throw error;
		}
		return new IllegalStateException(failure);
	}

	/**
	 * Turns a response into entries.
	 */
	@FunctionalInterface
	interface Handler {

		Map<String, String> handle(ImdsResponse response);

	}

	/**
	 * A handler's failure, with a message that names the path and the cause, never the body, so it is
	 * recorded as it is.
	 */
	static final class Failure extends RuntimeException {

		private static final long serialVersionUID = 1L;

		Failure(String message) {
			super(message, null, false, false);
		}

	}

	/**
	 * The first request neither answered nor failed within the budget and the grace.
	 */
	static final class NoAnswerException extends RuntimeException {

		private static final long serialVersionUID = 1L;

		NoAnswerException() {
			super(null, null, false, false);
		}

	}

	private static final class DaemonThreadFactory implements ThreadFactory {

		private final AtomicInteger count = new AtomicInteger();

		@Override
		public Thread newThread(Runnable task) {
			Thread thread = new Thread(task, "imds-metadata-" + this.count.incrementAndGet());
			// Never keep the JVM alive for metadata, even if a request outlives the load.
			thread.setDaemon(true);
			return thread;
		}

	}

}
