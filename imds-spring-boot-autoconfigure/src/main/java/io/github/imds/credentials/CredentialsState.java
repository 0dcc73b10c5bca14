package io.github.imds.credentials;

/**
 * The state of a {@link RoleCredentialsProvider}.
 *
 * @since 0.1.0
 */
public enum CredentialsState {

	/**
	 * The first fetch has not completed yet.
	 */
	NOT_LOADED,

	/**
	 * Valid credentials are held and the last refresh succeeded.
	 */
	VALID,

	/**
	 * Valid credentials are held but the refreshes since the last success failed (degraded).
	 */
	REFRESH_FAILING,

	/**
	 * The credentials have expired and IMDS cannot give new ones; static stability keeps serving them.
	 */
	EXPIRED_SERVED,

	/**
	 * IMDS says no instance profile is attached to the instance, and no credentials were ever obtained.
	 */
	NO_INSTANCE_PROFILE,

	/**
	 * No usable credentials: {@link RoleCredentialsProvider#getCredentials()} throws.
	 */
	FAILED

}
