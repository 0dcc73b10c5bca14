package io.github.imds.credentials;

import org.jspecify.annotations.Nullable;

/**
 * IMDS answered the credentials request with a {@code Code} other than {@code Success}.
 *
 * @since 0.1.0
 */
public final class RoleCredentialsCodeException extends RoleCredentialsException {

	private static final long serialVersionUID = 1L;

	private final String code;

	private final @Nullable String imdsMessage;

	RoleCredentialsCodeException(String path, String code, @Nullable String imdsMessage) {
		super("IMDS answered %s with Code '%s'%s".formatted(path, code,
				(imdsMessage != null) ? " and Message '%s'".formatted(imdsMessage) : ""), null);
		this.code = code;
		this.imdsMessage = imdsMessage;
	}

	/**
	 * The {@code Code} IMDS gave, for example {@code Failure}.
	 * @return the code
	 */
	public String getCode() {
		return this.code;
	}

	/**
	 * The {@code Message} IMDS gave, or {@code null}.
	 * @return the message
	 */
	public @Nullable String getImdsMessage() {
		return this.imdsMessage;
	}

}
