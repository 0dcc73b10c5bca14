package io.github.imds.lifecycle;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs the poller's ticks: one daemon thread in production, test time in tests.
 */
interface LifecycleScheduler {

	/**
	 * Runs a task once after a delay.
	 * @param task the task
	 * @param delay the delay
	 * @throws RejectedExecutionException once closed
	 */
	void schedule(Runnable task, Duration delay);

	/**
	 * Cancels what is scheduled, interrupts a task in flight and waits for it at most {@code timeout}; a task
	 * that closes its own scheduler is not waited for.
	 * @param timeout how long to wait
	 */
	void close(Duration timeout);

	/**
	 * A scheduler with one daemon thread.
	 * @param threadName the thread's name
	 * @return a new scheduler
	 */
	static LifecycleScheduler daemonThread(String threadName) {
		return new ThreadScheduler(threadName);
	}

	/**
	 * {@link LifecycleScheduler} on one daemon thread.
	 */
	final class ThreadScheduler implements LifecycleScheduler {

		private final String threadName;

		private final ScheduledExecutorService executor;

		ThreadScheduler(String threadName) {
			this.threadName = threadName;
			this.executor = Executors.newSingleThreadScheduledExecutor((runnable) -> {
				Thread thread = new Thread(runnable, threadName);
				thread.setDaemon(true);
				return thread;
			});
		}

		@Override
		public void schedule(Runnable task, Duration delay) {
			this.executor.schedule(task, Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
		}

		@Override
		public void close(Duration timeout) {
			if (Thread.currentThread().getName().equals(this.threadName)) {
				// A listener on the polling thread closed the context: interrupting or waiting for ourselves
				// would cut the rest of the shutdown short.
				this.executor.shutdown();
				return;
			}
			// Interrupts a request in flight; waits briefly so no event is published once the context is closed.
			this.executor.shutdownNow();
			try {
				this.executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

}
