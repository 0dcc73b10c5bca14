package io.github.imds.test;

import java.time.Duration;

import io.github.imds.test.Faults.PathFault;

/**
 * The faults an {@link ImdsSimulator} injects ({@link ImdsSimulator#faults()}): errors,
 * throttling, lost token responses, latency and broken bodies. Paths are relative to
 * {@code /latest/meta-data/} unless they start with {@code /}. Safe to change while
 * clients are connected; {@link ImdsSimulator#reset()} clears them.
 *
 * @author imds-spring-boot contributors
 * @since 0.1.0
 */
public final class SimulatorFaults {

	private final Faults faults;

	SimulatorFaults(Faults faults) {
		this.faults = faults;
	}

	/**
	 * Delay every response.
	 * @param latency the delay, {@link Duration#ZERO} for none
	 * @return this view
	 */
	public SimulatorFaults latency(Duration latency) {
		this.faults.latency(latency);
		return this;
	}

	/**
	 * Answer the next requests of any kind, token requests included, with a status.
	 * @param count how many requests
	 * @param status the status, such as 500 or 503
	 * @return this view
	 */
	public SimulatorFaults failNext(int count, int status) {
		return failNext(count, status, "/");
	}

	/**
	 * Answer the next requests whose path starts with a prefix with a status.
	 * @param count how many requests
	 * @param status the status
	 * @param pathPrefix an absolute path prefix, such as {@code /latest/api/token}, or one
	 * relative to {@code /latest/meta-data/}
	 * @return this view
	 */
	public SimulatorFaults failNext(int count, int status, String pathPrefix) {
		this.faults.failNext(count, status, InstanceModel.absolute(pathPrefix, InstanceModel.META));
		return this;
	}

	/**
	 * Answer 429 to requests over a rate, measured on a sliding one second window of real
	 * time (not the simulator's clock), as IMDS throttles per instance.
	 * @param requestsPerSecond the rate allowed, 0 for no limit
	 * @return this view
	 */
	public SimulatorFaults throttleAbove(int requestsPerSecond) {
		this.faults.throttleAbove(requestsPerSecond);
		return this;
	}

	/**
	 * Reset the connection instead of answering the next requests.
	 * @param count how many requests
	 * @return this view
	 */
	public SimulatorFaults resetConnectionNext(int count) {
		this.faults.resetConnectionNext(count);
		return this;
	}

	/**
	 * Never answer token requests (held 30 seconds, then the connection is reset), while
	 * GETs are served: what a container behind a hop limit of 1 sees.
	 * @param drop whether to drop token responses
	 * @return this view
	 */
	public SimulatorFaults dropTokenResponses(boolean drop) {
		this.faults.dropTokenResponses(drop);
		return this;
	}

	/**
	 * Serve a truncated JSON document for a path.
	 * @param path the path
	 * @return this view
	 */
	public SimulatorFaults malformedJson(String path) {
		return pathFault(path, new PathFault.Malformed());
	}

	/**
	 * Serve a body of this many bytes for a path.
	 * @param path the path
	 * @param bytes the body size
	 * @return this view
	 */
	public SimulatorFaults oversizedBody(String path, int bytes) {
		return pathFault(path, new PathFault.Oversized(bytes));
	}

	/**
	 * Serve the normal body of a path in chunks spread over a duration.
	 * @param path the path
	 * @param total how long the body takes
	 * @return this view
	 */
	public SimulatorFaults slowBody(String path, Duration total) {
		return pathFault(path, new PathFault.Slow(10, total));
	}

	/**
	 * Serve 200 with an empty body for a path.
	 * @param path the path
	 * @return this view
	 */
	public SimulatorFaults emptyBody(String path) {
		return pathFault(path, new PathFault.Empty());
	}

	/**
	 * Answer a path with a redirect.
	 * @param path the path
	 * @param status the status, such as 301 or 307
	 * @param location the {@code Location} header
	 * @return this view
	 */
	public SimulatorFaults redirect(String path, int status, String location) {
		return pathFault(path, new PathFault.Redirect(status, location));
	}

	/**
	 * Serve bytes that are not valid UTF-8 for a path.
	 * @param path the path
	 * @return this view
	 */
	public SimulatorFaults invalidUtf8(String path) {
		return pathFault(path, new PathFault.InvalidUtf8());
	}

	/**
	 * Remove all faults.
	 * @return this view
	 */
	public SimulatorFaults clear() {
		this.faults.clear();
		return this;
	}

	private SimulatorFaults pathFault(String path, PathFault fault) {
		this.faults.pathFault(InstanceModel.absolute(path, InstanceModel.META), fault);
		return this;
	}

}
