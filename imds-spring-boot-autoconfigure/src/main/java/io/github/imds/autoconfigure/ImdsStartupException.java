package io.github.imds.autoconfigure;

import io.github.imds.client.ImdsException;
import org.jspecify.annotations.Nullable;

/**
 * Thrown at startup with {@code imds.fail-fast=true} when the instance metadata cannot be loaded on EC2.
 *
 * @since 0.1.0
 */
public class ImdsStartupException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final String endpoint;

	private final String reason;

	ImdsStartupException(String endpoint, String reason, @Nullable ImdsException cause) {
		super("EC2 instance metadata could not be loaded from " + endpoint + ": " + reason, cause);
		this.endpoint = endpoint;
		this.reason = reason;
	}

	/**
	 * Why the metadata could not be loaded.
	 * @return the reason
	 */
	public String getReason() {
		return this.reason;
	}

	/**
	 * The endpoint that was asked.
	 * @return the endpoint and its source
	 */
	public String getEndpoint() {
		return this.endpoint;
	}

}
