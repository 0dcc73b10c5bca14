package io.github.imds.client;

/**
 * Whether an {@link ImdsClient} may send requests, decided without any network call.
 *
 * @param state whether requests may be sent, or why not
 * @param reason a sentence naming the setting or file that decided it
 * @param detection the platform detection result
 * @since 0.1.0
 */
public record ImdsAvailability(State state, String reason, PlatformDetection detection) {

	/**
	 * Whether requests may be sent.
	 * @return {@code true} when {@link State#AVAILABLE}
	 */
	public boolean isAvailable() {
		return this.state == State.AVAILABLE;
	}

	/**
	 * Whether requests may be sent, or why not.
	 */
	public enum State {

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
