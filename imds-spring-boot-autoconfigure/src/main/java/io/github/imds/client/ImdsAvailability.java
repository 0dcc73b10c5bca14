package io.github.imds.client;

/**
 * Whether an {@link ImdsClient} may send requests, decided without any network call.
 *
 * @param status the status
 * @param reason a sentence naming the setting or file that decided it
 * @param detection the platform detection result
 * @since 0.1.0
 */
public record ImdsAvailability(Status status, String reason, PlatformDetection detection) {

	/**
	 * Whether requests may be sent.
	 * @return {@code true} when {@link Status#AVAILABLE}
	 */
	public boolean isAvailable() {
		return this.status == Status.AVAILABLE;
	}

	/**
	 * Availability status.
	 */
	public enum Status {

		/**
		 * Requests may be sent.
		 */
		AVAILABLE,

		/**
		 * Turned off by a setting.
		 */
		DISABLED,

		/**
		 * The default endpoint would be used and the platform detection says this is not EC2.
		 */
		NOT_EC2

	}

}
