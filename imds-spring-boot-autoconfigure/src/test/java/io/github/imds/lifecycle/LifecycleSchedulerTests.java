package io.github.imds.lifecycle;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link LifecycleScheduler#daemonThread(String)}: one named daemon thread, closed from outside (a
 * task in flight is interrupted and waited for) or from its own thread (never interrupted nor waited for).
 */
class LifecycleSchedulerTests {

	private static final String NAME = "imds-lifecycle-test";

	@Test
	void tasksRunOnOneNamedDaemonThread() throws Exception {
		LifecycleScheduler scheduler = LifecycleScheduler.daemonThread(NAME);
		try {
			CompletableFuture<Thread> thread = new CompletableFuture<>();
			scheduler.schedule(() -> thread.complete(Thread.currentThread()), Duration.ZERO);
			assertThat(thread.get(30, TimeUnit.SECONDS)).satisfies((ran) -> {
				assertThat(ran.getName()).isEqualTo(NAME);
				assertThat(ran.isDaemon()).isTrue();
			});
		}
		finally {
			scheduler.close(Duration.ofSeconds(30));
		}
	}

	@Test
	void closeInterruptsTheTaskInFlightAndWaitsForIt() throws Exception {
		LifecycleScheduler scheduler = LifecycleScheduler.daemonThread(NAME);
		CountDownLatch started = new CountDownLatch(1);
		CompletableFuture<Boolean> interrupted = new CompletableFuture<>();
		scheduler.schedule(() -> {
			started.countDown();
			try {
				Thread.sleep(Duration.ofMinutes(5).toMillis());
				interrupted.complete(false);
			}
			catch (InterruptedException ex) {
				interrupted.complete(true);
			}
		}, Duration.ZERO);
		assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
		scheduler.close(Duration.ofSeconds(30));
		// waited for: the task has ended when close returns
		assertThat(interrupted).isCompletedWithValue(true);
		assertThatExceptionOfType(RejectedExecutionException.class)
			.isThrownBy(() -> scheduler.schedule(() -> {
			}, Duration.ZERO));
	}

	@Test
	void closeByAnInterruptedThreadKeepsItsInterruptStatus() throws Exception {
		LifecycleScheduler scheduler = LifecycleScheduler.daemonThread(NAME);
		CountDownLatch started = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		scheduler.schedule(() -> {
			started.countDown();
			try {
				release.await();
			}
			catch (InterruptedException ex) {
				// closed
			}
		}, Duration.ZERO);
		assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
		Thread.currentThread().interrupt();
		try {
			scheduler.close(Duration.ofSeconds(30));
			assertThat(Thread.currentThread().isInterrupted()).isTrue();
		}
		finally {
			Thread.interrupted();
			release.countDown();
		}
	}

	@Test
	void closeFromItsOwnThreadNeitherInterruptsNorWaits() throws Exception {
		LifecycleScheduler scheduler = LifecycleScheduler.daemonThread(NAME);
		CompletableFuture<Boolean> interruptedAfterClose = new CompletableFuture<>();
		CountDownLatch laterTaskRan = new CountDownLatch(1);
		scheduler.schedule(() -> {
			scheduler.close(Duration.ofMinutes(5));
			interruptedAfterClose.complete(Thread.currentThread().isInterrupted());
		}, Duration.ZERO);
		assertThat(interruptedAfterClose.get(30, TimeUnit.SECONDS)).isFalse();
		assertThatExceptionOfType(RejectedExecutionException.class)
			.isThrownBy(() -> scheduler.schedule(laterTaskRan::countDown, Duration.ZERO));
	}

}
