package io.github.imds.credentials;

import org.jspecify.annotations.Nullable;

/**
 * No usable role credentials are available. The message says why; it never contains a secret, a session
 * token or a response body.
 *
 * @since 0.1.0
 */
public class RoleCredentialsException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates an exception.
	 * @param message why, without secrets
	 * @param cause the cause, or {@code null}
	 */
	public RoleCredentialsException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
