package io.github.imds.client;

/**
 * What the local platform detection concluded, and why.
 *
 * @param state the conclusion
 * @param reason a sentence saying which file or setting decided it
 * @since 0.1.0
 */
public record PlatformDetection(State state, String reason) {

	/**
	 * Conclusion of the platform detection.
	 */
	public enum State {

		/**
		 * The local files identify an EC2 instance.
		 */
		EC2,

		/**
		 * The local files do not identify an EC2 instance; no request is sent to the default endpoint.
		 */
		NOT_EC2,

		/**
		 * Detection did not run: it is off, or the endpoint was configured explicitly.
		 */
		SKIPPED

	}

}
