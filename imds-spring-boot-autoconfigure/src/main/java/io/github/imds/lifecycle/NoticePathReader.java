package io.github.imds.lifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.random.RandomGenerator;

import io.github.imds.client.ImdsClient;
import io.github.imds.client.ImdsException;
import io.github.imds.client.ImdsResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Reads the lifecycle paths for the {@link InstanceLifecyclePoller}: one request per path that is due, each
 * path with its own {@link PathBackoff}; counts the failed requests and logs an outage once (a WARN at its
 * start, an INFO when every path answers again). Not thread-safe: the poller calls it under its poll lock.
 */
final class NoticePathReader {

	// the poller's name, so that existing logging configuration keeps applying
	private static final Log logger = LogFactory.getLog(InstanceLifecyclePoller.class);

	private final ImdsClient client;

	private final Duration pollInterval;

	private final RandomGenerator random;

	private final BooleanSupplier warnOnOutage;

	private final Map<String, PathBackoff> schedules = new LinkedHashMap<>();

	private final Set<String> failingPaths = new LinkedHashSet<>();

	private @Nullable String lastError;

	private long errors;

	/**
	 * Creates a reader.
	 * @param warnOnOutage whether the first failure of an outage is logged at WARN (else DEBUG): while the
	 * poller runs, not for a {@code pollOnce()} of a stopped poller
	 */
	NoticePathReader(ImdsClient client, Duration pollInterval, RandomGenerator random, BooleanSupplier warnOnOutage) {
		this.client = client;
		this.pollInterval = pollInterval;
		this.random = random;
		this.warnOnOutage = warnOnOutage;
	}

	/**
	 * Reads {@code path} when it is due, and hands its body ({@code null} on 404) to {@code reader}.
	 * @param path the path
	 * @param maxBackoff the path's longest backoff after failures
	 * @param now the time of the poll
	 * @param reader reads the body and returns when the path is due again after a success
	 */
	void read(String path, Duration maxBackoff, Instant now, Function<@Nullable String, Duration> reader) {
		PathBackoff schedule = this.schedules.computeIfAbsent(path,
				(key) -> new PathBackoff(this.pollInterval, maxBackoff, this.random));
		if (!schedule.isDue(now)) {
			return;
		}
		Duration next;
		try {
			Optional<ImdsResponse> response = this.client.get(path);
			next = reader.apply(response.map(ImdsResponse::asString).orElse(null));
		}
		catch (ImdsException | IllegalArgumentException ex) {
			// IllegalArgumentException: a body this library cannot read. Backing off like for a failed request
			// keeps a broken answer from being re-read (and logged) every poll.
			failed(path, schedule, now, ex);
			return;
		}
		schedule.succeeded(now, next);
		if (this.failingPaths.remove(path) && this.failingPaths.isEmpty()) {
			logger.info("IMDS lifecycle polling recovered");
		}
	}

	private void failed(String path, PathBackoff schedule, Instant now, RuntimeException ex) {
		Duration delay = schedule.failed(now);
		this.errors++;
		this.lastError = ex.getMessage();
		boolean firstOfOutage = this.failingPaths.isEmpty();
		this.failingPaths.add(path);
		if (firstOfOutage && this.warnOnOutage.getAsBoolean()) {
			logger.warn("IMDS lifecycle poll of %s failed, backing off: %s".formatted(path, ex.getMessage()));
		}
		else if (logger.isDebugEnabled()) {
			logger.debug("IMDS lifecycle poll of %s failed (%d in a row), next attempt in %s: %s".formatted(path,
					schedule.failures(), delay, ex.getMessage()));
		}
	}

	/**
	 * The delay until the next poll: the poll interval with jitter, or sooner when a path is due sooner.
	 * @param now the current time
	 * @return the delay
	 */
	Duration nextPollDelay(Instant now) {
		return PathBackoff.nextPoll(this.pollInterval, this.random, now, this.schedules.values());
	}

	@Nullable String lastError() {
		return this.lastError;
	}

	long errors() {
		return this.errors;
	}

}
