package io.github.imds.autoconfigure;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * The checks of the {@code imds.*} setters: each names the property and the accepted range.
 */
final class ImdsPropertyChecks {

	private ImdsPropertyChecks() {
	}

	/**
	 * Checks a duration when it is bound, so that a bad value fails startup with a report naming the property,
	 * instead of failing later (or never) where it is used. Every {@code imds.*} value is checked here, in its
	 * setter; the client's builder checks its own options again for callers without Spring.
	 */
	static Duration requireAtLeast(String property, @Nullable Duration value, Duration minimum, String range) {
		if (value == null || value.compareTo(minimum) < 0) {
			throw new InvalidImdsPropertyException("%s must be %s, was %s".formatted(property, range, value));
		}
		return value;
	}

	static Duration requireTimeout(String property, @Nullable Duration value) {
		if (value == null || value.isNegative() || value.isZero() || value.compareTo(Duration.ofMinutes(1)) > 0) {
			throw new InvalidImdsPropertyException(
					"%s must be more than 0 and at most 1m, was %s".formatted(property, value));
		}
		return value;
	}

}
