package io.github.imds.client;

import org.jspecify.annotations.Nullable;

/**
 * No response arrived: the connection was refused, timed out, or broke, on every attempt.
 *
 * @since 0.1.0
 */
public final class ImdsConnectionException extends ImdsException {

	private static final long serialVersionUID = 1L;

	private final RequestOutcome outcome;

	private final int attempts;

	ImdsConnectionException(String message, String path, RequestOutcome outcome, int attempts,
			@Nullable String hint, @Nullable Throwable cause) {
		super(message, path, 0, hint, cause);
		this.outcome = outcome;
		this.attempts = attempts;
	}

	/**
	 * How the last attempt ended.
	 * @return the outcome
	 */
	public RequestOutcome getOutcome() {
		return this.outcome;
	}

	/**
	 * How many attempts were made.
	 * @return the attempts
	 */
	public int getAttempts() {
		return this.attempts;
	}

}
