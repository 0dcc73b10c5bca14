package io.github.imds.credentials;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The log lines of {@link ImdsRoleCredentialsProvider}: one INFO when credentials are first obtained (or
 * again after failures), one WARN when refreshing starts to fail, and a WARN per
 * {@link ImdsRoleCredentialsProvider#EXPIRED_WARNING_INTERVAL} while expired credentials are served; the
 * rest at DEBUG. Never a secret: credentials are shown by their masked access key id.
 */
final class RefreshLog {

	// the provider's name, so that existing logging configuration keeps applying
	private static final Log logger = LogFactory.getLog(ImdsRoleCredentialsProvider.class);

	private final String endpoint;

	private final Duration warningInterval;

	private final AtomicReference<Instant> nextExpiredWarning = new AtomicReference<>(Instant.MIN);

	RefreshLog(String endpoint, Duration warningInterval) {
		this.endpoint = endpoint;
		this.warningInterval = warningInterval;
	}

	/**
	 * Logs what a refresh ended with.
	 */
	void refreshed(RefreshState before, RefreshTransitions.Transition transition, Instant now,
			boolean staticStability) {
		RefreshState after = transition.state();
		RoleCredentials credentials = after.credentials();
		Instant next = after.nextRefresh();
		switch (transition.kind()) {
			case OBTAINED -> {
				this.nextExpiredWarning.set(Instant.MIN);
				String recovered = (before.consecutiveFailures() > 0)
						? " after %d failed attempts".formatted(before.consecutiveFailures()) : "";
				logger.info("Obtained credentials of role '%s' (access key %s, expiring at %s) from IMDS%s; next %s"
					.formatted(credentials.roleName(), credentials.maskedAccessKeyId(), credentials.expiration(),
							recovered, "refresh at " + next));
			}
			case SAME -> {
				this.nextExpiredWarning.set(Instant.MIN);
				logger.debug(("IMDS still serves the same credentials of role '%s' (expiring at %s); asking again at "
						+ "%s").formatted(credentials.roleName(), credentials.expiration(), next));
			}
			case ROTATED -> {
				this.nextExpiredWarning.set(Instant.MIN);
				if (logger.isDebugEnabled()) {
					logger.debug("Refreshed credentials of role '%s' (access key %s, expiring at %s); next refresh at %s"
						.formatted(credentials.roleName(), credentials.maskedAccessKeyId(), credentials.expiration(),
								next));
				}
			}
			case FAILED -> failed(before, after, now, staticStability);
		}
	}

	private void failed(RefreshState before, RefreshState after, Instant now, boolean staticStability) {
		RuntimeException ex = after.lastError();
		RoleCredentials served = after.credentials();
		int failures = after.consecutiveFailures();
		if (served != null && served.isExpiredAt(now)) {
			if (staticStability) {
				servingExpired(served, ex, now);
			}
			else {
				expired(served, ex, now);
			}
		}
		else if (failures == 1 || (ex instanceof NoInstanceProfileException
				&& !(before.lastError() instanceof NoInstanceProfileException))) {
			String holding = (served != null) ? "; the current credentials stay valid until " + served.expiration() : "";
			logger.warn("Could not obtain role credentials from IMDS at %s: %s%s; retrying at %s"
				.formatted(this.endpoint, describe(ex), holding, after.nextRefresh()));
		}
		else if (logger.isDebugEnabled()) {
			logger.debug("Credentials refresh failed %d times in a row; retrying at %s".formatted(failures,
					after.nextRefresh()), ex);
		}
	}

	/**
	 * A refresh that {@code close()} interrupted: not an IMDS failure.
	 */
	void endedByClose(RuntimeException ex) {
		logger.debug("Credentials refresh ended by close: " + ex.getMessage());
	}

	/**
	 * At most one WARN per interval while expired credentials are served.
	 */
	void servingExpired(RoleCredentials credentials, @Nullable Throwable cause, Instant now) {
		if (claimWarning(now)) {
			logger.warn(("Serving expired credentials of role '%s' (access key %s, expired at %s) because IMDS at %s "
					+ "cannot provide new ones: %s. Static stability keeps them in use while refreshing goes on; "
					+ "this is logged again in %s if it lasts")
				.formatted(credentials.roleName(), credentials.maskedAccessKeyId(), credentials.expiration(),
						this.endpoint, describe(cause), this.warningInterval));
		}
	}

	private void expired(RoleCredentials credentials, @Nullable Throwable cause, Instant now) {
		if (claimWarning(now)) {
			logger.warn(("Credentials of role '%s' (access key %s) expired at %s and IMDS at %s cannot provide new "
					+ "ones: %s. Static stability is off, so getting credentials fails until IMDS answers")
				.formatted(credentials.roleName(), credentials.maskedAccessKeyId(), credentials.expiration(),
						this.endpoint, describe(cause)));
		}
	}

	private boolean claimWarning(Instant now) {
		Instant due = this.nextExpiredWarning.get();
		return !now.isBefore(due) && this.nextExpiredWarning.compareAndSet(due, now.plus(this.warningInterval));
	}

	static String describe(@Nullable Throwable error) {
		return (error != null) ? String.valueOf(error.getMessage()) : "no answer yet";
	}

}
