package io.github.imds.credentials;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What the provider, the health indicator, the endpoint and the metrics know about the credentials, free of
 * secrets: the access key id is masked to its last four characters, errors carry messages only.
 *
 * @param state the state
 * @param role the role name, or {@code null} before it is known
 * @param accessKeyId the masked access key id of the current credentials ({@code ****WXYZ}), or {@code null}
 * @param expiration when the current credentials expire, or {@code null}
 * @param lastRefresh when credentials were last obtained from IMDS, or {@code null}
 * @param nextRefresh when the next refresh is scheduled, or {@code null}
 * @param consecutiveFailures refreshes that failed since the last success
 * @param lastError the message of the last failure since the last success, or {@code null}
 * @param code the {@code Code} of the last non-{@code Success} answer, or {@code null}
 * @param message the {@code Message} of the last non-{@code Success} answer, or {@code null}
 * @param extendedPath whether the extended credentials path is used; {@code null} while unknown
 * @param source the step of the credentials chain that the AWS SDK beans use ({@code instance-profile},
 * {@code environment}, ...; see {@link CredentialsSource}), or {@code application} when the application's own
 * {@code AwsCredentialsProvider} is used
 * @param refreshFailures failed refreshes since start, by cause ({@code timeout}, {@code http-5xx}, ...)
 * @since 0.1.0
 */
public record CredentialsStatus(State state, @Nullable String role, @Nullable String accessKeyId,
		@Nullable Instant expiration, @Nullable Instant lastRefresh, @Nullable Instant nextRefresh,
		int consecutiveFailures, @Nullable String lastError, @Nullable String code, @Nullable String message,
		@Nullable Boolean extendedPath, String source, Map<String, Long> refreshFailures) {

	/**
	 * Masks what it is given a second time, so that this record stays safe whatever a provider passes.
	 * @param state the state
	 * @param role the role name
	 * @param accessKeyId the access key id, masked or not
	 * @param expiration the expiration
	 * @param lastRefresh the last refresh
	 * @param nextRefresh the next refresh
	 * @param consecutiveFailures the failures in a row
	 * @param lastError the last error
	 * @param code the last code
	 * @param message the last message
	 * @param extendedPath whether the extended path is used
	 * @param source the chain step in use
	 * @param refreshFailures the failures by cause
	 */
	public CredentialsStatus {
		accessKeyId = (accessKeyId != null && accessKeyId.startsWith("****")) ? accessKeyId : mask(accessKeyId);
		refreshFailures = Map.copyOf(refreshFailures);
	}

	/**
	 * The status shown when the instance role's credentials are not used: the AWS SDK beans resolve another
	 * step of the chain (or the application's own provider), and nothing asked for the instance role.
	 * @param source what the AWS SDK beans use, such as {@code environment}
	 * @return the status
	 */
	public static CredentialsStatus notUsed(String source) {
		return new CredentialsStatus(State.NOT_USED, null, null, null, null, null, 0, null, null, null, null, source,
				Map.of());
	}

	/**
	 * This status with another {@code source}.
	 * @param source what the AWS SDK beans use
	 * @return the status
	 */
	public CredentialsStatus withSource(String source) {
		return new CredentialsStatus(this.state, this.role, this.accessKeyId, this.expiration, this.lastRefresh,
				this.nextRefresh, this.consecutiveFailures, this.lastError, this.code, this.message, this.extendedPath,
				source, this.refreshFailures);
	}

	/**
	 * Masks an access key id as {@link RoleCredentials#mask(String)} does, such as {@code ****MPLE}.
	 * @param accessKeyId the access key id, or {@code null}
	 * @return the masked value, or {@code null}
	 */
	public static @Nullable String mask(@Nullable String accessKeyId) {
		return (accessKeyId == null || accessKeyId.isEmpty()) ? null : RoleCredentials.mask(accessKeyId);
	}

	/**
	 * Whether credentials are served that have not expired, possibly while their refresh fails.
	 * @return whether they are valid
	 */
	public boolean servesValidCredentials() {
		return this.state == State.VALID || this.state == State.DEGRADED;
	}

	/**
	 * State of the role credentials.
	 */
	public enum State {

		/** Not fetched yet. */
		NOT_LOADED,

		/** Valid, and the last refresh worked. */
		VALID,

		/** Still valid, but the refreshes since the last success failed; {@code lastError} says why. */
		DEGRADED,

		/** Expired, still served because static stability is on, while refreshes fail. */
		EXPIRED_SERVED,

		/** Expired or never obtained, and nothing is served. */
		FAILED,

		/** The instance has no instance profile: IMDS lists no role, and none was ever obtained. */
		NO_INSTANCE_PROFILE,

		/** IMDS answered a {@code Code} other than {@code Success}, and nothing valid is served. */
		CODE_NOT_SUCCESS,

		/**
		 * The AWS SDK beans use an earlier step of the chain ({@code source} names it), so the instance role's
		 * credentials are not fetched.
		 */
		NOT_USED

	}

}
