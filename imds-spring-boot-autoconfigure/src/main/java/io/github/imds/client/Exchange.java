package io.github.imds.client;

import org.jspecify.annotations.Nullable;

/**
 * The result of one HTTP attempt: a response with its status, or a failure without one.
 */
sealed interface Exchange {

	RequestOutcome outcome();

	/**
	 * A response arrived and its body was read completely.
	 */
	record Response(int status, @Nullable String ttlHeader, byte[] body) implements Exchange {

		@Override
		public RequestOutcome outcome() {
			return RequestOutcome.ofStatus(this.status);
		}

		@Override
		public String toString() {
			return "Response[status=" + this.status + ", length=" + this.body.length + "]";
		}

	}

	/**
	 * No usable response: the connection failed, timed out, broke, or the body was too large.
	 */
	record Failure(RequestOutcome outcome, String error, @Nullable Throwable cause) implements Exchange {

		boolean isRetryable() {
			return this.outcome != RequestOutcome.INVALID_RESPONSE;
		}

	}

}
