package io.github.imds.client;

/**
 * How one HTTP exchange with IMDS ended.
 *
 * @since 0.1.0
 */
public enum RequestOutcome {

	/** 2xx with a readable body. */
	SUCCESS("success"),

	/** 404: the key does not exist. */
	NOT_FOUND("not-found"),

	/** 401: the token was missing, expired or invalid. */
	UNAUTHORIZED("unauthorized"),

	/** 403: IMDS, or IMDSv2 tokens, are turned off, or the request was refused. */
	FORBIDDEN("forbidden"),

	/** 429: IMDS throttled the instance. */
	THROTTLED("throttled"),

	/** Another 3xx or 4xx (400, 405, redirects, ...). */
	CLIENT_ERROR("client-error"),

	/** 5xx. */
	SERVER_ERROR("server-error"),

	/** The TCP connection was refused. */
	CONNECTION_REFUSED("connection-refused"),

	/** The TCP connection was not established in time: nothing answers at the endpoint. */
	CONNECT_TIMEOUT("connect-timeout"),

	/** Connected, but the response did not come in time. */
	READ_TIMEOUT("read-timeout"),

	/** Another IO error, such as a connection reset. */
	IO_ERROR("io-error"),

	/** A response that cannot be used: too large, empty, or not valid UTF-8. */
	INVALID_RESPONSE("invalid-response");

	private final String tag;

	RequestOutcome(String tag) {
		this.tag = tag;
	}

	/**
	 * The lower-case name used in metrics and actuator output.
	 * @return the tag value
	 */
	public String tag() {
		return this.tag;
	}

	/**
	 * Whether the exchange produced a usable answer (success, or an authoritative 404).
	 * @return whether IMDS answered as expected
	 */
	public boolean isAnswer() {
		return this == SUCCESS || this == NOT_FOUND;
	}

	static RequestOutcome ofStatus(int status) {
		if (status >= 200 && status < 300) {
			return SUCCESS;
		}
		return switch (status) {
			case 404 -> NOT_FOUND;
			case 401 -> UNAUTHORIZED;
			case 403 -> FORBIDDEN;
			case 429 -> THROTTLED;
			default -> (status >= 500) ? SERVER_ERROR : CLIENT_ERROR;
		};
	}

}
