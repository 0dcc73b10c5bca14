package io.github.imds.credentials;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.github.imds.client.ImdsClient;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * {@link RoleCredentialsProvider} that reads the instance role's credentials from IMDS and refreshes them in
 * the background.
 * <p>
 * Refresh policy: {@link #start()} begins the first fetch at once, asynchronously. Later refreshes run at a
 * jittered moment {@link ImdsRoleCredentialsProviderBuilder#refreshBeforeExpiry(Duration) refreshBeforeExpiry}
 * before expiration, or at about half the remaining life when credentials live less than twice that. When
 * IMDS still returns the same credentials, the next try comes after half the remaining life again. Failures
 * are retried with capped exponential backoff and jitter. One refresh is in flight at a time, on one daemon
 * thread. The rules are in {@link RefreshTransitions}, the log lines in {@link RefreshLog}; this class
 * coordinates.
 * <p>
 * {@link #getCredentials()} reads a volatile field and never waits while the credentials are valid. A call
 * made before the first fetch completed waits for it, at most
 * {@link ImdsRoleCredentialsProviderBuilder#firstFetchTimeout(Duration) firstFetchTimeout}. A call that finds
 * the credentials expired while IMDS was not asked since (the host was suspended, a timer stalled) starts a
 * refresh and waits for it, at most
 * {@link ImdsRoleCredentialsProviderBuilder#expiredRefreshTimeout(Duration) expiredRefreshTimeout}: expired
 * credentials are not handed out while IMDS can give new ones.
 * <p>
 * Static stability (default on): when the credentials have expired and IMDS cannot give new ones, the last
 * ones keep being served, with one WARN per {@link #EXPIRED_WARNING_INTERVAL}, while refreshing goes on.
 * Credentials that arrive already expired count as such a failure. With static stability off,
 * {@link #getCredentials()} throws instead.
 *
 * @since 0.1.0
 */
public final class ImdsRoleCredentialsProvider implements RoleCredentialsProvider, AutoCloseable {

	/**
	 * Interval between two WARN lines while expired credentials are served.
	 */
	public static final Duration EXPIRED_WARNING_INTERVAL = Duration.ofMinutes(5);

	/**
	 * How late a scheduled refresh may be before a caller starts it: a host that was suspended does not run
	 * timers while asleep.
	 */
	static final Duration OVERDUE_GRACE = Duration.ofSeconds(30);

	private static final Log logger = LogFactory.getLog(ImdsRoleCredentialsProvider.class);

	private final RoleCredentialsFetcher fetcher;

	private final String endpoint;

	private final Clock clock;

	private final RefreshScheduler scheduler;

	private final RefreshTransitions transitions;

	private final RefreshLog log;

	private final Duration firstFetchTimeout;

	private final Duration expiredRefreshTimeout;

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

	ImdsRoleCredentialsProvider(ImdsRoleCredentialsProviderBuilder builder) {
		this.fetcher = new RoleCredentialsFetcher(builder.client, builder.roleName);
		this.endpoint = builder.client.endpoint().toString();
		this.clock = builder.clock;
		this.scheduler = (builder.scheduler != null) ? builder.scheduler : RefreshScheduler.daemonThread();
		this.transitions = new RefreshTransitions(builder.refreshBeforeExpiry, builder.staticStability,
				builder.random);
		this.log = new RefreshLog(this.endpoint, EXPIRED_WARNING_INTERVAL);
		this.firstFetchTimeout = builder.firstFetchTimeout;
		this.expiredRefreshTimeout = builder.expiredRefreshTimeout;
	}

	/**
	 * Returns a builder of a provider that reads from {@code client}.
	 * @param client the IMDS client
	 * @return a new builder
	 */
	public static ImdsRoleCredentialsProviderBuilder builder(ImdsClient client) {
		return new ImdsRoleCredentialsProviderBuilder(client);
	}

	/**
	 * Starts the first fetch in the background and returns at once. Calling it again does nothing.
	 */
	public void start() {
		synchronized (this.lock) {
			if (this.started || this.closed) {
				return;
			}
			this.started = true;
		}
		triggerRefresh();
	}

	/**
	 * Whether {@link #start()} was called, directly or by a first {@link #getCredentials()}.
	 * @return whether the provider fetches credentials
	 */
	public boolean isStarted() {
		synchronized (this.lock) {
			return this.started;
		}
	}

	private boolean isClosed() {
		synchronized (this.lock) {
			return this.closed;
		}
	}

	/**
	 * Stops refreshing and the refresh thread. Credentials already obtained are still returned.
	 */
	@Override
	public void close() {
		synchronized (this.lock) {
			this.closed = true;
			this.timerSequence++;
		}
		this.scheduler.close();
		this.firstAttempt.complete(null);
	}

	@Override
	public RoleCredentials getCredentials() {
		RefreshState current = this.state;
		Instant now = this.clock.instant();
		RefreshTransitions.Read read = this.transitions.read(current, now);
		if (read == RefreshTransitions.Read.AWAIT_FIRST) {
			current = awaitFirstAttempt();
			if (current.credentials() == null) {
				throw RefreshErrors.notLoaded(current, isClosed(), this.endpoint);
			}
			now = this.clock.instant();
			read = this.transitions.read(current, now);
		}
		if (read == RefreshTransitions.Read.AWAIT_REFRESH) {
			current = awaitRefresh();
			now = this.clock.instant();
			read = this.transitions.read(current, now);
		}
		RoleCredentials credentials = current.credentials();
		startIfOverdue(current, now);
		if (read == RefreshTransitions.Read.SERVE) {
			return credentials;
		}
		if (read != RefreshTransitions.Read.FAIL_EXPIRED && this.transitions.staticStability()) {
			// SERVE_EXPIRED, or AWAIT_REFRESH when the refresh did not end in time
			this.log.servingExpired(credentials, current.lastError(), now);
			return credentials;
		}
		throw RefreshErrors.expired(credentials, current.lastError());
	}

	@Override
	public CredentialsStatus status() {
		RefreshState current = this.state;
		RoleCredentials credentials = current.credentials();
		String roleName = (credentials != null) ? credentials.roleName() : this.fetcher.roleName();
		return new CredentialsStatus(this.transitions.stateAt(current, this.clock.instant()), roleName,
				(credentials != null) ? credentials.maskedAccessKeyId() : null,
				(credentials != null) ? credentials.expiration() : null, current.lastRefresh(), current.nextRefresh(),
				current.consecutiveFailures(), (current.lastError() != null) ? current.lastError().getMessage() : null,
				current.lastCode(), current.lastMessage(), this.fetcher.extended(),
				CredentialsSource.INSTANCE_PROFILE.id(), this.failures.snapshot());
	}

	@Override
	public CompletableFuture<CredentialsStatus> refreshNow() {
		return triggerRefresh();
	}

	@Override
	public String toString() {
		return "ImdsRoleCredentialsProvider[endpoint=%s, credentials=%s]".formatted(this.endpoint,
				this.state.credentials());
	}

	private CompletableFuture<CredentialsStatus> triggerRefresh() {
		CompletableFuture<CredentialsStatus> refresh;
		synchronized (this.lock) {
			if (this.inFlight != null) {
				return this.inFlight;
			}
			if (this.closed) {
				return CompletableFuture.completedFuture(status());
			}
			this.started = true;
			refresh = new CompletableFuture<>();
			this.inFlight = refresh;
			// The pending timer is replaced by the refresh that is starting now.
			this.timerSequence++;
			try {
				this.scheduler.schedule(() -> runRefresh(refresh), Duration.ZERO);
			}
			catch (RejectedExecutionException ex) {
				this.inFlight = null;
				refresh.complete(status());
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
		runRefresh(refresh);
	}

	private void runRefresh(CompletableFuture<CredentialsStatus> refresh) {
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
			refresh.complete(status());
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

	private void startIfOverdue(RefreshState current, Instant now) {
		Instant next = current.nextRefresh();
		if (next != null && now.isAfter(next.plus(OVERDUE_GRACE))) {
			triggerRefresh();
		}
	}

	private RefreshState awaitFirstAttempt() {
		start();
		try {
			this.firstAttempt.get(this.firstFetchTimeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			throw RefreshErrors.firstFetchTimedOut(this.endpoint, this.firstFetchTimeout);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new RoleCredentialsException("Interrupted while waiting for the first role credentials", ex);
		}
		catch (ExecutionException ex) {
			// not completed exceptionally
		}
		return this.state;
	}

	private RefreshState awaitRefresh() {
		try {
			triggerRefresh().get(this.expiredRefreshTimeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException | ExecutionException ex) {
			// not in time: the caller gets what static stability allows, and the refresh goes on
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return this.state;
	}

}
