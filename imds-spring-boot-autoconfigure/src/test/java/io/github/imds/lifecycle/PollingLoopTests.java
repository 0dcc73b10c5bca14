package io.github.imds.lifecycle;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.imds.testsupport.MutableClock;
import io.github.imds.testsupport.TestTimeScheduler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link PollingLoop}, in test time: one scheduler per start, each a {@link TestTimeScheduler} on a
 * shared clock whose close the test can observe (and which, unlike a real one, keeps what is queued, so that
 * the loop itself must not run a tick after a stop).
 */
@ExtendWith(OutputCaptureExtension.class)
class PollingLoopTests {

	private static final Duration DELAY = Duration.ofSeconds(5);

	private final MutableClock clock = new MutableClock();

	private final List<ObservedScheduler> schedulers = new ArrayList<>();

	private final AtomicInteger polls = new AtomicInteger();

	private Runnable poll = this.polls::incrementAndGet;

	private final PollingLoop loop = new PollingLoop(this::newScheduler, () -> this.poll.run(), () -> DELAY);

	@Test
	void pollsAtOnceThenAfterEachDelay() {
		assertThat(this.loop.isRunning()).isFalse();
		this.loop.start();
		assertThat(this.loop.isRunning()).isTrue();
		ObservedScheduler scheduler = only();
		scheduler.time.runDue();
		assertThat(this.polls).hasValue(1);
		scheduler.time.advance(DELAY.minusMillis(1));
		assertThat(this.polls).hasValue(1);
		scheduler.time.advance(Duration.ofMillis(1));
		assertThat(this.polls).hasValue(2);
		scheduler.time.advance(DELAY.multipliedBy(3));
		assertThat(this.polls).hasValue(5);
	}

	@Test
	void secondStartIsIgnored() {
		this.loop.start();
		this.loop.start();
		assertThat(this.schedulers).hasSize(1);
		only().time.advance(DELAY);
		assertThat(this.polls).hasValue(2);
	}

	@Test
	void stopClosesTheSchedulerOnceAndNoTickRunsAfterIt() {
		this.loop.start();
		ObservedScheduler scheduler = only();
		scheduler.time.runDue();
		this.loop.stop(Duration.ofSeconds(1));
		assertThat(this.loop.isRunning()).isFalse();
		assertThat(scheduler.closes).isEqualTo(1);
		scheduler.time.advance(DELAY.multipliedBy(3));
		assertThat(this.polls).hasValue(1);
		this.loop.stop(Duration.ofSeconds(1));
		assertThat(scheduler.closes).isEqualTo(1);
	}

	@Test
	void stopBeforeStartDoesNothing() {
		this.loop.stop(Duration.ofSeconds(1));
		assertThat(this.schedulers).isEmpty();
		assertThat(this.loop.isRunning()).isFalse();
	}

	@Test
	void failingPollIsLoggedAndTheLoopGoesOn(CapturedOutput output) {
		this.poll = () -> {
			this.polls.incrementAndGet();
			throw new IllegalStateException("poll failed");
		};
		this.loop.start();
		only().time.advance(DELAY);
		assertThat(this.polls).hasValue(2);
		assertThat(output).contains("IMDS lifecycle poll failed").contains("poll failed");
	}

	@Test
	void pollThatThrowsAnErrorStillSchedulesTheNextPoll() {
		this.poll = () -> {
			this.polls.incrementAndGet();
			throw new AssertionError("poll broken");
		};
		this.loop.start();
		ObservedScheduler scheduler = only();
		assertThatExceptionOfType(AssertionError.class).isThrownBy(scheduler.time::runDue);
		assertThat(scheduler.time.pending()).isOne();
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> scheduler.time.advance(DELAY));
		assertThat(this.polls).hasValue(2);
	}

	@Test
	void errorInAPollAfterAStopSchedulesNothing() {
		this.poll = () -> {
			this.loop.stop(Duration.ofSeconds(1));
			throw new AssertionError("poll broken");
		};
		this.loop.start();
		ObservedScheduler scheduler = only();
		assertThatExceptionOfType(AssertionError.class).isThrownBy(scheduler.time::runDue);
		assertThat(scheduler.time.pending()).isZero();
	}

	@Test
	void tasksRunOnTheLoopOnlyWhileItRuns() {
		List<String> ran = new ArrayList<>();
		this.loop.runSoon(() -> ran.add("before start"));
		this.loop.start();
		ObservedScheduler scheduler = only();
		this.loop.runSoon(() -> ran.add("soon"));
		this.loop.runLater(() -> ran.add("later"), Duration.ofMillis(10));
		scheduler.time.runDue();
		assertThat(ran).containsExactly("soon");
		scheduler.time.advance(Duration.ofMillis(10));
		assertThat(ran).containsExactly("soon", "later");
		this.loop.stop(Duration.ofSeconds(1));
		this.loop.runSoon(() -> ran.add("after stop"));
		scheduler.time.advance(DELAY);
		assertThat(ran).containsExactly("soon", "later");
	}

	@Test
	void restartFromWithinAPollLeavesTheOldSchedulerIdle() {
		this.poll = () -> {
			if (this.polls.incrementAndGet() == 1) {
				this.loop.stop(Duration.ofSeconds(1));
				this.loop.start();
			}
		};
		this.loop.start();
		ObservedScheduler first = only();
		first.time.runDue();
		assertThat(this.schedulers).hasSize(2);
		ObservedScheduler second = this.schedulers.get(1);
		assertThat(first.time.pending()).isZero();
		assertThat(second.time.pending()).isOne();
		second.time.runDue();
		assertThat(this.polls).hasValue(2);
		assertThat(this.loop.isRunning()).isTrue();
	}

	@Test
	void schedulerClosedConcurrentlyEndsTheTicksQuietly() {
		this.loop.start();
		ObservedScheduler scheduler = only();
		scheduler.time.close();
		this.loop.runSoon(() -> {
		});
		assertThat(this.polls).hasValue(0);
		assertThat(this.loop.isRunning()).isTrue();
	}

	private ObservedScheduler only() {
		assertThat(this.schedulers).hasSize(1);
		return this.schedulers.get(0);
	}

	private LifecycleScheduler newScheduler() {
		ObservedScheduler scheduler = new ObservedScheduler(new TestTimeScheduler(this.clock));
		this.schedulers.add(scheduler);
		return scheduler;
	}

	private static final class ObservedScheduler implements LifecycleScheduler {

		private final TestTimeScheduler time;

		private int closes;

		ObservedScheduler(TestTimeScheduler time) {
			this.time = time;
		}

		@Override
		public void schedule(Runnable task, Duration delay) {
			this.time.schedule(task, delay);
		}

		@Override
		public void close(Duration timeout) {
			this.closes++;
		}

	}

}
