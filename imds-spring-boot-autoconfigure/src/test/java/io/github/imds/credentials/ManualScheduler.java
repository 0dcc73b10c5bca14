package io.github.imds.credentials;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * {@link RefreshScheduler} in test time: tasks run on the thread that calls {@link #runDue()} or
 * {@link #advance(Duration)}, which moves the clock from one due task to the next, so that time never
 * passes a scheduled refresh without running it.
 */
final class ManualScheduler implements RefreshScheduler {

	private final Clock clock;

	private final Consumer<Duration> advanceClock;

	private final PriorityQueue<Task> queue = new PriorityQueue<>();

	private long sequence;

	private boolean closed;

	ManualScheduler(Clock clock, Consumer<Duration> advanceClock) {
		this.clock = clock;
		this.advanceClock = advanceClock;
	}

	@Override
	public synchronized void schedule(Runnable task, Duration delay) {
		if (this.closed) {
			throw new RejectedExecutionException("closed");
		}
		this.queue.add(new Task(this.clock.instant().plus(delay), this.sequence++, task));
	}

	@Override
	public synchronized void close() {
		this.closed = true;
		this.queue.clear();
	}

	synchronized boolean isClosed() {
		return this.closed;
	}

	synchronized int pending() {
		return this.queue.size();
	}

	/**
	 * Runs the tasks that are due now, including those they schedule for now.
	 */
	void runDue() {
		Task task;
		while ((task = pollDue(this.clock.instant())) != null) {
			task.runnable.run();
		}
	}

	/**
	 * Moves the clock forward by {@code amount}, running each task at its due time.
	 * @param amount how far
	 */
	void advance(Duration amount) {
		Instant target = this.clock.instant().plus(amount);
		runDue();
		while (true) {
			Instant due = nextDue();
			if (due == null || due.isAfter(target)) {
				break;
			}
			moveTo(due);
			runDue();
		}
		moveTo(target);
		runDue();
	}

	private void moveTo(Instant time) {
		Duration step = Duration.between(this.clock.instant(), time);
		if (!step.isNegative() && !step.isZero()) {
			this.advanceClock.accept(step);
		}
	}

	private synchronized Instant nextDue() {
		Task next = this.queue.peek();
		return (next != null) ? next.due : null;
	}

	private synchronized Task pollDue(Instant now) {
		Task next = this.queue.peek();
		return (next != null && !next.due.isAfter(now)) ? this.queue.poll() : null;
	}

	private record Task(Instant due, long sequence, Runnable runnable) implements Comparable<Task> {

		@Override
		public int compareTo(Task other) {
			int byDue = this.due.compareTo(other.due);
			return (byDue != 0) ? byDue : Long.compare(this.sequence, other.sequence);
		}

	}

}
