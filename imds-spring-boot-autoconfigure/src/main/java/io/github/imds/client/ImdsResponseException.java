package io.github.imds.client;

import org.jspecify.annotations.Nullable;

/**
 * IMDS answered, but the body cannot be used: too large, empty where a value is required, not UTF-8, or not
 * the JSON expected. The message never quotes the body.
 *
 * @since 0.1.0
 */
public final class ImdsResponseException extends ImdsException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates an exception for a body that cannot be used.
	 * @param message what is wrong, without quoting the body
	 * @param path the request path
	 * @param status the HTTP status
	 * @param cause the cause, or {@code null}; its message must not quote the body either
	 */
	public ImdsResponseException(String message, String path, int status, @Nullable Throwable cause) {
		super(message, path, status, null, cause);
	}

}
