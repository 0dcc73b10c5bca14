package io.github.imds.credentials;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A snapshot of a {@link RoleCredentialsProvider}, free of secrets: the access key id is masked, errors carry
 * messages only.
 *
 * @param state the state
 * @param roleName the role name, or {@code null} before it is known
 * @param accessKeyId the masked access key id of the current credentials ({@code ****WXYZ}), or {@code null}
 * @param expiration when the current credentials expire, or {@code null}
 * @param lastRefresh when credentials were last obtained from IMDS, or {@code null}
 * @param nextRefresh when the next refresh is scheduled, or {@code null}
 * @param consecutiveFailures refreshes that failed since the last success
 * @param lastError the message of the last failure since the last success, or {@code null}
 * @param lastCode the {@code Code} of the last non-{@code Success} answer, or {@code null}
 * @param lastMessage the {@code Message} of the last non-{@code Success} answer, or {@code null}
 * @param extendedPath whether the extended credentials path is used; {@code null} while unknown
 * @since 0.1.0
 */
public record CredentialsStatus(CredentialsState state, @Nullable String roleName, @Nullable String accessKeyId,
		@Nullable Instant expiration, @Nullable Instant lastRefresh, @Nullable Instant nextRefresh,
		int consecutiveFailures, @Nullable String lastError, @Nullable String lastCode, @Nullable String lastMessage,
		@Nullable Boolean extendedPath) {

}
