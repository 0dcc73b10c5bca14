package io.github.imds.credentials;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * The exceptions {@link ImdsRoleCredentialsProvider#getCredentials()} throws, each naming the cause; never a
 * secret.
 */
final class RefreshErrors {

	private RefreshErrors() {
	}

	static RoleCredentialsException notLoaded(RefreshState current, boolean closed, String endpoint) {
		Throwable error = current.lastError();
		if (error instanceof NoInstanceProfileException) {
			// A fresh instance, so that each caller's stack trace is its own.
			return new NoInstanceProfileException(RoleCredentialsFetcher.LEGACY_PATH);
		}
		if (closed) {
			return new RoleCredentialsException("No role credentials: the provider is closed", error);
		}
		return new RoleCredentialsException(("No role credentials: the first fetch from IMDS at %s failed: %s; "
				+ "retrying in the background").formatted(endpoint, RefreshLog.describe(error)), error);
	}

	static RoleCredentialsException expired(RoleCredentials credentials, @Nullable RuntimeException cause) {
		return new RoleCredentialsException(("Credentials of role '%s' expired at %s and IMDS could not provide new "
				+ "ones (static stability is off): %s")
			.formatted(credentials.roleName(), credentials.expiration(), RefreshLog.describe(cause)), cause);
	}

	static RoleCredentialsException firstFetchTimedOut(String endpoint, Duration timeout) {
		return new RoleCredentialsException(("Role credentials are not loaded yet: the first request to IMDS at %s "
				+ "did not complete within %s").formatted(endpoint, timeout), null);
	}

}
