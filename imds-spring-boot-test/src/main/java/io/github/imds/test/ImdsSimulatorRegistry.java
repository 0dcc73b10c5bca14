package io.github.imds.test;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * The simulators of {@link EnableImdsSimulator} test classes, keyed by the annotated class.
 * <p>
 * This is the one piece of static state in the module, and it cannot be avoided: a
 * {@code SpringApplication} gives {@code EnvironmentPostProcessor}s no handle on the test
 * that loads it, only its main application class (which {@code SpringBootContextLoader}
 * sets to the test class). The JUnit extension, the context customizer and the
 * environment post-processor meet here, so that they all use the same simulator. An
 * entry lives while its test class runs: the extension removes and stops it after all
 * tests, a Spring context that holds it releases it when closed.
 */
final class ImdsSimulatorRegistry {

	private static final Map<Class<?>, Entry> entries = new ConcurrentHashMap<>();

	private ImdsSimulatorRegistry() {
	}

	/**
	 * The class that carries {@link EnableImdsSimulator} for a test class: the class
	 * itself (directly or inherited) or, for nested classes, an enclosing class.
	 */
	static @Nullable Class<?> ownerOf(@Nullable Class<?> testClass) {
		for (Class<?> candidate = testClass; candidate != null; candidate = candidate.getEnclosingClass()) {
			if (candidate.isAnnotationPresent(EnableImdsSimulator.class)) {
				return candidate;
			}
		}
		return null;
	}

	/**
	 * The running simulator of an annotated class, started on first use.
	 */
	static ImdsSimulator obtain(Class<?> owner) {
		return entries.computeIfAbsent(owner, ImdsSimulatorRegistry::start).simulator();
	}

	/**
	 * Like {@link #obtain(Class)}, and count one more holder that must
	 * {@link #release(Class, ImdsSimulator) release} it.
	 */
	static ImdsSimulator acquire(Class<?> owner) {
		Entry entry = entries.compute(owner, (key, existing) -> {
			Entry current = (existing != null) ? existing : start(key);
			current.holders++;
			return current;
		});
		return entry.simulator();
	}

	/**
	 * Drop one holder; the last one stops the simulator.
	 */
	static void release(Class<?> owner, ImdsSimulator simulator) {
		entries.computeIfPresent(owner, (key, entry) -> {
			if (entry.simulator() != simulator) {
				return entry;
			}
			entry.holders--;
			if (entry.holders > 0) {
				return entry;
			}
			simulator.close();
			return null;
		});
	}

	/**
	 * Stop and forget the simulator of an annotated class, whoever holds it: its tests are
	 * over.
	 */
	static void stop(Class<?> owner) {
		Entry entry = entries.remove(owner);
		if (entry != null) {
			entry.simulator().close();
		}
	}

	static @Nullable ImdsSimulator find(Class<?> owner) {
		Entry entry = entries.get(owner);
		return (entry != null) ? entry.simulator() : null;
	}

	private static Entry start(Class<?> owner) {
		EnableImdsSimulator settings = owner.getAnnotation(EnableImdsSimulator.class);
		ImdsSimulatorBuilder builder = ImdsSimulator.builder();
		if (settings != null) {
			builder.port(settings.port()).acceptImdsV1(settings.acceptImdsV1());
			if (settings.tagsInMetadata()) {
				builder.tagsInMetadata(true);
			}
			String lifeCycle = settings.lifeCycle();
			if (!lifeCycle.equals("on-demand")) {
				builder.configure((simulator) -> simulator.lifeCycle(lifeCycle));
			}
			if (!settings.instanceProfile()) {
				builder.configure(ImdsSimulator::noInstanceProfile);
			}
			String code = settings.credentialsCode();
			if (!code.equals("Success")) {
				builder.configure((simulator) -> simulator.credentialsCode(code,
						"The simulator answers the credentials with Code " + code));
			}
		}
		return new Entry(builder.build().start());
	}

	private static final class Entry {

		private final ImdsSimulator simulator;

		private int holders;

		Entry(ImdsSimulator simulator) {
			this.simulator = simulator;
		}

		ImdsSimulator simulator() {
			return this.simulator;
		}

	}

}
