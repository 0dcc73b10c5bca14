package io.github.imds.credentials;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Runs the refreshes of an {@link ImdsRoleCredentialsProvider}: one at a time on its {@link RefreshScheduler},
 * each applying the {@link RefreshTransitions transition} of the fetch's outcome and scheduling the next. A
 * timer only runs while no newer refresh replaced it. Holds the one {@link RefreshState} callers read, and the
 * failure counts by cause.
 */
final class RefreshCoordinator {

	private static final Log logger = LogFactory.getLog(ImdsRoleCredentialsProvider.class);

	private final RoleCredentialsFetcher fetcher;

	private final Clock clock;

	private final RefreshScheduler scheduler;

	private final RefreshTransitions transitions;

	private final RefreshLog log;

	private final Supplier<CredentialsStatus> status;

	private final Object lock = new Object();

	/** Completed once the first fetch has ended, whatever its outcome, or on close. */
	private final CompletableFuture<Void> firstAttempt = new CompletableFuture<>();

	private final RefreshFailureCause.Counts failures = new RefreshFailureCause.Counts();

	/** The only field callers read; replaced as a whole by the refresh. */
	private volatile RefreshState state = RefreshState.INITIAL;

	// guarded by lock
	private @Nullable CompletableFuture<CredentialsStatus> inFlight;

	// guarded by lock; a timer only runs when its number is still the latest
	private long timerSequence;

	// guarded by lock
	private boolean started;

	// guarded by lock
	private boolean closed;

	/**
	 * Creates a coordinator.
	 * @param status what a completed refresh's future holds, read after the refresh
	 */
	RefreshCoordinator(RoleCredentialsFetcher fetcher, Clock clock, RefreshScheduler scheduler,
			RefreshTransitions transitions, RefreshLog log, Supplier<CredentialsStatus> status) {
		this.fetcher = fetcher;
		this.clock = clock;
		this.scheduler = scheduler;
		this.transitions = transitions;
		this.log = log;
		this.status = status;
	}

	RefreshState state() {
		return this.state;
	}

	Map<String, Long> failureCounts() {
		return this.failures.snapshot();
	}

	/**
	 * Marks the refreshes started.
	 * @return {@code true} when this call started them, {@code false} when started or closed before
	 */
	boolean markStarted() {
		synchronized (this.lock) {
			if (this.started || this.closed) {
				return false;
			}
			this.started = true;
			return true;
		}
	}

	boolean isStarted() {
		synchronized (this.lock) {
			return this.started;
		}
	}

	boolean isClosed() {
		synchronized (this.lock) {
			return this.closed;
		}
	}

	/**
	 * Stops the timers and the scheduler, and releases whoever waits for the first attempt.
	 */
	void close() {
		synchronized (this.lock) {
			this.closed = true;
			this.timerSequence++;
		}
		this.scheduler.close();
		this.firstAttempt.complete(null);
	}

	/**
	 * Waits until the first fetch has ended (or the coordinator is closed).
	 * @param timeout how long to wait at most
	 * @return the state then
	 * @throws TimeoutException when it did not end in time
	 * @throws InterruptedException when interrupted while waiting
	 */
	RefreshState awaitFirstAttempt(Duration timeout) throws TimeoutException, InterruptedException {
		try {
			this.firstAttempt.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			// not completed exceptionally
		}
		return this.state;
	}

	/**
	 * Starts a refresh now, or joins the one in flight.
	 * @return the refresh, completed with the status after it
	 */
	CompletableFuture<CredentialsStatus> trigger() {
		CompletableFuture<CredentialsStatus> refresh;
		synchronized (this.lock) {
			if (this.inFlight != null) {
				return this.inFlight;
			}
			if (this.closed) {
				return CompletableFuture.completedFuture(this.status.get());
			}
			this.started = true;
			refresh = new CompletableFuture<>();
			this.inFlight = refresh;
			// The pending timer is replaced by the refresh that is starting now.
			this.timerSequence++;
			try {
				this.scheduler.schedule(() -> run(refresh), Duration.ZERO);
			}
			catch (RejectedExecutionException ex) {
				this.inFlight = null;
				refresh.complete(this.status.get());
			}
		}
		return refresh;
	}

	private void onTimer(long sequence) {
		CompletableFuture<CredentialsStatus> refresh;
		synchronized (this.lock) {
			if (sequence != this.timerSequence || this.inFlight != null || this.closed) {
				return;
			}
			refresh = new CompletableFuture<>();
			this.inFlight = refresh;
		}
		run(refresh);
	}

	private void run(CompletableFuture<CredentialsStatus> refresh) {
		RefreshState before = this.state;
		RefreshTransitions.Transition transition = null;
		boolean closedMeanwhile;
		try {
			transition = attempt(before);
		}
		finally {
			synchronized (this.lock) {
				Duration delay = RefreshTransitions.BACKOFF_CAP;
				if (transition != null) {
					this.state = transition.state();
					delay = transition.delay();
				}
				this.inFlight = null;
				closedMeanwhile = this.closed;
				scheduleLocked(delay);
			}
			// counted before the refresh completes, so that the status it completes with shows this failure; an
			// attempt that close() interrupted is not an IMDS failure
			RuntimeException failed = (transition != null) ? transition.state().lastError() : null;
			if (failed != null && !closedMeanwhile) {
				this.failures.record(failed);
			}
			this.firstAttempt.complete(null);
			refresh.complete(this.status.get());
		}
		RuntimeException error = transition.state().lastError();
		if (error != null && closedMeanwhile) {
			// the application is shutting down
			this.log.endedByClose(error);
			return;
		}
		this.log.refreshed(before, transition, transition.state().lastAttempt(), this.transitions.staticStability());
	}

	private RefreshTransitions.Transition attempt(RefreshState before) {
		RoleCredentials fetched;
		try {
			fetched = this.fetcher.fetch();
		}
		catch (RuntimeException ex) {
			return this.transitions.failed(before, ex, this.clock.instant());
		}
		return this.transitions.fetched(before, fetched, this.clock.instant());
	}

	private void scheduleLocked(Duration delay) {
		if (this.closed) {
			return;
		}
		long sequence = ++this.timerSequence;
		try {
			this.scheduler.schedule(() -> onTimer(sequence), delay);
		}
		catch (RejectedExecutionException ex) {
			logger.debug("Credentials refresh not scheduled: the scheduler is shut down");
		}
	}

}
