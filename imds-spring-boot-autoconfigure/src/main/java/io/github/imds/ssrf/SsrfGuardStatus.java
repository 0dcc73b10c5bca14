package io.github.imds.ssrf;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * What the SSRF guard has seen, as {@code /actuator/imds} shows it.
 *
 * @param active whether the guard applies to the HTTP clients Spring Boot builds
 * @param reason why it is active or not
 * @param mode {@code enforce} or {@code report}
 * @param attempts connections to a metadata address refused (enforce) or let through and reported
 * @param lastTarget the metadata address of the last attempt, or {@code null}
 * @param lastHost the URL host of the last attempt (never the URL), or {@code null}
 * @param lastAt when the last attempt happened, or {@code null}
 * @since 0.1.0
 */
public record SsrfGuardStatus(boolean active, String reason, String mode, long attempts,
		@Nullable String lastTarget, @Nullable String lastHost, @Nullable Instant lastAt) {

}
