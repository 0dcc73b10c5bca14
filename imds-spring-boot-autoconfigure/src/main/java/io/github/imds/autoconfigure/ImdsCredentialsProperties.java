package io.github.imds.autoconfigure;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Instance role credentials.
 *
 * @since 0.1.0
 */
public class ImdsCredentialsProperties {

	/**
	 * Whether to provide the instance role's credentials as beans (and to the AWS SDK when present).
	 */
	private boolean enabled = true;

	/**
	 * Role name; when unset, discovered from iam/security-credentials/.
	 */
	private @Nullable String roleName;

	/**
	 * How long before expiration credentials are refreshed (jittered; half the remaining life for
	 * short-lived credentials).
	 */
	private Duration refreshBeforeExpiry = Duration.ofMinutes(15);

	/**
	 * Whether to keep serving the last credentials after they expire while IMDS cannot provide new
	 * ones, instead of failing.
	 */
	private boolean staticStability = true;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public @Nullable String getRoleName() {
		return this.roleName;
	}

	public void setRoleName(@Nullable String roleName) {
		this.roleName = roleName;
	}

	public Duration getRefreshBeforeExpiry() {
		return this.refreshBeforeExpiry;
	}

	public void setRefreshBeforeExpiry(Duration refreshBeforeExpiry) {
		this.refreshBeforeExpiry = ImdsPropertyChecks.requireAtLeast("imds.credentials.refresh-before-expiry",
				refreshBeforeExpiry, Duration.ofNanos(1), "more than 0");
	}

	public boolean isStaticStability() {
		return this.staticStability;
	}

	public void setStaticStability(boolean staticStability) {
		this.staticStability = staticStability;
	}

}
