package io.github.imds.test;

import org.jspecify.annotations.Nullable;

/**
 * The shortcuts of {@link ImdsSimulator} for meta-data, dynamic data, tags and user data:
 * each one calls the method of the same name on {@link #instance()} and returns the
 * simulator, so that set-ups chain across roles:
 * {@code imds.region("eu-west-1").role("app").latency(ofMillis(50))}. {@link SimulatorInstance}
 * documents the behaviour.
 *
 * @author imds-spring-boot contributors
 * @since 0.1.0
 */
public sealed interface SimulatorInstanceShortcuts permits ImdsSimulator {

	/**
	 * The instance: meta-data, dynamic data, tags and user data.
	 * @return the instance view
	 */
	SimulatorInstance instance();

	/** Same as {@link SimulatorInstance#metadata(String,String)}, returning this. */
	default ImdsSimulator metadata(String path, String value) {
		instance().metadata(path, value);
		return simulator();
	}

	/** Same as {@link SimulatorInstance#removeMetadata(String)}, returning this. */
	default ImdsSimulator removeMetadata(String path) {
		instance().removeMetadata(path);
		return simulator();
	}

	/** Same as {@link SimulatorInstance#dynamic(String,String)}, returning this. */
	default ImdsSimulator dynamic(String path, String value) {
		instance().dynamic(path, value);
		return simulator();
	}

	/** Same as {@link SimulatorInstance#instanceId(String)}, returning this. */
	default ImdsSimulator instanceId(String instanceId) {
		instance().instanceId(instanceId);
		return simulator();
	}

	/** Same as {@link SimulatorInstance#accountId(String)}, returning this. */
	default ImdsSimulator accountId(String accountId) {
		instance().accountId(accountId);
		return simulator();
	}

	/** Same as {@link SimulatorInstance#region(String)}, returning this. */
	default ImdsSimulator region(String region) {
		instance().region(region);
		return simulator();
	}

	/** Same as {@link SimulatorInstance#availabilityZone(String)}, returning this. */
	default ImdsSimulator availabilityZone(String zone) {
		instance().availabilityZone(zone);
		return simulator();
	}

	/** Same as {@link SimulatorInstance#lifeCycle(String)}, returning this. */
	default ImdsSimulator lifeCycle(String lifeCycle) {
		instance().lifeCycle(lifeCycle);
		return simulator();
	}

	/** Same as {@link SimulatorInstance#tag(String,String)}, returning this. */
	default ImdsSimulator tag(String key, String value) {
		instance().tag(key, value);
		return simulator();
	}

	/** Same as {@link SimulatorInstance#removeTag(String)}, returning this. */
	default ImdsSimulator removeTag(String key) {
		instance().removeTag(key);
		return simulator();
	}

	/** Same as {@link SimulatorInstance#tagsInMetadata(boolean)}, returning this. */
	default ImdsSimulator tagsInMetadata(boolean enabled) {
		instance().tagsInMetadata(enabled);
		return simulator();
	}

	/** Same as {@link SimulatorInstance#userData(String)}, returning this. */
	default ImdsSimulator userData(@Nullable String userData) {
		instance().userData(userData);
		return simulator();
	}

	/** Same as {@link SimulatorInstance#userData(byte[])}, returning this. */
	default ImdsSimulator userData(byte @Nullable [] userData) {
		instance().userData(userData);
		return simulator();
	}

	private ImdsSimulator simulator() {
		return (ImdsSimulator) this;
	}

}
