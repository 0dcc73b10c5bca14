package io.github.imds.observation;

import java.time.Duration;
import java.time.Instant;

import io.github.imds.client.ImdsRequestEvent;
import io.github.imds.client.RequestKind;
import io.github.imds.client.RequestOutcome;

/**
 * Request events for the tests of this package.
 */
final class Events {

	static final Instant AT = Instant.parse("2026-01-01T00:00:00.123456789Z");

	private Events() {
	}

	static ImdsRequestEvent event(RequestKind kind, RequestOutcome outcome, int status, Duration duration) {
		String path = switch (kind) {
			case TOKEN -> "/latest/api/token";
			case CREDENTIALS -> "/latest/meta-data/iam/security-credentials/sample-role";
			default -> "/latest/meta-data/network/interfaces/macs/0e:00:00:00:00:01/vpc-id";
		};
		return new ImdsRequestEvent(kind, (kind == RequestKind.TOKEN) ? "PUT" : "GET", path, status, outcome, duration,
				AT, 1, outcome.isAnswer() ? null : "no response within 300 ms");
	}

	static ImdsRequestEvent success(RequestKind kind, Duration duration) {
		return event(kind, RequestOutcome.SUCCESS, 200, duration);
	}

}
