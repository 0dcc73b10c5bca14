package io.github.imds.lifecycle;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Runs a poll over and over on a {@link LifecycleScheduler}, from {@link #start()} to {@link #stop()}; each
 * poll is followed by the delay the poller asks for.
 */
final class PollingLoop {

	private static final Log logger = LogFactory.getLog(InstanceLifecyclePoller.class);

	private final Supplier<LifecycleScheduler> schedulerFactory;

	private final Runnable poll;

	private final Supplier<Duration> nextDelay;

	private final Object monitor = new Object();

	private @Nullable LifecycleScheduler scheduler;

	private volatile boolean running;

	PollingLoop(Supplier<LifecycleScheduler> schedulerFactory, Runnable poll, Supplier<Duration> nextDelay) {
		this.schedulerFactory = schedulerFactory;
		this.poll = poll;
		this.nextDelay = nextDelay;
	}

	boolean isRunning() {
		return this.running;
	}

	void start() {
		synchronized (this.monitor) {
			if (this.running) {
				return;
			}
			LifecycleScheduler scheduler = this.schedulerFactory.get();
			this.scheduler = scheduler;
			this.running = true;
			scheduler.schedule(() -> tick(scheduler), Duration.ZERO);
		}
	}

	void stop(Duration timeout) {
		LifecycleScheduler scheduler;
		synchronized (this.monitor) {
			// not running: no scheduler, nothing to close
			this.running = false;
			scheduler = this.scheduler;
			this.scheduler = null;
		}
		if (scheduler != null) {
			scheduler.close(timeout);
		}
	}

	/**
	 * Runs a task on the polling thread as soon as it is free, if the loop runs.
	 * @param task the task
	 */
	void runSoon(Runnable task) {
		runLater(task, Duration.ZERO);
	}

	/**
	 * Runs a task on the polling thread after a delay, if the loop runs.
	 * @param task the task
	 * @param delay the delay
	 */
	void runLater(Runnable task, Duration delay) {
		synchronized (this.monitor) {
			LifecycleScheduler current = this.scheduler;
			if (this.running && current != null) {
				schedule(current, task, delay);
			}
		}
	}

	private void tick(LifecycleScheduler owner) {
		if (!this.running) {
			return;
		}
		try {
			this.poll.run();
		}
		catch (RuntimeException ex) {
			logger.warn("IMDS lifecycle poll failed", ex);
		}
		finally {
			Duration delay = this.nextDelay.get();
			synchronized (this.monitor) {
				// only on the scheduler that ran this tick: after a stop and a start, the new one has its own
				if (this.running && this.scheduler == owner) {
					schedule(owner, () -> tick(owner), delay);
				}
			}
		}
	}

	private static void schedule(LifecycleScheduler scheduler, Runnable task, Duration delay) {
		try {
			scheduler.schedule(task, delay);
		}
		catch (RejectedExecutionException ex) {
			// closed concurrently
		}
	}

}
