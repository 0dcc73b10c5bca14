package io.github.imds.actuate.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

import io.github.imds.client.ImdsClient;
import io.github.imds.client.ImdsException;
import io.github.imds.client.ImdsRequestEvent;
import io.github.imds.client.RequestOutcome;
import io.github.imds.client.internal.ImdsRequestStatistics;
import org.jspecify.annotations.Nullable;

/**
 * Tells whether IMDS answers, at the cost of at most one probe per {@code maxStaleness} however often it is
 * asked: health checks of many replicas every second must not load IMDS, which throttles per instance.
 * <p>
 * Evidence, newest first: the latest request of any kind if it ended within {@code maxStaleness} (the
 * application's own traffic, so no probe while it flows), else the latest probe if within
 * {@code maxStaleness}, else a new probe ({@value #PROBE_PATH}). Concurrent callers share one probe.
 * <p>
 * A 429 is an answer: IMDS is there, only throttled. The probe remembers since when IMDS has failed without
 * any answer in between, so that one failed request is told apart from an outage: {@link #isDown(Result)}
 * once the failures have lasted {@code downAfter}.
 *
 * @since 0.1.0
 */
public final class ImdsProbe {

	/**
	 * The path a probe reads: small, always present, and what the metadata snapshot also reads.
	 */
	public static final String PROBE_PATH = "/latest/meta-data/instance-id";

	private final ImdsClient client;

	private final ImdsRequestStatistics statistics;

	private final Duration maxStaleness;

	private final Duration downAfter;

	private final Clock clock;

	private final Object outageMonitor = new Object();

	private @Nullable Instant failingSince;

	private final ReentrantLock lock = new ReentrantLock();

	private volatile @Nullable Result lastProbe;

	/**
	 * Creates a probe.
	 * @param client the client to probe with
	 * @param statistics the statistics of that client's requests
	 * @param maxStaleness how long an outcome is reused
	 * @param downAfter how long IMDS must fail before {@link #isDown(Result)}
	 * @param clock the clock to compare request times with
	 */
	public ImdsProbe(ImdsClient client, ImdsRequestStatistics statistics, Duration maxStaleness, Duration downAfter,
			Clock clock) {
		this.client = Objects.requireNonNull(client, "'client' must not be null");
		this.statistics = Objects.requireNonNull(statistics, "'statistics' must not be null");
		this.maxStaleness = Objects.requireNonNull(maxStaleness, "'maxStaleness' must not be null");
		this.downAfter = Objects.requireNonNull(downAfter, "'downAfter' must not be null");
		this.clock = Objects.requireNonNull(clock, "'clock' must not be null");
	}

	public ImdsProbe(ImdsClient client, ImdsRequestStatistics statistics, Duration maxStaleness, Clock clock) {
		this(client, statistics, maxStaleness, Duration.ZERO, clock);
	}

	/**
	 * How long IMDS must fail before it counts as down.
	 * @return the duration
	 */
	public Duration downAfter() {
		return this.downAfter;
	}

	/**
	 * Whether IMDS has failed (no answer, not even a 429) for at least {@code downAfter}, up to now.
	 * @param result a result of {@link #check()} or {@link #probeNow()}
	 * @return whether the outage has lasted long enough to report IMDS down
	 */
	public boolean isDown(Result result) {
		Instant since = result.failingSince();
		if (result.reachable() || since == null) {
			return false;
		}
		return Duration.between(since, this.clock.instant()).compareTo(this.downAfter) >= 0;
	}

	/**
	 * Whether IMDS answers, from evidence at most {@code maxStaleness} old, probing only when there is none.
	 * Must only be called when the client is available.
	 * @return the result
	 */
	public Result check() {
		Result fresh = fresh();
		if (fresh != null) {
			return track(fresh);
		}
		if (!this.lock.tryLock()) {
			// A probe is in flight and may take seconds when IMDS is silent: health checks answer with the last
			// result instead of queueing behind it (and timing out at the load balancer).
			Result last = this.lastProbe;
			if (last != null) {
				return track(last);
			}
			this.lock.lock();
		}
		try {
			// another caller may have probed while this one waited
			fresh = fresh();
			return track((fresh != null) ? fresh : probe());
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Probes now, whatever the evidence; concurrent calls still share one probe.
	 * @return the result
	 */
	public Result probeNow() {
		Instant before = this.clock.instant();
		this.lock.lock();
		try {
			Result last = this.lastProbe;
			if (last != null && !last.at().isBefore(before)) {
				return track(last);
			}
			return track(probe());
		}
		finally {
			this.lock.unlock();
		}
	}

	private @Nullable Result fresh() {
		Instant now = this.clock.instant();
		Instant oldest = now.minus(this.maxStaleness);
		Result probe = this.lastProbe;
		ImdsRequestEvent event = this.statistics.lastEvent();
		if (event != null && event.at().isAfter(oldest)
				&& (probe == null || event.at().isAfter(probe.at()))) {
			return event.outcome().isAnswer() ? new Result(true, event.at(), Source.TRAFFIC, null)
					: new Result(false, event.at(), Source.TRAFFIC, "%s %s: %s".formatted(event.method(),
							event.path(), event.error()), event.outcome() == RequestOutcome.THROTTLED, null);
		}
		if (probe != null && probe.at().isAfter(oldest)) {
			return probe;
		}
		return null;
	}

	private Result probe() {
		Result result;
		try {
			this.client.get(PROBE_PATH);
			result = new Result(true, this.clock.instant(), Source.PROBE, null);
		}
		catch (ImdsException ex) {
			result = new Result(false, this.clock.instant(), Source.PROBE, ex.getMessage(),
					ex.getStatus() == 429, null);
		}
		this.lastProbe = result;
		return result;
	}

	/**
	 * Keeps since when IMDS fails: the first failure seen after the last answer (an answer from the
	 * application's traffic counts, even one no check saw).
	 */
	private Result track(Result result) {
		synchronized (this.outageMonitor) {
			if (result.reachable()) {
				this.failingSince = null;
				return result;
			}
			Instant lastAnswer = this.statistics.lastAnswerAt();
			Instant since = this.failingSince;
			if (since == null || (lastAnswer != null && lastAnswer.isAfter(since))) {
				since = result.at();
				this.failingSince = since;
			}
			return result.failingSince(since);
		}
	}

	/**
	 * Where a result comes from.
	 */
	public enum Source {

		/** The application's own latest request. */
		TRAFFIC,

		/** A probe of {@value ImdsProbe#PROBE_PATH}. */
		PROBE

	}

	/**
	 * Whether IMDS answered.
	 *
	 * @param answered whether it answered (a 404 counts: IMDS is there)
	 * @param at when
	 * @param source whether the application's traffic or a probe showed it
	 * @param error why it did not answer, or {@code null}
	 * @param throttled whether it answered 429: reachable, only throttled
	 * @param failingSince since when IMDS fails without an answer in between, or {@code null} when it answers
	 */
	public record Result(boolean answered, Instant at, Source source, @Nullable String error, boolean throttled,
			@Nullable Instant failingSince) {

		Result(boolean answered, Instant at, Source source, @Nullable String error) {
			this(answered, at, source, error, false, null);
		}

		/**
		 * Whether IMDS is there: it answered, or it throttled.
		 * @return whether IMDS is reachable
		 */
		public boolean reachable() {
			return this.answered || this.throttled;
		}

		Result failingSince(Instant since) {
			return new Result(this.answered, this.at, this.source, this.error, this.throttled, since);
		}

	}

}
