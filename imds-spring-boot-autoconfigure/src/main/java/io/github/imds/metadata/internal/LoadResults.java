package io.github.imds.metadata.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * What a load collected: properties, failures, warnings, and the paths still pending. Each path is requested
 * at most once. Once closed at the deadline it ignores late answers, so the snapshot never changes under the
 * caller and a path is either loaded or reported as not loaded.
 */
final class LoadResults {

	private final Map<String, String> properties = new LinkedHashMap<>();

	private final Set<String> requested = new HashSet<>();

	private final Set<String> pending = new LinkedHashSet<>();

	private final List<String> failures = new ArrayList<>();

	private final List<String> warnings = new ArrayList<>();

	private boolean closed;

	/**
	 * Marks a path pending.
	 * @param path the path
	 * @return {@code false} when it was already requested or the results are closed: do not request it
	 */
	synchronized boolean begin(String path) {
		if (this.closed || !this.requested.add(path)) {
			return false;
		}
		this.pending.add(path);
		return true;
	}

	synchronized void complete(String path, Map<String, String> entries) {
		if (!this.closed) {
			this.properties.putAll(entries);
			finish(path);
		}
	}

	synchronized void fail(String path, @Nullable String message) {
		if (!this.closed) {
			this.failures.add((message != null) ? message : path + ": failed");
			finish(path);
		}
	}

	synchronized void warn(String message) {
		if (!this.closed) {
			this.warnings.add(message);
		}
	}

	private void finish(String path) {
		this.pending.remove(path);
		if (this.pending.isEmpty()) {
			notifyAll();
		}
	}

	/**
	 * Waits until no path is pending or the deadline passed.
	 * @param deadline the deadline in {@link System#nanoTime()} terms
	 * @throws InterruptedException when interrupted while waiting
	 */
	synchronized void await(long deadline) throws InterruptedException {
		while (!this.pending.isEmpty()) {
			long left = deadline - System.nanoTime();
			if (left <= 0) {
				return;
			}
			TimeUnit.NANOSECONDS.timedWait(this, left);
		}
	}

	/**
	 * Closes the results: what is still pending becomes a failure naming the budget.
	 * @param budget the budget as messages show it
	 * @return what was collected, failures and warnings sorted
	 */
	synchronized Snapshot close(String budget) {
		this.closed = true;
		List<String> failures = new ArrayList<>(this.failures);
		for (String path : this.pending) {
			failures.add("not loaded within %s: %s".formatted(budget, path));
		}
		// Requests end in any order: sorted, the lists read the same on every start.
		failures.sort(null);
		List<String> warnings = new ArrayList<>(this.warnings);
		warnings.sort(null);
		return new Snapshot(Map.copyOf(this.properties), failures, warnings);
	}

	/**
	 * What a closed load collected.
	 *
	 * @param properties the properties
	 * @param failures what could not be loaded
	 * @param warnings what was left out on purpose
	 */
	record Snapshot(Map<String, String> properties, List<String> failures, List<String> warnings) {
	}

}
