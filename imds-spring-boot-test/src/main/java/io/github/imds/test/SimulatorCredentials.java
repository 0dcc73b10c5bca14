package io.github.imds.test;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * The instance profile and role credentials an {@link ImdsSimulator} serves
 * ({@link ImdsSimulator#credentials()}). Credentials are obviously fake
 * ({@code ASIAFAKE000000000001}, {@code fake-secret-1}), rotate on the simulator's clock
 * and never leave loopback.
 *
 * @author imds-spring-boot contributors
 * @since 0.1.0
 */
public final class SimulatorCredentials {

	private final InstanceProfile profile;

	SimulatorCredentials(InstanceProfile profile) {
		this.profile = profile;
	}

	/**
	 * Attach an instance profile with this role (replacing any other) and issue new
	 * credentials. The default role is {@code sample-role}.
	 * @param name the role name
	 * @return this view
	 */
	public SimulatorCredentials role(String name) {
		this.profile.role(name);
		return this;
	}

	/**
	 * The current role.
	 * @return the role name, or {@code null} without an instance profile
	 */
	public @Nullable String role() {
		return this.profile.role();
	}

	/**
	 * Remove the instance profile: {@code iam/} answers 404.
	 * @return this view
	 */
	public SimulatorCredentials noInstanceProfile() {
		this.profile.noInstanceProfile();
		return this;
	}

	/**
	 * Answer credential requests with a non-{@code Success} code: the body then has
	 * {@code Code}, {@code Message} and {@code LastUpdated} and no keys.
	 * @param code the code, such as {@code AssumeRoleUnauthorizedAccess}; {@code null} or
	 * {@code Success} restores normal credentials
	 * @param message the message
	 * @return this view
	 */
	public SimulatorCredentials code(@Nullable String code, @Nullable String message) {
		this.profile.code(code, message);
		return this;
	}

	/**
	 * Whether {@code iam/security-credentials-extended/} exists; when off it answers 404
	 * like older instances. On by default.
	 * @param enabled whether the extended path exists
	 * @return this view
	 */
	public SimulatorCredentials extendedPath(boolean enabled) {
		this.profile.extendedPath(enabled);
		return this;
	}

	/**
	 * How long issued credentials are valid (6 hours by default).
	 * @param lifetime the lifetime
	 * @return this view
	 */
	public SimulatorCredentials lifetime(Duration lifetime) {
		this.profile.lifetime(lifetime);
		return this;
	}

	/**
	 * How often new credentials are issued, on the simulator's clock (1 hour by default).
	 * @param rotation the rotation period
	 * @return this view
	 */
	public SimulatorCredentials rotation(Duration rotation) {
		this.profile.rotation(rotation);
		return this;
	}

	/**
	 * How many sets of role credentials were issued since the last reset (at least one).
	 * @return the count
	 */
	public int issued() {
		return this.profile.issued();
	}

}
