package io.github.imds.test;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * {@link ContextCustomizer} binding a context to the simulator of one test class. As a
 * cache key it is equal only for the same class. It holds the simulator while the
 * context is open, and adds the endpoint to the environment for contexts that no
 * {@code SpringApplication} loads (where {@link ImdsSimulatorEnvironmentPostProcessor}
 * does not run).
 */
final class ImdsSimulatorContextCustomizer implements ContextCustomizer {

	private final Class<?> owner;

	ImdsSimulatorContextCustomizer(Class<?> owner) {
		this.owner = owner;
	}

	@Override
	public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
		ImdsSimulator simulator = ImdsSimulatorRegistry.acquire(this.owner);
		if (!context.getEnvironment().getPropertySources().contains(ImdsSimulatorEnvironmentPostProcessor.PROPERTY_SOURCE_NAME)) {
			ImdsSimulatorEnvironmentPostProcessor.addPropertySource(context.getEnvironment(), simulator);
		}
		context.getBeanFactory().registerSingleton("imdsSimulator", simulator);
		context.addApplicationListener(new Release(this.owner, simulator));
	}

	@Override
	public boolean equals(@Nullable Object obj) {
		return (obj instanceof ImdsSimulatorContextCustomizer other) && this.owner == other.owner;
	}

	@Override
	public int hashCode() {
		return this.owner.hashCode();
	}

	private record Release(Class<?> owner, ImdsSimulator simulator) implements ApplicationListener<ContextClosedEvent> {

		@Override
		public void onApplicationEvent(ContextClosedEvent event) {
			ImdsSimulatorRegistry.release(this.owner, this.simulator);
		}

	}

}
