package io.github.imds.client;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A snapshot of the IMDSv2 session token's status. It never holds the token.
 *
 * @param state the state
 * @param issuedAt when the current or last token was requested, or {@code null}
 * @param expiresAt when it expires, or {@code null}
 * @param lastError why the last token request failed, or {@code null}
 * @since 0.1.0
 */
public record TokenStatus(State state, @Nullable Instant issuedAt, @Nullable Instant expiresAt,
		@Nullable String lastError) {

	/**
	 * The protocol requests use: {@code IMDSv1} after a fallback, else {@code IMDSv2}.
	 * @return the protocol name
	 */
	public String protocol() {
		return (this.state == State.V1_FALLBACK) ? "IMDSv1" : "IMDSv2";
	}

	/**
	 * Token state.
	 */
	public enum State {

		/** No token was requested yet. */
		NONE,

		/** A token is held and has not expired. */
		VALID,

		/** The token held has expired; the next request fetches a new one. */
		EXPIRED,

		/** The last token request failed. */
		FAILED,

		/** Tokens could not be had and IMDSv1 fallback is allowed: requests go without a token. */
		V1_FALLBACK

	}

}
