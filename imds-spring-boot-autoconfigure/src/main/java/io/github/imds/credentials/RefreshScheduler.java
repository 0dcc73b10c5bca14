package io.github.imds.credentials;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs refreshes. An interface of its own so that tests run them in test time; the default is one named
 * daemon thread.
 */
interface RefreshScheduler extends AutoCloseable {

	/**
	 * Runs {@code task} after {@code delay}.
	 * @param task the task
	 * @param delay the delay, zero to run as soon as possible
	 * @throws java.util.concurrent.RejectedExecutionException after {@link #close()}
	 */
	void schedule(Runnable task, Duration delay);

	/**
	 * Stops the scheduler; tasks not started are dropped, a running one is interrupted.
	 */
	@Override
	void close();

	/**
	 * The default scheduler: a single daemon thread named {@code imds-credentials-refresh-N}.
	 * @return a new scheduler
	 */
	static RefreshScheduler daemonThread() {
		return new ThreadRefreshScheduler();
	}

	final class ThreadRefreshScheduler implements RefreshScheduler {

		private static final AtomicInteger COUNT = new AtomicInteger();

		private final ScheduledThreadPoolExecutor executor;

		ThreadRefreshScheduler() {
			ThreadFactory defaults = Executors.defaultThreadFactory();
			String name = "imds-credentials-refresh-" + COUNT.incrementAndGet();
			this.executor = new ScheduledThreadPoolExecutor(1, (runnable) -> {
				Thread thread = defaults.newThread(runnable);
				thread.setName(name);
				// A daemon, so that a context that is never closed does not keep the JVM alive.
				thread.setDaemon(true);
				return thread;
			});
		}

		@Override
		public void schedule(Runnable task, Duration delay) {
			this.executor.schedule(task, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
		}

		@Override
		public void close() {
			// drops the delayed tasks too, whatever the executor's shutdown policy
			this.executor.shutdownNow();
		}

	}

}
