package io.github.imds.test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.jspecify.annotations.Nullable;

/**
 * Issues the role credentials of an {@link InstanceModel}: a new set on a rotation
 * schedule of the simulator's clock, each valid for a lifetime, as EC2 makes new
 * credentials available well before the old ones expire. Thread-safe.
 */
final class CredentialsIssuer {

	static final Duration DEFAULT_LIFETIME = Duration.ofHours(6);

	static final Duration DEFAULT_ROTATION = Duration.ofHours(1);

	private final Clock clock;

	private final String keyPrefix;

	private Duration lifetime = DEFAULT_LIFETIME;

	private Duration rotation = DEFAULT_ROTATION;

	private int issued;

	private @Nullable Issued current;

	/**
	 * Create an issuer.
	 * @param clock the simulator's clock
	 * @param keyPrefix the start of the fake access key ids and secrets, such as
	 * {@code FAKE}
	 */
	CredentialsIssuer(Clock clock, String keyPrefix) {
		this.clock = clock;
		this.keyPrefix = keyPrefix;
	}

	synchronized void reset() {
		this.lifetime = DEFAULT_LIFETIME;
		this.rotation = DEFAULT_ROTATION;
		this.issued = 0;
		this.current = null;
	}

	synchronized void lifetime(Duration lifetime) {
		this.lifetime = lifetime;
	}

	synchronized void rotation(Duration rotation) {
		this.rotation = rotation;
	}

	/**
	 * Issue a new set now, such as when a role is attached.
	 */
	synchronized void issueNow() {
		issue(this.clock.instant());
	}

	synchronized int issued() {
		rotateIfDue();
		return this.issued;
	}

	/**
	 * The credentials valid now, issuing the ones due.
	 */
	synchronized Issued current() {
		rotateIfDue();
		Issued now = this.current;
		if (now == null) {
			throw new IllegalStateException("No credentials issued");
		}
		// the lifetime applies to the set being served, also when changed after issuing
		return new Issued(now.serial(), now.issued(), now.issued().plus(this.lifetime), this.keyPrefix);
	}

	private void rotateIfDue() {
		Issued last = this.current;
		Instant now = this.clock.instant();
		if (last == null) {
			issue(now);
			return;
		}
		Duration period = this.rotation;
		if (period.isZero() || period.isNegative() || now.isBefore(last.issued().plus(period))) {
			return;
		}
		// New credentials appear on the rotation schedule, not at the moment of the read.
		long periods = Duration.between(last.issued(), now).dividedBy(period);
		issue(last.issued().plus(period.multipliedBy(periods)));
	}

	private void issue(Instant at) {
		this.issued++;
		Instant issuedAt = at.truncatedTo(ChronoUnit.SECONDS);
		this.current = new Issued(this.issued, issuedAt, issuedAt.plus(this.lifetime), this.keyPrefix);
	}

	/**
	 * One set of credentials, with obviously fake values.
	 *
	 * @param serial the number of the set, from 1
	 * @param issued when it was issued
	 * @param expiration when it expires
	 * @param keyPrefix the start of the fake values
	 */
	record Issued(int serial, Instant issued, Instant expiration, String keyPrefix) {

		String accessKeyId() {
			return "ASIA%s%012d".formatted(this.keyPrefix, this.serial);
		}

		String secretAccessKey() {
			return this.keyPrefix.toLowerCase(java.util.Locale.ROOT) + "-secret-" + this.serial;
		}

		String token() {
			return this.keyPrefix.toLowerCase(java.util.Locale.ROOT) + "-session-token-" + this.serial;
		}

		@Override
		public String toString() {
			return "Issued[serial=" + this.serial + ", issued=" + this.issued + ", expiration=" + this.expiration + "]";
		}

	}

}
