package io.github.imds.credentials;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import io.github.imds.client.ImdsClient;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * {@link RoleCredentialsProvider} that reads the instance role's credentials from IMDS and refreshes them in
 * the background.
 * <p>
 * Refresh policy: {@link #start()} begins the first fetch at once, asynchronously. Later refreshes run at a
 * jittered moment {@link Builder#refreshBeforeExpiry(Duration) refreshBeforeExpiry} before expiration, or
 * at about half the remaining life when credentials live less than twice that. When IMDS still returns the
 * same credentials, the next try comes after half the remaining life again. Failures are retried with
 * capped exponential backoff and jitter. One refresh is in flight at a time, on one daemon thread.
 * <p>
 * {@link #getCredentials()} reads a volatile field and never waits while the credentials are valid. Only a
 * call made before the first fetch completed waits for it, at most {@link Builder#firstFetchTimeout(Duration)
 * firstFetchTimeout}.
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

	static final Duration BACKOFF_BASE = Duration.ofSeconds(1);

	static final Duration BACKOFF_CAP = Duration.ofMinutes(1);

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

	private final Duration refreshBeforeExpiry;

	private final boolean staticStability;

	private final Duration firstFetchTimeout;

	private final Random random;

	private final Object lock = new Object();

	/** Completed once the first fetch has ended, whatever its outcome, or on close. */
	private final CompletableFuture<Void> firstAttempt = new CompletableFuture<>();

	private final AtomicReference<Instant> nextExpiredWarning = new AtomicReference<>(Instant.MIN);

	/** The only field callers read; replaced as a whole by the refresh. */
	private volatile State state = State.INITIAL;

	// guarded by lock
	private @Nullable CompletableFuture<CredentialsStatus> inFlight;

	// guarded by lock; a timer only runs when its number is still the latest
	private long timerSequence;

	// guarded by lock
	private boolean started;

	// guarded by lock
	private boolean closed;

	private ImdsRoleCredentialsProvider(Builder builder) {
		this.fetcher = new RoleCredentialsFetcher(builder.client, builder.roleName);
		this.endpoint = builder.client.endpoint().toString();
		this.clock = builder.clock;
		this.scheduler = (builder.scheduler != null) ? builder.scheduler : RefreshScheduler.daemonThread();
		this.refreshBeforeExpiry = builder.refreshBeforeExpiry;
		this.staticStability = builder.staticStability;
		this.firstFetchTimeout = builder.firstFetchTimeout;
		this.random = builder.random;
	}

	/**
	 * Returns a builder of a provider that reads from {@code client}.
	 * @param client the IMDS client
	 * @return a new builder
	 */
	public static Builder builder(ImdsClient client) {
		return new Builder(client);
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
		State current = this.state;
		RoleCredentials credentials = current.credentials;
		Instant now = this.clock.instant();
		if (credentials != null && !credentials.isExpiredAt(now)) {
			startIfOverdue(current, now);
			return credentials;
		}
		if (credentials == null) {
			current = awaitFirstAttempt();
			credentials = current.credentials;
			if (credentials == null) {
				throw notLoaded(current);
			}
			now = this.clock.instant();
			if (!credentials.isExpiredAt(now)) {
				return credentials;
			}
		}
		startIfOverdue(current, now);
		if (this.staticStability) {
			warnServingExpired(credentials, current.lastError, now);
			return credentials;
		}
		throw new RoleCredentialsException(("Credentials of role '%s' expired at %s and IMDS could not provide new "
				+ "ones (static stability is off): %s")
			.formatted(credentials.roleName(), credentials.expiration(), describe(current.lastError)),
				current.lastError);
	}

	@Override
	public CredentialsStatus status() {
		State current = this.state;
		RoleCredentials credentials = current.credentials;
		Instant now = this.clock.instant();
		CredentialsState value;
		if (credentials == null) {
			value = (current.lastError == null) ? CredentialsState.NOT_LOADED
					: (current.lastError instanceof NoInstanceProfileException) ? CredentialsState.NO_INSTANCE_PROFILE
							: CredentialsState.FAILED;
		}
		else if (!credentials.isExpiredAt(now)) {
			value = (current.consecutiveFailures > 0) ? CredentialsState.REFRESH_FAILING : CredentialsState.VALID;
		}
		else {
			value = this.staticStability ? CredentialsState.EXPIRED_SERVED : CredentialsState.FAILED;
		}
		String roleName = (credentials != null) ? credentials.roleName() : this.fetcher.roleName();
		return new CredentialsStatus(value, roleName, (credentials != null) ? credentials.maskedAccessKeyId() : null,
				(credentials != null) ? credentials.expiration() : null, current.lastRefresh, current.nextRefresh,
				current.consecutiveFailures, (current.lastError != null) ? current.lastError.getMessage() : null,
				current.lastCode, current.lastMessage, this.fetcher.extended());
	}

	@Override
	public CompletableFuture<CredentialsStatus> refreshNow() {
		return triggerRefresh();
	}

	@Override
	public String toString() {
		State current = this.state;
		return "ImdsRoleCredentialsProvider[endpoint=%s, credentials=%s]".formatted(this.endpoint,
				current.credentials);
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
		Outcome outcome = null;
		boolean closedMeanwhile;
		try {
			outcome = attempt();
		}
		finally {
			synchronized (this.lock) {
				Duration delay = BACKOFF_CAP;
				if (outcome != null) {
					this.state = outcome.state;
					delay = outcome.delay;
				}
				this.inFlight = null;
				closedMeanwhile = this.closed;
				scheduleLocked(delay);
			}
			this.firstAttempt.complete(null);
			refresh.complete(status());
		}
		if (closedMeanwhile && outcome.state.lastError != null) {
			// close() interrupted the request: not an IMDS failure, and the application is shutting down
			logger.debug("Credentials refresh ended by close: " + outcome.state.lastError.getMessage());
			return;
		}
		outcome.log.run();
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

	private Outcome attempt() {
		State before = this.state;
		RoleCredentials fetched;
		try {
			fetched = this.fetcher.fetch();
		}
		catch (RuntimeException ex) {
			return failed(before, ex, null);
		}
		Instant now = this.clock.instant();
		if (fetched.isExpiredAt(now)) {
			RoleCredentialsException ex = new RoleCredentialsException(("IMDS returned credentials of role '%s' "
					+ "(access key %s) that had already expired at %s, at %s by this host's clock; check the clock")
				.formatted(fetched.roleName(), fetched.maskedAccessKeyId(), fetched.expiration(), now), null);
			return failed(before, ex, fetched);
		}
		RoleCredentials previous = before.credentials;
		boolean same = fetched.equals(previous);
		RoleCredentials credentials = same ? previous : fetched;
		Duration delay = RefreshPolicy.nextRefresh(credentials.expiration(), now, this.refreshBeforeExpiry,
				this.random);
		Instant next = now.plus(delay);
		State state = new State(credentials, now, next, 0, null, null, null);
		this.nextExpiredWarning.set(Instant.MIN);
		Runnable log = () -> {
			if (previous == null || before.consecutiveFailures > 0) {
				String recovered = (before.consecutiveFailures > 0)
						? " after %d failed attempts".formatted(before.consecutiveFailures) : "";
				logger.info("Obtained credentials of role '%s' (access key %s, expiring at %s) from IMDS%s; next %s"
					.formatted(credentials.roleName(), credentials.maskedAccessKeyId(), credentials.expiration(),
							recovered, "refresh at " + next));
			}
			else if (same) {
				logger.debug(("IMDS still serves the same credentials of role '%s' (expiring at %s); asking again at "
						+ "%s").formatted(credentials.roleName(), credentials.expiration(), next));
			}
			else if (logger.isDebugEnabled()) {
				logger.debug("Refreshed credentials of role '%s' (access key %s, expiring at %s); next refresh at %s"
					.formatted(credentials.roleName(), credentials.maskedAccessKeyId(), credentials.expiration(),
							next));
			}
		};
		return new Outcome(state, delay, log);
	}

	private Outcome failed(State before, RuntimeException ex, @Nullable RoleCredentials expiredOnArrival) {
		Instant now = this.clock.instant();
		int failures = before.consecutiveFailures + 1;
		RoleCredentials credentials = before.credentials;
		Instant lastRefresh = before.lastRefresh;
		if (expiredOnArrival != null && this.staticStability
				&& (credentials == null || (credentials.isExpiredAt(now)
						&& expiredOnArrival.expiration().isAfter(credentials.expiration())))) {
			// Expired credentials are all there is: serve the newest, as for an outage at expiry.
			credentials = expiredOnArrival;
			lastRefresh = now;
		}
		Duration delay = RefreshPolicy.backoff(failures, BACKOFF_BASE, BACKOFF_CAP, this.random);
		Instant next = now.plus(delay);
		String lastCode = before.lastCode;
		String lastMessage = before.lastMessage;
		if (ex instanceof RoleCredentialsCodeException codeException) {
			lastCode = codeException.getCode();
			lastMessage = codeException.getImdsMessage();
		}
		State state = new State(credentials, lastRefresh, next, failures, ex, lastCode, lastMessage);
		RoleCredentials served = credentials;
		Runnable log = () -> {
			if (served != null && served.isExpiredAt(now)) {
				if (this.staticStability) {
					warnServingExpired(served, ex, now);
				}
				else {
					warnExpired(served, ex, now);
				}
			}
			else if (failures == 1 || (ex instanceof NoInstanceProfileException
					&& !(before.lastError instanceof NoInstanceProfileException))) {
				String holding = (served != null) ? "; the current credentials stay valid until " + served.expiration()
						: "";
				logger.warn("Could not obtain role credentials from IMDS at %s: %s%s; retrying at %s"
					.formatted(this.endpoint, ex.getMessage(), holding, next));
			}
			else if (logger.isDebugEnabled()) {
				logger.debug("Credentials refresh failed %d times in a row; retrying at %s".formatted(failures, next),
						ex);
			}
		};
		return new Outcome(state, delay, log);
	}

	private void warnServingExpired(RoleCredentials credentials, @Nullable Throwable cause, Instant now) {
		if (claimWarning(now)) {
			logger.warn(("Serving expired credentials of role '%s' (access key %s, expired at %s) because IMDS at %s "
					+ "cannot provide new ones: %s. Static stability keeps them in use while refreshing goes on; "
					+ "this is logged again in %s if it lasts")
				.formatted(credentials.roleName(), credentials.maskedAccessKeyId(), credentials.expiration(),
						this.endpoint, describe(cause), EXPIRED_WARNING_INTERVAL));
		}
	}

	private void warnExpired(RoleCredentials credentials, @Nullable Throwable cause, Instant now) {
		if (claimWarning(now)) {
			logger.warn(("Credentials of role '%s' (access key %s) expired at %s and IMDS at %s cannot provide new "
					+ "ones: %s. Static stability is off, so getting credentials fails until IMDS answers")
				.formatted(credentials.roleName(), credentials.maskedAccessKeyId(), credentials.expiration(),
						this.endpoint, describe(cause)));
		}
	}

	private boolean claimWarning(Instant now) {
		Instant due = this.nextExpiredWarning.get();
		return !now.isBefore(due) && this.nextExpiredWarning.compareAndSet(due, now.plus(EXPIRED_WARNING_INTERVAL));
	}

	private void startIfOverdue(State current, Instant now) {
		Instant next = current.nextRefresh;
		if (next != null && now.isAfter(next.plus(OVERDUE_GRACE))) {
			triggerRefresh();
		}
	}

	private State awaitFirstAttempt() {
		start();
		try {
			this.firstAttempt.get(this.firstFetchTimeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			throw new RoleCredentialsException(("Role credentials are not loaded yet: the first request to IMDS at %s "
					+ "did not complete within %s").formatted(this.endpoint, this.firstFetchTimeout), null);
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

	private RoleCredentialsException notLoaded(State current) {
		Throwable error = current.lastError;
		if (error instanceof NoInstanceProfileException) {
			// A fresh instance, so that each caller's stack trace is its own.
			return new NoInstanceProfileException(RoleCredentialsFetcher.LEGACY_PATH);
		}
		boolean closed;
		synchronized (this.lock) {
			closed = this.closed;
		}
		if (closed) {
			return new RoleCredentialsException("No role credentials: the provider is closed", error);
		}
		return new RoleCredentialsException(("No role credentials: the first fetch from IMDS at %s failed: %s; "
				+ "retrying in the background").formatted(this.endpoint, describe(error)), error);
	}

	private static String describe(@Nullable Throwable error) {
		return (error != null) ? String.valueOf(error.getMessage()) : "no answer yet";
	}

	private record State(@Nullable RoleCredentials credentials, @Nullable Instant lastRefresh,
			@Nullable Instant nextRefresh, int consecutiveFailures, @Nullable RuntimeException lastError,
			@Nullable String lastCode, @Nullable String lastMessage) {

		static final State INITIAL = new State(null, null, null, 0, null, null, null);

	}

	private record Outcome(State state, Duration delay, Runnable log) {

	}

	/**
	 * Builder of {@link ImdsRoleCredentialsProvider}.
	 *
	 * @since 0.1.0
	 */
	public static final class Builder {

		private final ImdsClient client;

		private @Nullable String roleName;

		private Duration refreshBeforeExpiry = Duration.ofMinutes(15);

		private boolean staticStability = true;

		private Clock clock = Clock.systemUTC();

		private Duration firstFetchTimeout = Duration.ofSeconds(10);

		private @Nullable RefreshScheduler scheduler;

		private Random random = new Random();

		private Builder(ImdsClient client) {
			this.client = Objects.requireNonNull(client, "'client' must not be null");
		}

		/**
		 * The role whose credentials to read; {@code null} (default) discovers it from IMDS.
		 * @param roleName the role name or {@code null}
		 * @return this builder
		 */
		public Builder roleName(@Nullable String roleName) {
			this.roleName = roleName;
			return this;
		}

		/**
		 * How long before expiration to refresh (default 15 minutes); jittered, and half the remaining life
		 * for credentials that live less than twice that.
		 * @param refreshBeforeExpiry a positive duration
		 * @return this builder
		 */
		public Builder refreshBeforeExpiry(Duration refreshBeforeExpiry) {
			this.refreshBeforeExpiry = refreshBeforeExpiry;
			return this;
		}

		/**
		 * Whether to keep serving expired credentials while IMDS cannot give new ones (default {@code true}).
		 * @param staticStability whether to serve expired credentials
		 * @return this builder
		 */
		public Builder staticStability(boolean staticStability) {
			this.staticStability = staticStability;
			return this;
		}

		/**
		 * Clock for expiry and refresh times (default the system UTC clock).
		 * @param clock the clock
		 * @return this builder
		 */
		public Builder clock(Clock clock) {
			this.clock = clock;
			return this;
		}

		/**
		 * Longest wait of a {@link RoleCredentialsProvider#getCredentials()} call made before the first
		 * fetch completed (default 10 seconds).
		 * @param firstFetchTimeout a positive duration
		 * @return this builder
		 */
		public Builder firstFetchTimeout(Duration firstFetchTimeout) {
			this.firstFetchTimeout = firstFetchTimeout;
			return this;
		}

		Builder scheduler(RefreshScheduler scheduler) {
			this.scheduler = scheduler;
			return this;
		}

		Builder random(Random random) {
			this.random = random;
			return this;
		}

		/**
		 * Builds the provider; {@link ImdsRoleCredentialsProvider#start()} starts it.
		 * @return the provider
		 * @throws IllegalArgumentException when a duration is not positive
		 */
		public ImdsRoleCredentialsProvider build() {
			Objects.requireNonNull(this.clock, "'clock' must not be null");
			requirePositive(this.refreshBeforeExpiry, "refreshBeforeExpiry");
			requirePositive(this.firstFetchTimeout, "firstFetchTimeout");
			return new ImdsRoleCredentialsProvider(this);
		}

		private static void requirePositive(@Nullable Duration duration, String name) {
			if (duration == null || duration.isNegative() || duration.isZero()) {
				throw new IllegalArgumentException("'%s' must be positive but was '%s'".formatted(name, duration));
			}
		}

	}

}
