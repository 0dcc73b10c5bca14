package io.github.imds.credentials;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;

import org.jspecify.annotations.Nullable;

/**
 * The pure part of {@link ImdsRoleCredentialsProvider}: from the state, the result of a fetch and the time,
 * the next state and the delay until the next refresh; and the status a state shows. No thread, no clock,
 * no log.
 */
final class RefreshTransitions {

	static final Duration BACKOFF_BASE = Duration.ofSeconds(1);

	static final Duration BACKOFF_CAP = Duration.ofMinutes(1);

	private final Duration refreshBeforeExpiry;

	private final boolean staticStability;

	private final Random random;

	RefreshTransitions(Duration refreshBeforeExpiry, boolean staticStability, Random random) {
		this.refreshBeforeExpiry = refreshBeforeExpiry;
		this.staticStability = staticStability;
		this.random = random;
	}

	boolean staticStability() {
		return this.staticStability;
	}

	/**
	 * After IMDS returned {@code fetched} at {@code now}.
	 */
	Transition fetched(RefreshState before, RoleCredentials fetched, Instant now) {
		if (fetched.isExpiredAt(now)) {
			RoleCredentialsException ex = new RefreshFailureCause.ExpiredOnArrivalException(("IMDS returned credentials of role '%s' "
					+ "(access key %s) that had already expired at %s, at %s by this host's clock; check the clock")
				.formatted(fetched.roleName(), fetched.maskedAccessKeyId(), fetched.expiration(), now));
			return failed(before, ex, fetched, now);
		}
		RoleCredentials previous = before.credentials();
		boolean same = fetched.equals(previous);
		RoleCredentials credentials = same ? previous : fetched;
		Duration delay = RefreshPolicy.nextRefresh(credentials.expiration(), now, this.refreshBeforeExpiry,
				this.random);
		RefreshState state = new RefreshState(credentials, now, now.plus(delay), now, 0, null, null, null);
		Kind kind = (previous == null || before.consecutiveFailures() > 0) ? Kind.OBTAINED
				: same ? Kind.SAME : Kind.ROTATED;
		return new Transition(state, delay, kind);
	}

	/**
	 * After the fetch failed with {@code ex} at {@code now}.
	 */
	Transition failed(RefreshState before, RuntimeException ex, Instant now) {
		return failed(before, ex, null, now);
	}

	private Transition failed(RefreshState before, RuntimeException ex, @Nullable RoleCredentials expiredOnArrival,
			Instant now) {
		int failures = before.consecutiveFailures() + 1;
		RoleCredentials credentials = before.credentials();
		Instant lastRefresh = before.lastRefresh();
		if (expiredOnArrival != null && this.staticStability
				&& (credentials == null || (credentials.isExpiredAt(now)
						&& expiredOnArrival.expiration().isAfter(credentials.expiration())))) {
			// Expired credentials are all there is: serve the newest, as for an outage at expiry.
			credentials = expiredOnArrival;
			lastRefresh = now;
		}
		Duration delay = RefreshPolicy.backoff(failures, BACKOFF_BASE, BACKOFF_CAP, this.random);
		String lastCode = before.lastCode();
		String lastMessage = before.lastMessage();
		if (ex instanceof RoleCredentialsCodeException codeException) {
			lastCode = codeException.getCode();
			lastMessage = codeException.getImdsMessage();
		}
		RefreshState state = new RefreshState(credentials, lastRefresh, now.plus(delay), now, failures, ex, lastCode,
				lastMessage);
		return new Transition(state, delay, Kind.FAILED);
	}

	/**
	 * The state that {@code state} shows at {@code now}.
	 */
	CredentialsStatus.State stateAt(RefreshState state, Instant now) {
		RoleCredentials credentials = state.credentials();
		RuntimeException error = state.lastError();
		if (credentials == null) {
			if (error == null) {
				return CredentialsStatus.State.NOT_LOADED;
			}
			if (error instanceof NoInstanceProfileException) {
				return CredentialsStatus.State.NO_INSTANCE_PROFILE;
			}
			return codeOrFailed(state);
		}
		if (!credentials.isExpiredAt(now)) {
			return (state.consecutiveFailures() > 0) ? CredentialsStatus.State.DEGRADED
					: CredentialsStatus.State.VALID;
		}
		if (this.staticStability) {
			return CredentialsStatus.State.EXPIRED_SERVED;
		}
		return codeOrFailed(state);
	}

	private static CredentialsStatus.State codeOrFailed(RefreshState state) {
		return (state.lastCode() != null) ? CredentialsStatus.State.CODE_NOT_SUCCESS : CredentialsStatus.State.FAILED;
	}

	/**
	 * What a caller of {@link RoleCredentialsProvider#getCredentials()} does with {@code state} at
	 * {@code now}.
	 */
	Read read(RefreshState state, Instant now) {
		RoleCredentials credentials = state.credentials();
		if (credentials == null) {
			return Read.AWAIT_FIRST;
		}
		if (!credentials.isExpiredAt(now)) {
			return Read.SERVE;
		}
		if (!state.attemptedSinceExpiry()) {
			// A suspended host or a stalled timer: IMDS was not asked since expiry, so ask before serving.
			return Read.AWAIT_REFRESH;
		}
		return this.staticStability ? Read.SERVE_EXPIRED : Read.FAIL_EXPIRED;
	}

	/**
	 * What the caller does.
	 */
	enum Read {

		/** Return the valid credentials. */
		SERVE,

		/** Wait, bounded, for the first fetch. */
		AWAIT_FIRST,

		/** Start a refresh and wait, bounded, for it: the credentials expired and IMDS was not asked since. */
		AWAIT_REFRESH,

		/** Return the expired credentials: IMDS could not give new ones (static stability). */
		SERVE_EXPIRED,

		/** Throw: expired, IMDS could not give new ones and static stability is off. */
		FAIL_EXPIRED

	}

	/**
	 * What a refresh ended with, for the log.
	 */
	enum Kind {

		/** First credentials, or the first after failures. */
		OBTAINED,

		/** New credentials replaced valid ones. */
		ROTATED,

		/** IMDS still serves the same credentials. */
		SAME,

		/** The fetch failed, or gave expired credentials. */
		FAILED

	}

	/**
	 * The next state and when to refresh again.
	 *
	 * @param state the next state
	 * @param delay the delay until the next refresh
	 * @param kind what happened
	 */
	record Transition(RefreshState state, Duration delay, Kind kind) {

	}

}
