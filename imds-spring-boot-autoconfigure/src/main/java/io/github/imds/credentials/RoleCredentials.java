package io.github.imds.credentials;

import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Temporary credentials of the instance role, as IMDS served them. Immutable. Its {@link #toString()} shows
 * the masked access key id, the role and the expiration, never the secret access key or the session token.
 *
 * @param accessKeyId the access key id ({@code ASIA...})
 * @param secretAccessKey the secret access key
 * @param sessionToken the session token
 * @param expiration when the credentials stop working
 * @param roleName the name of the role they belong to
 * @param accountId the AWS account id, or {@code null} when IMDS did not give it (legacy credentials path)
 * @since 0.1.0
 */
public record RoleCredentials(String accessKeyId, String secretAccessKey, String sessionToken, Instant expiration,
		String roleName, @Nullable String accountId) {

	/**
	 * Checks that every required value is present.
	 * @param accessKeyId the access key id
	 * @param secretAccessKey the secret access key
	 * @param sessionToken the session token
	 * @param expiration the expiration
	 * @param roleName the role name
	 * @param accountId the account id or {@code null}
	 */
	public RoleCredentials {
		Objects.requireNonNull(accessKeyId, "'accessKeyId' must not be null");
		Objects.requireNonNull(secretAccessKey, "'secretAccessKey' must not be null");
		Objects.requireNonNull(sessionToken, "'sessionToken' must not be null");
		Objects.requireNonNull(expiration, "'expiration' must not be null");
		Objects.requireNonNull(roleName, "'roleName' must not be null");
	}

	/**
	 * Whether the credentials have expired at {@code now}.
	 * @param now the current time
	 * @return {@code true} from the expiration instant on
	 */
	public boolean isExpiredAt(Instant now) {
		return !now.isBefore(this.expiration);
	}

	/**
	 * The access key id with all but its last four characters hidden, e.g. {@code ****WXYZ}; safe to log.
	 * @return the masked access key id
	 */
	public String maskedAccessKeyId() {
		return mask(this.accessKeyId);
	}

	/**
	 * Masks an access key id to its last four characters (at most half of it), such as {@code ****MPLE}: the
	 * one masking rule of logs, {@code toString} and the actuator.
	 * @param accessKeyId the access key id
	 * @return the masked value
	 */
	public static String mask(String accessKeyId) {
		int keep = Math.min(4, accessKeyId.length() / 2);
		return "****" + accessKeyId.substring(accessKeyId.length() - keep);
	}

	@Override
	public String toString() {
		return "RoleCredentials[accessKeyId=%s, roleName=%s, accountId=%s, expiration=%s]"
			.formatted(maskedAccessKeyId(), this.roleName, this.accountId, this.expiration);
	}

}
