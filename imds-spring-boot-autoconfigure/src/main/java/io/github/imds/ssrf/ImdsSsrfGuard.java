package io.github.imds.ssrf;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The SSRF guard's rule: refuses the instance metadata addresses ({@code 169.254.169.254},
 * {@code fd00:ec2::254}, {@code 169.254.170.2}, {@code 169.254.170.23}, {@code fd00:ec2::23}) in any
 * spelling, and allows every other address, private and link-local ones included. In
 * {@link SsrfGuardMode#REPORT report} mode it allows them too, and only logs and counts.
 * <p>
 * Each attempt is counted; one WARN per metadata address and minute names the URL host (never the URL).
 * The guard is deliberately not an {@code InetAddressFilter} bean itself, which would compete with the
 * application's: {@link SsrfGuardPostProcessor} adds it to the filter in Spring Boot's HTTP client settings.
 *
 * @since 0.1.0
 */
public final class ImdsSsrfGuard {

	private static final Log logger = LogFactory.getLog(ImdsSsrfGuard.class);

	private static final int MAX_HOST_LENGTH = 253;

	private final MetadataAddresses addresses;

	private final SsrfGuardMode mode;

	private final boolean active;

	private final String reason;

	private final Clock clock;

	private final RefusalLog log;

	private final LongAdder attempts = new LongAdder();

	private volatile @Nullable Attempt last;

	ImdsSsrfGuard(MetadataAddresses addresses, SsrfGuardMode mode, boolean active, String reason, Clock clock) {
		this.addresses = Objects.requireNonNull(addresses, "'addresses' must not be null");
		this.mode = Objects.requireNonNull(mode, "'mode' must not be null");
		this.active = active;
		this.reason = Objects.requireNonNull(reason, "'reason' must not be null");
		this.clock = Objects.requireNonNull(clock, "'clock' must not be null");
		this.log = new RefusalLog(clock);
	}

	/**
	 * Creates the guard for the metadata addresses.
	 * @param mode whether to refuse or only report
	 * @param active whether it applies to the HTTP clients Spring Boot builds
	 * @param reason why it is active or not, as {@code /actuator/imds} shows it
	 * @return the guard
	 */
	public static ImdsSsrfGuard of(SsrfGuardMode mode, boolean active, String reason) {
		return new ImdsSsrfGuard(MetadataAddresses.DEFAULT, mode, active, reason, Clock.systemUTC());
	}

	/**
	 * Whether a client may connect to an address; counts and logs it when it is a metadata address.
	 * @param address the resolved address a client is about to connect to
	 * @return {@code false} for a metadata address in enforce mode, else {@code true}
	 */
	public boolean allows(InetAddress address) {
		Optional<InetAddress> target = this.addresses.target(address);
		if (target.isEmpty()) {
			return true;
		}
		String literal = MetadataAddresses.literal(target.get());
		String host = host(address);
		this.attempts.increment();
		this.last = new Attempt(literal, host, this.clock.instant());
		this.log.record(literal, (logged, suppressed) -> warn(logged, host, suppressed));
		return this.mode == SsrfGuardMode.REPORT;
	}

	private void warn(String target, String host, long suppressed) {
		String more = (suppressed > 0) ? " (%d more to this address in the last minute)".formatted(suppressed) : "";
		if (this.mode == SsrfGuardMode.ENFORCE) {
			logger.warn(("Refused a connection to the instance metadata address %s for the URL host '%s'%s: only "
					+ "the IMDS starter's own client may reach it. If the application fetches URLs it is given, "
					+ "this may be server-side request forgery; check where the URL came from.")
				.formatted(target, host, more));
		}
		else {
			logger.warn(("Let through a connection to the instance metadata address %s for the URL host '%s'%s "
					+ "because imds.ssrf-guard.mode=report; set it to 'enforce' to refuse such connections.")
				.formatted(target, host, more));
		}
	}

	/**
	 * Whether the guard applies to the HTTP clients Spring Boot builds.
	 * @return whether it is active
	 */
	public boolean isActive() {
		return this.active;
	}

	/**
	 * Whether the guard refuses or only reports.
	 * @return the mode
	 */
	public SsrfGuardMode mode() {
		return this.mode;
	}

	/**
	 * The connections to a metadata address seen so far (refused in enforce mode).
	 * @return the count
	 */
	public long attempts() {
		return this.attempts.sum();
	}

	/**
	 * Describes the guard for {@code /actuator/imds}.
	 * @return its status
	 */
	public SsrfGuardStatus status() {
		Attempt attempt = this.last;
		return new SsrfGuardStatus(this.active, this.reason, this.mode.tag(), attempts(),
				(attempt != null) ? attempt.target() : null, (attempt != null) ? attempt.host() : null,
				(attempt != null) ? attempt.at() : null);
	}

	/**
	 * The host a client resolved, without a reverse lookup: the name the address was resolved from, else
	 * its literal. Characters other than those of host names and literals are replaced, so that a crafted
	 * name cannot forge log lines.
	 */
	static String host(InetAddress address) {
		String text = address.toString();
		int slash = text.indexOf('/');
		String name = (slash > 0) ? text.substring(0, slash) : MetadataAddresses.literal(address);
		StringBuilder safe = new StringBuilder();
		for (int i = 0; i < name.length() && i < MAX_HOST_LENGTH; i++) {
			char c = name.charAt(i);
			boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.'
					|| c == '-' || c == ':' || c == '_' || c == '%';
			safe.append(allowed ? c : '?');
		}
		return safe.toString();
	}

	@Override
	public String toString() {
		return "ImdsSsrfGuard[mode=%s, denied=%s]".formatted(this.mode.tag(), this.addresses);
	}

	private record Attempt(String target, String host, Instant at) {

	}

}
