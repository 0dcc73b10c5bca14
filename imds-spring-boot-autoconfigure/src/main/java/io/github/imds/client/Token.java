package io.github.imds.client;

import java.time.Instant;

/**
 * An IMDSv2 session token. Its value never leaves the client: {@link #toString()} hides it.
 */
record Token(String value, Instant issuedAt, Instant expiresAt, Instant renewAt) {

	boolean isUsableAt(Instant now) {
		return now.isBefore(this.renewAt);
	}

	@Override
	public String toString() {
		return "Token[value=<redacted>, issuedAt=" + this.issuedAt + ", expiresAt=" + this.expiresAt + "]";
	}

}
