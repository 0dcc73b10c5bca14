package io.github.imds.autoconfigure;

/**
 * Thrown at startup when an {@code imds.*} setting (or the AWS SDK setting it falls back to) is out of range;
 * the message names the setting, the accepted range and the value.
 *
 * @since 0.1.0
 */
public class InvalidImdsPropertyException extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	InvalidImdsPropertyException(String message) {
		super(message);
	}

	InvalidImdsPropertyException(String message, IllegalArgumentException cause) {
		super(message, cause);
	}

}
