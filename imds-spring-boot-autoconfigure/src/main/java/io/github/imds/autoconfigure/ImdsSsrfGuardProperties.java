package io.github.imds.autoconfigure;

import io.github.imds.ssrf.SsrfGuardMode;
import org.jspecify.annotations.Nullable;

/**
 * The SSRF guard: keeps the HTTP clients Spring Boot builds away from the instance metadata addresses.
 *
 * @since 0.1.0
 */
public class ImdsSsrfGuardProperties {

	/**
	 * Whether to add a deny rule for the instance metadata addresses to the InetAddressFilter of the HTTP
	 * clients Spring Boot builds. When unset, on where IMDS is used (on EC2, or with an endpoint set).
	 */
	private @Nullable Boolean enabled;

	/**
	 * What to do with a connection to a metadata address: 'enforce' refuses it, 'report' only logs and
	 * counts it.
	 */
	private SsrfGuardMode mode = SsrfGuardMode.ENFORCE;

	public @Nullable Boolean getEnabled() {
		return this.enabled;
	}

	public void setEnabled(@Nullable Boolean enabled) {
		this.enabled = enabled;
	}

	public SsrfGuardMode getMode() {
		return this.mode;
	}

	public void setMode(SsrfGuardMode mode) {
		this.mode = mode;
	}

}
