package io.github.imds.client;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One HTTP exchange with IMDS, as seen by an {@link ImdsRequestListener}. Never holds a token, a body or a
 * header value.
 *
 * @param kind what the request was for
 * @param method {@code GET} or {@code PUT}
 * @param path the request path
 * @param status the HTTP status, or 0 when no response arrived
 * @param outcome how the exchange ended
 * @param duration how long it took
 * @param at when it ended
 * @param attempt the attempt number, from 1
 * @param error a short description of the failure, or {@code null} on success
 * @since 0.1.0
 */
public record ImdsRequestEvent(RequestKind kind, String method, String path, int status, RequestOutcome outcome,
		Duration duration, Instant at, int attempt, @Nullable String error) {

}
