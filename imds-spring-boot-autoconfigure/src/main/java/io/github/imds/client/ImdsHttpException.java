package io.github.imds.client;

import org.jspecify.annotations.Nullable;

/**
 * IMDS answered with a status that is neither success nor 404, after the retries the status allows.
 *
 * @since 0.1.0
 */
public final class ImdsHttpException extends ImdsException {

	private static final long serialVersionUID = 1L;

	ImdsHttpException(String message, String path, int status, @Nullable String hint) {
		super(message, path, status, hint, null);
	}

	/**
	 * How the request ended.
	 * @return the outcome for the status
	 */
	public RequestOutcome getOutcome() {
		return RequestOutcome.ofStatus(getStatus());
	}

}
