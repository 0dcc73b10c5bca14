package io.github.imds.credentials;

import java.time.Duration;

import io.github.imds.testsupport.TestTimeScheduler;

/**
 * The package's {@link RefreshScheduler} on the shared test-time scheduler, for the tests of this package.
 */
final class TestTimeRefreshScheduler {

	private TestTimeRefreshScheduler() {
	}

	static RefreshScheduler inTestTime(TestTimeScheduler scheduler) {
		return new RefreshScheduler() {

			@Override
			public void schedule(Runnable task, Duration delay) {
				scheduler.schedule(task, delay);
			}

			@Override
			public void close() {
				scheduler.close();
			}

		};
	}

}
