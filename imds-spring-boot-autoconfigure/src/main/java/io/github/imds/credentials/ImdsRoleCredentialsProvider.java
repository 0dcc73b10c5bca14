package io.github.imds.credentials;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.github.imds.client.ImdsClient;

/**
 * {@link RoleCredentialsProvider} that reads the instance role's credentials from IMDS and refreshes them in
 * the background.
 * <p>
 * Refresh policy: {@link #start()} begins the first fetch at once, asynchronously. Later refreshes run at a
 * jittered moment {@link ImdsRoleCredentialsProviderBuilder#refreshBeforeExpiry(Duration) refreshBeforeExpiry}
 * before expiration, or at about half the remaining life when credentials live less than twice that. When
 * IMDS still returns the same credentials, the next try comes after half the remaining life again. Failures
 * are retried with capped exponential backoff and jitter. One refresh is in flight at a time, on one daemon
 * thread. The rules are in {@link RefreshTransitions}, the log lines in {@link RefreshLog}, the refresh runs
 * in {@link RefreshCoordinator}; this class serves callers.
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

	private final RoleCredentialsFetcher fetcher;

	private final String endpoint;

	private final Clock clock;

	private final RefreshTransitions transitions;

	private final RefreshLog log;

	private final RefreshCoordinator refreshes;

	private final Duration firstFetchTimeout;

	private final Duration expiredRefreshTimeout;

	ImdsRoleCredentialsProvider(ImdsRoleCredentialsProviderBuilder builder) {
		this.fetcher = new RoleCredentialsFetcher(builder.client, builder.roleName);
		this.endpoint = builder.client.endpoint().toString();
		this.clock = builder.clock;
		this.transitions = new RefreshTransitions(builder.refreshBeforeExpiry, builder.staticStability,
				builder.random);
		this.log = new RefreshLog(this.endpoint, EXPIRED_WARNING_INTERVAL);
		this.refreshes = new RefreshCoordinator(this.fetcher, this.clock,
				(builder.scheduler != null) ? builder.scheduler : RefreshScheduler.daemonThread(), this.transitions,
				this.log, this::status);
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
		if (this.refreshes.markStarted()) {
			this.refreshes.trigger();
		}
	}

	/**
	 * Whether {@link #start()} was called, directly or by a first {@link #getCredentials()}.
	 * @return whether the provider fetches credentials
	 */
	public boolean isStarted() {
		return this.refreshes.isStarted();
	}

	/**
	 * Stops refreshing and the refresh thread. Credentials already obtained are still returned.
	 */
	@Override
	public void close() {
		this.refreshes.close();
	}

	@Override
	public RoleCredentials getCredentials() {
		RefreshState current = this.refreshes.state();
		Instant now = this.clock.instant();
		RefreshTransitions.Read read = this.transitions.read(current, now);
		if (read == RefreshTransitions.Read.AWAIT_FIRST) {
			current = awaitFirstAttempt();
			if (current.credentials() == null) {
				throw RefreshErrors.notLoaded(current, this.refreshes.isClosed(), this.endpoint);
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
		RefreshState current = this.refreshes.state();
		RoleCredentials credentials = current.credentials();
		String roleName = (credentials != null) ? credentials.roleName() : this.fetcher.roleName();
		return new CredentialsStatus(this.transitions.stateAt(current, this.clock.instant()), roleName,
				(credentials != null) ? credentials.maskedAccessKeyId() : null,
				(credentials != null) ? credentials.expiration() : null, current.lastRefresh(), current.nextRefresh(),
				current.consecutiveFailures(), (current.lastError() != null) ? current.lastError().getMessage() : null,
				current.lastCode(), current.lastMessage(), this.fetcher.extended(),
				CredentialsSource.INSTANCE_PROFILE.id(), this.refreshes.failureCounts());
	}

	@Override
	public CompletableFuture<CredentialsStatus> refreshNow() {
		return this.refreshes.trigger();
	}

	@Override
	public String toString() {
		return "ImdsRoleCredentialsProvider[endpoint=%s, credentials=%s]".formatted(this.endpoint,
				this.refreshes.state().credentials());
	}

	private void startIfOverdue(RefreshState current, Instant now) {
		Instant next = current.nextRefresh();
		if (next != null && now.isAfter(next.plus(OVERDUE_GRACE))) {
			this.refreshes.trigger();
		}
	}

	private RefreshState awaitFirstAttempt() {
		start();
		try {
			return this.refreshes.awaitFirstAttempt(this.firstFetchTimeout);
		}
		catch (TimeoutException ex) {
			throw RefreshErrors.firstFetchTimedOut(this.endpoint, this.firstFetchTimeout);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new RoleCredentialsException("Interrupted while waiting for the first role credentials", ex);
		}
	}

	private RefreshState awaitRefresh() {
		try {
			this.refreshes.trigger().get(this.expiredRefreshTimeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException | ExecutionException ex) {
			// not in time: the caller gets what static stability allows, and the refresh goes on
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return this.refreshes.state();
	}

}
