package io.github.imds.client;

/**
 * Thrown instead of sending a request when the client is disabled or the platform detection says "not
 * EC2". No request was made.
 *
 * @since 0.1.0
 */
public final class ImdsUnavailableException extends ImdsException {

	private static final long serialVersionUID = 1L;

	private final ImdsAvailability availability;

	ImdsUnavailableException(String path, ImdsAvailability availability) {
		super("IMDS is not used, so %s was not requested: %s".formatted(path, availability.reason()), path, 0, null,
				null);
		this.availability = availability;
	}

	/**
	 * Why the client is unavailable.
	 * @return the availability
	 */
	public ImdsAvailability getAvailability() {
		return this.availability;
	}

}
