package io.github.imds.testsupport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * A scheduler in test time, shared by the tests of every package (the credentials refresh, the lifecycle
 * poller): tasks run on the thread that calls {@link #runDue()} or {@link #advance(Duration)}, which moves the
 * clock from one due task to the next, so that time never passes a scheduled task without running it. Each
 * package adapts it to its own package-private scheduler interface.
 */
public final class TestTimeScheduler {

	private final Clock clock;

	private final Consumer<Duration> advanceClock;

	private final PriorityQueue<Task> queue = new PriorityQueue<>();

	private long sequence;

	private boolean closed;

	/**
	 * A scheduler on a clock that something else moves, such as the simulator's.
	 * @param clock the clock
	 * @param advanceClock moves the clock forward
	 */
	public TestTimeScheduler(Clock clock, Consumer<Duration> advanceClock) {
		this.clock = clock;
		this.advanceClock = advanceClock;
	}

	/**
	 * A scheduler on a {@link MutableClock}.
	 * @param clock the clock
	 */
	public TestTimeScheduler(MutableClock clock) {
		this(clock, clock::advance);
	}

	/**
	 * Runs {@code task} once the clock has moved by {@code delay}.
	 * @param task the task
	 * @param delay the delay
	 * @throws RejectedExecutionException once closed
	 */
	public synchronized void schedule(Runnable task, Duration delay) {
		if (this.closed) {
			throw new RejectedExecutionException("closed");
		}
		this.queue.add(new Task(this.clock.instant().plus(delay), this.sequence++, task));
	}

	/**
	 * Drops what is scheduled and rejects new tasks.
	 */
	public synchronized void close() {
		this.closed = true;
		this.queue.clear();
	}

	public synchronized boolean isClosed() {
		return this.closed;
	}

	public synchronized int pending() {
		return this.queue.size();
	}

	/**
	 * Runs the tasks that are due now, including those they schedule for now.
	 */
	public void runDue() {
		advance(Duration.ZERO);
	}

	/**
	 * Moves the clock forward by {@code amount}, running each task at its due time.
	 * @param amount how far
	 */
	public void advance(Duration amount) {
		Instant target = this.clock.instant().plus(amount);
		while (true) {
			Task next = pollDue(target);
			if (next == null) {
				break;
			}
			moveTo(next.due());
			next.runnable().run();
		}
		moveTo(target);
	}

	private void moveTo(Instant time) {
		Duration step = Duration.between(this.clock.instant(), time);
		if (!step.isNegative() && !step.isZero()) {
			this.advanceClock.accept(step);
		}
	}

	private synchronized @Nullable Task pollDue(Instant limit) {
		Task next = this.queue.peek();
		return (next != null && !next.due().isAfter(limit)) ? this.queue.poll() : null;
	}

	private record Task(Instant due, long sequence, Runnable runnable) implements Comparable<Task> {

		@Override
		public int compareTo(Task other) {
			int byDue = this.due.compareTo(other.due);
			return (byDue != 0) ? byDue : Long.compare(this.sequence, other.sequence);
		}

	}

}
