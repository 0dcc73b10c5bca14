package io.github.imds.credentials;

import java.util.concurrent.CompletableFuture;

/**
 * Provides the instance role's credentials, kept fresh in the background.
 *
 * @since 0.1.0
 */
public interface RoleCredentialsProvider {

	/**
	 * Returns the current credentials. Does not wait while they are valid; waits, bounded, for the first
	 * fetch when it has not completed yet.
	 * @return the credentials; expired ones only with static stability, while IMDS cannot give new ones
	 * @throws NoInstanceProfileException when no instance profile is attached to the instance
	 * @throws RoleCredentialsException when no usable credentials are available, with the cause
	 */
	RoleCredentials getCredentials();

	/**
	 * A snapshot of the provider's state, free of secrets, for health and actuator output.
	 * @return the status
	 */
	CredentialsStatus status();

	/**
	 * Starts a refresh now, or joins the one already in flight.
	 * @return completes with the status once that refresh has ended, successfully or not
	 */
	CompletableFuture<CredentialsStatus> refreshNow();

}
