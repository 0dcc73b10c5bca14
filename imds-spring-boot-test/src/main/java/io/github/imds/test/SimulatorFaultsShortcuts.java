package io.github.imds.test;

import java.time.Duration;

/**
 * The shortcuts of {@link ImdsSimulator} for errors, throttling, lost token responses,
 * latency and broken bodies: each one calls the method of the same name on {@link
 * #faults()} and returns the simulator, so that set-ups chain across roles:
 * {@code imds.region("eu-west-1").role("app").latency(ofMillis(50))}. {@link SimulatorFaults}
 * documents the behaviour.
 *
 * @author imds-spring-boot contributors
 * @since 0.1.0
 */
public sealed interface SimulatorFaultsShortcuts permits ImdsSimulator {

	/**
	 * Errors, throttling, lost token responses, latency and broken bodies.
	 * @return the faults view
	 */
	SimulatorFaults faults();

	/** Same as {@link SimulatorFaults#latency(Duration)}, returning this. */
	default ImdsSimulator latency(Duration latency) {
		faults().latency(latency);
		return simulator();
	}

	/** Same as {@link SimulatorFaults#failNext(int,int)}, returning this. */
	default ImdsSimulator failNext(int count, int status) {
		faults().failNext(count, status);
		return simulator();
	}

	/** Same as {@link SimulatorFaults#failNext(int,int,String)}, returning this. */
	default ImdsSimulator failNext(int count, int status, String pathPrefix) {
		faults().failNext(count, status, pathPrefix);
		return simulator();
	}

	/** Same as {@link SimulatorFaults#throttleAbove(int)}, returning this. */
	default ImdsSimulator throttleAbove(int requestsPerSecond) {
		faults().throttleAbove(requestsPerSecond);
		return simulator();
	}

	/** Same as {@link SimulatorFaults#resetConnectionNext(int)}, returning this. */
	default ImdsSimulator resetConnectionNext(int count) {
		faults().resetConnectionNext(count);
		return simulator();
	}

	/** Same as {@link SimulatorFaults#dropTokenResponses(boolean)}, returning this. */
	default ImdsSimulator dropTokenResponses(boolean drop) {
		faults().dropTokenResponses(drop);
		return simulator();
	}

	/** Same as {@link SimulatorFaults#malformedJson(String)}, returning this. */
	default ImdsSimulator malformedJson(String path) {
		faults().malformedJson(path);
		return simulator();
	}

	/** Same as {@link SimulatorFaults#oversizedBody(String,int)}, returning this. */
	default ImdsSimulator oversizedBody(String path, int bytes) {
		faults().oversizedBody(path, bytes);
		return simulator();
	}

	/** Same as {@link SimulatorFaults#slowBody(String,Duration)}, returning this. */
	default ImdsSimulator slowBody(String path, Duration total) {
		faults().slowBody(path, total);
		return simulator();
	}

	/** Same as {@link SimulatorFaults#emptyBody(String)}, returning this. */
	default ImdsSimulator emptyBody(String path) {
		faults().emptyBody(path);
		return simulator();
	}

	/** Same as {@link SimulatorFaults#redirect(String,int,String)}, returning this. */
	default ImdsSimulator redirect(String path, int status, String location) {
		faults().redirect(path, status, location);
		return simulator();
	}

	/** Same as {@link SimulatorFaults#invalidUtf8(String) faults().invalidUtf8(...)}, returning this simulator. */
	default ImdsSimulator invalidUtf8(String path) {
		faults().invalidUtf8(path);
		return simulator();
	}

	/** Same as {@link SimulatorFaults#clear()}, returning this. */
	default ImdsSimulator clearFaults() {
		faults().clear();
		return simulator();
	}

	private ImdsSimulator simulator() {
		return (ImdsSimulator) this;
	}

}
