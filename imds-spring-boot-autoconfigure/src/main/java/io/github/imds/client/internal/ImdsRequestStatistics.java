package io.github.imds.client.internal;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import io.github.imds.client.ImdsClient;
import io.github.imds.client.ImdsRequestEvent;
import io.github.imds.client.ImdsRequestListener;
import io.github.imds.client.RequestKind;
import io.github.imds.client.RequestOutcome;
import org.jspecify.annotations.Nullable;

/**
 * {@link ImdsRequestListener} that keeps what the health indicator, the endpoint and the diagnosis need to
 * know about the requests of an {@link ImdsClient}: counts by kind and outcome, a bounded window of
 * latencies, the last error, the last answer, and the latest outcome of each kind of request.
 * <p>
 * It holds no body, header or token: events never carry them, and error messages of the client never quote
 * a body.
 *
 * @since 0.1.0
 */
public final class ImdsRequestStatistics implements ImdsRequestListener {

	/**
	 * How many of the latest durations the latency percentiles are computed from.
	 */
	public static final int LATENCY_WINDOW = 1024;

	private final Map<RequestKind, Map<RequestOutcome, LongAdder>> counts = new ConcurrentHashMap<>();

	private final long[] latencies = new long[LATENCY_WINDOW];

	private int latencyCount;

	private int latencyNext;

	private final Map<RequestKind, Recent> recent = new ConcurrentHashMap<>();

	private volatile @Nullable ImdsRequestEvent lastEvent;

	private volatile @Nullable ImdsRequestEvent lastError;

	private volatile @Nullable Instant lastAnswerAt;

	@Override
	public void onRequest(ImdsRequestEvent event) {
		this.counts.computeIfAbsent(event.kind(), (kind) -> new ConcurrentHashMap<>())
			.computeIfAbsent(event.outcome(), (outcome) -> new LongAdder())
			.increment();
		synchronized (this.latencies) {
			this.latencies[this.latencyNext] = event.duration().toNanos();
			this.latencyNext = (this.latencyNext + 1) % LATENCY_WINDOW;
			this.latencyCount = Math.min(this.latencyCount + 1, LATENCY_WINDOW);
		}
		this.recent.compute(event.kind(), (kind, previous) -> Recent.after(previous, event));
		this.lastEvent = event;
		if (event.outcome().isAnswer()) {
			this.lastAnswerAt = event.at();
		}
		else {
			this.lastError = event;
		}
	}

	/**
	 * The latest exchange of any kind.
	 * @return the event, or {@code null} before the first request
	 */
	public @Nullable ImdsRequestEvent lastEvent() {
		return this.lastEvent;
	}

	/**
	 * The latest exchange that did not end with an answer.
	 * @return the event, or {@code null} when every request was answered
	 */
	public @Nullable ImdsRequestEvent lastError() {
		return this.lastError;
	}

	/**
	 * When IMDS last answered (success or 404).
	 * @return the time, or {@code null} when it never did
	 */
	public @Nullable Instant lastAnswerAt() {
		return this.lastAnswerAt;
	}

	/**
	 * The latest outcome of each kind of request.
	 * @return an immutable map, in {@link RequestKind} order
	 */
	public Map<RequestKind, Recent> recent() {
		Map<RequestKind, Recent> copy = new EnumMap<>(RequestKind.class);
		copy.putAll(this.recent);
		return Collections.unmodifiableMap(copy);
	}

	/**
	 * How many requests ended how, by kind; tag names as keys ({@code token}, {@code success}, ...).
	 * @return an immutable map of kind to outcome to count, in enum order, without zero counts
	 */
	public Map<String, Map<String, Long>> counts() {
		Map<String, Map<String, Long>> result = new LinkedHashMap<>();
		for (RequestKind kind : RequestKind.values()) {
			Map<RequestOutcome, LongAdder> byOutcome = this.counts.get(kind);
			if (byOutcome == null) {
				continue;
			}
			Map<String, Long> outcomes = new LinkedHashMap<>();
			for (RequestOutcome outcome : RequestOutcome.values()) {
				LongAdder adder = byOutcome.get(outcome);
				if (adder != null) {
					outcomes.put(outcome.tag(), adder.sum());
				}
			}
			result.put(kind.tag(), Collections.unmodifiableMap(outcomes));
		}
		return Collections.unmodifiableMap(result);
	}

	/**
	 * The number of requests made so far.
	 * @return the total
	 */
	public long total() {
		long total = 0;
		for (Map<RequestOutcome, LongAdder> byOutcome : this.counts.values()) {
			for (LongAdder adder : byOutcome.values()) {
				total += adder.sum();
			}
		}
		return total;
	}

	/**
	 * Latency percentiles of the latest {@value #LATENCY_WINDOW} requests, computed now.
	 * @return the latencies
	 */
	public Latency latency() {
		long[] window;
		synchronized (this.latencies) {
			window = Arrays.copyOf(this.latencies, this.latencyCount);
		}
		if (window.length == 0) {
			return new Latency(0, 0, 0, 0, 0);
		}
		Arrays.sort(window);
		return new Latency(window.length, millis(percentile(window, 50)), millis(percentile(window, 90)),
				millis(percentile(window, 99)), millis(window[window.length - 1]));
	}

	/** Nearest-rank percentile: the smallest value at or above p percent of the window. */
	private static long percentile(long[] sorted, int p) {
		int rank = (int) Math.ceil(p / 100.0 * sorted.length);
		return sorted[Math.max(rank, 1) - 1];
	}

	private static double millis(long nanos) {
		return Math.round(nanos / 10_000.0) / 100.0;
	}

	/**
	 * Latency percentiles in milliseconds, rounded to 0.01 ms.
	 *
	 * @param count how many requests they are computed from
	 * @param p50Ms the median
	 * @param p90Ms the 90th percentile
	 * @param p99Ms the 99th percentile
	 * @param maxMs the longest
	 */
	public record Latency(int count, double p50Ms, double p90Ms, double p99Ms, double maxMs) {

	}

	/**
	 * The latest outcome of one kind of request.
	 *
	 * @param outcome how the latest request of this kind ended
	 * @param status its HTTP status, 0 when no response arrived
	 * @param at when it ended
	 * @param error its error, or {@code null} when it was answered
	 * @param consecutive how many requests of this kind in a row ended with this outcome
	 */
	public record Recent(RequestOutcome outcome, int status, Instant at, @Nullable String error, int consecutive) {

		static Recent after(@Nullable Recent previous, ImdsRequestEvent event) {
			int consecutive = (previous != null && previous.outcome() == event.outcome()) ? previous.consecutive() + 1
					: 1;
			return new Recent(event.outcome(), event.status(), event.at(), event.error(), consecutive);
		}

		/**
		 * Whether the request was answered (success or 404).
		 * @return whether IMDS answered
		 */
		public boolean isAnswer() {
			return this.outcome.isAnswer();
		}

	}

}
