package io.github.imds.test;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * The shortcuts of {@link ImdsSimulator} for the instance profile and its role
 * credentials: each one calls the method of the same name on {@link #credentials()} and
 * returns the simulator, so that set-ups chain across roles:
 * {@code imds.region("eu-west-1").role("app").latency(ofMillis(50))}. {@link
 * SimulatorCredentials} documents the behaviour.
 *
 * @author imds-spring-boot contributors
 * @since 0.1.0
 */
public sealed interface SimulatorCredentialsShortcuts permits ImdsSimulator {

	/**
	 * The instance profile and its role credentials.
	 * @return the credentials view
	 */
	SimulatorCredentials credentials();

	/** Same as {@link SimulatorCredentials#noInstanceProfile()}, returning this. */
	default ImdsSimulator noInstanceProfile() {
		credentials().noInstanceProfile();
		return simulator();
	}

	/** Same as {@link SimulatorCredentials#role(String)}, returning this. */
	default ImdsSimulator role(String name) {
		credentials().role(name);
		return simulator();
	}

	/** Same as {@link SimulatorCredentials#code(String,String)}, returning this. */
	default ImdsSimulator credentialsCode(@Nullable String code, @Nullable String message) {
		credentials().code(code, message);
		return simulator();
	}

	/** Same as {@link SimulatorCredentials#extendedPath(boolean)}, returning this. */
	default ImdsSimulator extendedCredentialsPath(boolean enabled) {
		credentials().extendedPath(enabled);
		return simulator();
	}

	/** Same as {@link SimulatorCredentials#lifetime(Duration)}, returning this. */
	default ImdsSimulator credentialsLifetime(Duration lifetime) {
		credentials().lifetime(lifetime);
		return simulator();
	}

	/** Same as {@link SimulatorCredentials#rotation(Duration)}, returning this. */
	default ImdsSimulator credentialsRotation(Duration rotation) {
		credentials().rotation(rotation);
		return simulator();
	}

	/** Same as {@link SimulatorCredentials#role()}: the role name, or {@code null} without an instance profile. */
	default @Nullable String role() {
		return credentials().role();
	}

	/** Same as {@link SimulatorCredentials#issued()}: the sets issued since the last reset. */
	default int credentialsIssued() {
		return credentials().issued();
	}

	private ImdsSimulator simulator() {
		return (ImdsSimulator) this;
	}

}
