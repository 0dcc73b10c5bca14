package io.github.imds.credentials;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * What {@link ImdsRoleCredentialsProvider} holds between two refreshes; replaced as a whole.
 *
 * @param credentials the credentials served, or {@code null} before the first success
 * @param lastRefresh when credentials were last obtained, or {@code null}
 * @param nextRefresh when the next refresh is due, or {@code null}
 * @param lastAttempt when the last refresh ended, successfully or not, or {@code null}
 * @param consecutiveFailures refreshes that failed since the last success
 * @param lastError the last failure since the last success, or {@code null}
 * @param lastCode the {@code Code} of the last non-{@code Success} answer, or {@code null}
 * @param lastMessage the {@code Message} of that answer, or {@code null}
 */
record RefreshState(@Nullable RoleCredentials credentials, @Nullable Instant lastRefresh,
		@Nullable Instant nextRefresh, @Nullable Instant lastAttempt, int consecutiveFailures,
		@Nullable RuntimeException lastError, @Nullable String lastCode, @Nullable String lastMessage) {

	static final RefreshState INITIAL = new RefreshState(null, null, null, null, 0, null, null, null);

	/**
	 * Whether a refresh ended after the credentials expired: then IMDS was asked and could not give new
	 * ones, and serving the expired ones is static stability rather than a missed refresh.
	 */
	boolean attemptedSinceExpiry() {
		return this.credentials != null && this.lastAttempt != null
				&& !this.lastAttempt.isBefore(this.credentials.expiration());
	}

}
