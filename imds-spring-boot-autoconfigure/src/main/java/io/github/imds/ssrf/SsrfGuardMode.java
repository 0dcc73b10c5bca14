package io.github.imds.ssrf;

import java.util.Locale;

/**
 * What the SSRF guard does when a client is about to connect to a metadata address.
 *
 * @since 0.1.0
 */
public enum SsrfGuardMode {

	/**
	 * Refuse the connection: the client fails with Spring Boot's {@code FilteredHostException} (or its
	 * wrapper of it).
	 */
	ENFORCE,

	/**
	 * Let the connection go ahead, and log and count it; for a first rollout.
	 */
	REPORT;

	/**
	 * The value as a metric tag and in {@code /actuator/imds}.
	 * @return {@code enforce} or {@code report}
	 */
	public String tag() {
		return name().toLowerCase(Locale.ROOT);
	}

}
