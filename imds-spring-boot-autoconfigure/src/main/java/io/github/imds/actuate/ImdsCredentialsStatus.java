package io.github.imds.actuate;

import java.time.Instant;

import io.github.imds.credentials.CredentialsStatus;
import io.github.imds.credentials.RoleCredentials;
import io.github.imds.credentials.RoleCredentialsProvider;
import org.jspecify.annotations.Nullable;

/**
 * What the health indicator, the endpoint and the diagnosis show about the instance role credentials. Holds
 * the access key id masked to its last four characters, never the secret access key or the session token.
 *
 * @param state the state
 * @param role the role name, or {@code null} when none is known
 * @param accessKeyId the access key id masked to its last four characters, or {@code null}
 * @param expiration when the credentials served expire, or {@code null}
 * @param lastRefresh when they were last fetched successfully, or {@code null}
 * @param nextRefresh when the next refresh is due, or {@code null}
 * @param lastError why the last refresh failed, or {@code null}
 * @param code the {@code Code} IMDS answered when it was not {@code Success}, or {@code null}
 * @since 0.1.0
 */
public record ImdsCredentialsStatus(State state, @Nullable String role, @Nullable String accessKeyId,
		@Nullable Instant expiration, @Nullable Instant lastRefresh, @Nullable Instant nextRefresh,
		@Nullable String lastError, @Nullable String code) {

	/**
	 * Converts the status of a {@link RoleCredentialsProvider}.
	 * @param status the provider's status
	 * @return the status shown by the actuator
	 */
	public static ImdsCredentialsStatus of(CredentialsStatus status) {
		State state = switch (status.state()) {
			case NOT_LOADED -> State.NOT_LOADED;
			case VALID -> State.VALID;
			case REFRESH_FAILING -> State.DEGRADED;
			case EXPIRED_SERVED -> State.EXPIRED_SERVED;
			case NO_INSTANCE_PROFILE -> State.NO_INSTANCE_PROFILE;
			case FAILED -> (status.lastCode() != null && !"Success".equals(status.lastCode())) ? State.CODE_NOT_SUCCESS
					: State.FAILED;
		};
		String lastError = (status.lastError() != null) ? status.lastError() : status.lastMessage();
		// the provider masks already; masking again keeps this record safe whatever it is given
		String accessKeyId = (status.accessKeyId() != null && status.accessKeyId().startsWith("****"))
				? status.accessKeyId() : mask(status.accessKeyId());
		return new ImdsCredentialsStatus(state, status.roleName(), accessKeyId, status.expiration(),
				status.lastRefresh(), status.nextRefresh(), lastError, status.lastCode());
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

		/** Still valid, but the last refresh failed; {@code lastError} says why. */
		DEGRADED,

		/** Expired, still served because static stability is on, while refreshes fail. */
		EXPIRED_SERVED,

		/** Expired or never obtained, and nothing is served. */
		FAILED,

		/** The instance has no instance profile: IMDS lists no role. */
		NO_INSTANCE_PROFILE,

		/** IMDS answered a {@code Code} other than {@code Success}. */
		CODE_NOT_SUCCESS

	}

}
