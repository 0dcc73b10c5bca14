package io.github.imds.lifecycle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * {@link LifecycleScheduler} in test time: tasks run on the thread that calls {@link #advance(Duration)},
 * which moves the clock from one due task to the next, so that time never passes a scheduled poll without
 * running it.
 */
final class TestTimeScheduler implements LifecycleScheduler {

	private final Clock clock;

	private final Consumer<Duration> advanceClock;

	private final PriorityQueue<Task> queue = new PriorityQueue<>();

	private long sequence;

	private boolean closed;

	TestTimeScheduler(Clock clock, Consumer<Duration> advanceClock) {
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
	public synchronized void close(Duration timeout) {
		this.closed = true;
		this.queue.clear();
	}

	/**
	 * Moves the clock forward by {@code amount}, running each task at its due time.
	 * @param amount how far
	 */
	void advance(Duration amount) {
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
