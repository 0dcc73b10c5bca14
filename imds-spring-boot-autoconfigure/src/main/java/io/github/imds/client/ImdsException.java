package io.github.imds.client;

import org.jspecify.annotations.Nullable;

/**
 * Base of the exceptions an {@link ImdsClient} throws. Messages name the endpoint, the path, the status
 * when there was one, and a hint at the fix; they never contain a token, a credential or a response body.
 *
 * @since 0.1.0
 */
public abstract sealed class ImdsException extends RuntimeException permits ImdsUnavailableException,
		ImdsTokenException, ImdsHttpException, ImdsConnectionException, ImdsResponseException {

	private static final long serialVersionUID = 1L;

	private final @Nullable String path;

	private final int status;

	private final @Nullable String hint;

	ImdsException(String message, @Nullable String path, int status, @Nullable String hint,
			@Nullable Throwable cause) {
		super(compose(message, hint), cause);
		this.path = path;
		this.status = status;
		this.hint = hint;
	}

	private static String compose(String message, @Nullable String hint) {
		return (hint != null) ? message + ". " + hint : message;
	}

	/**
	 * The request path, or {@code null} when no request was made.
	 * @return the path
	 */
	public @Nullable String getPath() {
		return this.path;
	}

	/**
	 * The HTTP status, or 0 when no response arrived.
	 * @return the status
	 */
	public int getStatus() {
		return this.status;
	}

	/**
	 * What to do about it, or {@code null}.
	 * @return the hint
	 */
	public @Nullable String getHint() {
		return this.hint;
	}

}
