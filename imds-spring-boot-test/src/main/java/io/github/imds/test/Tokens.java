package io.github.imds.test;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

/**
 * The IMDSv2 session tokens an {@link ImdsSimulator} issued, each valid until its TTL
 * runs out on the simulator's clock.
 */
final class Tokens {

	private final SecureRandom random = new SecureRandom();

	private final Map<String, Instant> expiries = new ConcurrentHashMap<>();

	private final AtomicInteger issued = new AtomicInteger();

	private final SimulatorClock clock;

	Tokens(SimulatorClock clock) {
		this.clock = clock;
	}

	String issue(int ttlSeconds) {
		Instant now = this.clock.instant();
		this.expiries.values().removeIf((expiry) -> !now.isBefore(expiry));
		byte[] bytes = new byte[32];
		this.random.nextBytes(bytes);
		String token = "AQAEAFAKE" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		this.expiries.put(token, now.plus(Duration.ofSeconds(ttlSeconds)));
		this.issued.incrementAndGet();
		return token;
	}

	boolean isValid(@Nullable String token) {
		Instant expiry = (token != null) ? this.expiries.get(token) : null;
		return expiry != null && this.clock.instant().isBefore(expiry);
	}

	int issued() {
		return this.issued.get();
	}

	void resetCount() {
		this.issued.set(0);
	}

	void invalidateAll() {
		this.expiries.clear();
	}

}
