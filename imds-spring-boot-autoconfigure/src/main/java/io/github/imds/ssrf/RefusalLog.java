package io.github.imds.ssrf;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * Decides which attempts are logged: the first one per target, then at most one per target and minute,
 * each naming how many were not logged since the previous line.
 */
final class RefusalLog {

	static final Duration WINDOW = Duration.ofMinutes(1);

	private final Clock clock;

	private final Map<String, Window> windows = new ConcurrentHashMap<>();

	RefusalLog(Clock clock) {
		this.clock = clock;
	}

	/**
	 * Records an attempt and calls {@code log} with the number of attempts to the same target that were not
	 * logged since the last line, when this one is to be logged.
	 * @param target the metadata address
	 * @param log called with the target and the count of unlogged attempts, at most once a minute per target
	 */
	void record(String target, BiConsumer<String, Long> log) {
		Instant now = this.clock.instant();
		long[] suppressed = { -1 };
		this.windows.compute(target, (key, window) -> {
			if (window == null || !now.isBefore(window.loggedAt().plus(WINDOW))) {
				suppressed[0] = (window != null) ? window.suppressed() : 0;
				return new Window(now, 0);
			}
			return new Window(window.loggedAt(), window.suppressed() + 1);
		});
		if (suppressed[0] >= 0) {
			log.accept(target, suppressed[0]);
		}
	}

	private record Window(Instant loggedAt, long suppressed) {

	}

}
