package io.github.imds.client;

import java.util.Locale;

/**
 * The IP version of the default IMDS endpoint.
 *
 * @since 0.1.0
 */
public enum EndpointMode {

	/**
	 * {@code http://169.254.169.254}.
	 */
	IPV4("http://169.254.169.254"),

	/**
	 * {@code http://[fd00:ec2::254]}, on Nitro instances with IPv6 IMDS enabled.
	 */
	IPV6("http://[fd00:ec2::254]");

	private final String defaultEndpoint;

	EndpointMode(String defaultEndpoint) {
		this.defaultEndpoint = defaultEndpoint;
	}

	/**
	 * The endpoint of this mode.
	 * @return the default endpoint
	 */
	public String defaultEndpoint() {
		return this.defaultEndpoint;
	}

	/**
	 * Parses a mode as the AWS SDKs spell it ({@code IPv4}, {@code IPv6}, any case).
	 * @param value the value
	 * @return the mode
	 * @throws IllegalArgumentException when the value is neither
	 */
	public static EndpointMode fromValue(String value) {
		String normalized = value.trim().toUpperCase(Locale.ROOT);
		for (EndpointMode mode : values()) {
			if (mode.name().equals(normalized)) {
				return mode;
			}
		}
		throw new IllegalArgumentException("Unknown IMDS endpoint mode '%s': expected 'IPv4' or 'IPv6'".formatted(value));
	}

}
