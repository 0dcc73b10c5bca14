package io.github.imds.client;

import org.jspecify.annotations.Nullable;

/**
 * The IMDSv2 session token could not be obtained, and IMDSv1 fallback is off or does not apply.
 *
 * @since 0.1.0
 */
public final class ImdsTokenException extends ImdsException {

	private static final long serialVersionUID = 1L;

	private final RequestOutcome outcome;

	ImdsTokenException(String message, int status, RequestOutcome outcome, @Nullable String hint,
			@Nullable Throwable cause) {
		super(message, DefaultImdsClient.TOKEN_PATH, status, hint, cause);
		this.outcome = outcome;
	}

	/**
	 * How the token request ended.
	 * @return the outcome
	 */
	public RequestOutcome getOutcome() {
		return this.outcome;
	}

}
