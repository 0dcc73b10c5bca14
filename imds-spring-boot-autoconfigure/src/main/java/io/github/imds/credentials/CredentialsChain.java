package io.github.imds.credentials;

/**
 * A credentials chain that tells which of its steps is in use; implemented by the starter's AWS SDK bean, so
 * that the actuator can show it without the SDK on its class path.
 *
 * @since 0.1.0
 */
public interface CredentialsChain {

	/**
	 * The step in use: the one that last resolved credentials, else the first configured one.
	 * @return the step
	 */
	CredentialsSource source();

}
