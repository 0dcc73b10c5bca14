package io.github.imds.autoconfigure;

import io.github.imds.client.ImdsException;

/**
 * Thrown at startup with {@code imds.fail-fast=true} when the instance metadata cannot be loaded on EC2.
 *
 * @since 0.1.0
 */
public class ImdsStartupException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final String endpoint;

	ImdsStartupException(String endpoint, ImdsException cause) {
		super("EC2 instance metadata could not be loaded from " + endpoint + ": " + cause.getMessage(), cause);
		this.endpoint = endpoint;
	}

	/**
	 * The endpoint that was asked.
	 * @return the endpoint and its source
	 */
	public String getEndpoint() {
		return this.endpoint;
	}

}
