package io.github.imds.test;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;

/**
 * The faults an {@link ImdsSimulator} injects. Every part is safe to change while requests
 * are served.
 */
final class Faults {

	private final AtomicReference<Duration> latency = new AtomicReference<>(Duration.ZERO);

	private final List<FailRule> failRules = new CopyOnWriteArrayList<>();

	private final AtomicInteger resetConnections = new AtomicInteger();

	private final AtomicInteger throttleLimit = new AtomicInteger();

	private final Deque<Long> recentRequests = new ArrayDeque<>();

	private final AtomicBoolean dropTokenResponses = new AtomicBoolean();

	private final Map<String, PathFault> pathFaults = new ConcurrentHashMap<>();

	void clear() {
		this.latency.set(Duration.ZERO);
		this.failRules.clear();
		this.resetConnections.set(0);
		this.throttleLimit.set(0);
		synchronized (this.recentRequests) {
			this.recentRequests.clear();
		}
		this.dropTokenResponses.set(false);
		this.pathFaults.clear();
	}

	void latency(Duration latency) {
		this.latency.set(latency);
	}

	Duration latency() {
		return this.latency.get();
	}

	void failNext(int count, int status, String pathPrefix) {
		this.failRules.add(new FailRule(new AtomicInteger(count), status, pathPrefix));
	}

	/**
	 * Take one failure for this path from the first rule that still has some left.
	 * @return the status to answer, or 0
	 */
	int takeFailure(String path) {
		for (FailRule rule : this.failRules) {
			if (path.startsWith(rule.pathPrefix()) && take(rule.remaining())) {
				return rule.status();
			}
		}
		return 0;
	}

	void resetConnectionNext(int count) {
		this.resetConnections.addAndGet(count);
	}

	boolean takeConnectionReset() {
		return take(this.resetConnections);
	}

	void throttleAbove(int requestsPerSecond) {
		this.throttleLimit.set(requestsPerSecond);
	}

	/**
	 * Whether this request goes over the limit, on a sliding one second window of real
	 * time: throttling is about load, which a virtual clock does not create.
	 */
	boolean throttled() {
		int limit = this.throttleLimit.get();
		if (limit <= 0) {
			return false;
		}
		long now = System.nanoTime();
		long windowStart = now - Duration.ofSeconds(1).toNanos();
		synchronized (this.recentRequests) {
			while (!this.recentRequests.isEmpty() && this.recentRequests.peekFirst() - windowStart < 0) {
				this.recentRequests.pollFirst();
			}
			if (this.recentRequests.size() >= limit) {
				return true;
			}
			this.recentRequests.addLast(now);
			return false;
		}
	}

	void dropTokenResponses(boolean drop) {
		this.dropTokenResponses.set(drop);
	}

	boolean dropTokenResponses() {
		return this.dropTokenResponses.get();
	}

	void pathFault(String absolutePath, @Nullable PathFault fault) {
		if (fault == null) {
			this.pathFaults.remove(absolutePath);
		}
		else {
			this.pathFaults.put(absolutePath, fault);
		}
	}

	@Nullable PathFault pathFault(String path) {
		PathFault fault = this.pathFaults.get(path);
		if (fault == null && path.endsWith("/") && path.length() > 1) {
			fault = this.pathFaults.get(path.substring(0, path.length() - 1));
		}
		return fault;
	}

	private static boolean take(AtomicInteger counter) {
		return counter.getAndUpdate((left) -> (left > 0) ? left - 1 : 0) > 0;
	}

	private record FailRule(AtomicInteger remaining, int status, String pathPrefix) {
	}

	/**
	 * A fault tied to one path.
	 */
	sealed interface PathFault {

		record Malformed() implements PathFault {
		}

		record Oversized(int bytes) implements PathFault {
		}

		record Slow(int chunks, Duration total) implements PathFault {
		}

		record Empty() implements PathFault {
		}

		record Redirect(int status, String location) implements PathFault {
		}

		record InvalidUtf8() implements PathFault {
		}

	}

}
