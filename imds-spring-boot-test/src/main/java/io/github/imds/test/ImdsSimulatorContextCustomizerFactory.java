package io.github.imds.test;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;

/**
 * {@link ContextCustomizerFactory} giving each {@link EnableImdsSimulator} test class its
 * own application context bound to its simulator. Starts nothing: the simulator starts
 * when a context or the JUnit extension first needs it.
 */
final class ImdsSimulatorContextCustomizerFactory implements ContextCustomizerFactory {

	@Override
	public @Nullable ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		Class<?> owner = ImdsSimulatorRegistry.ownerOf(testClass);
		return (owner != null) ? new ImdsSimulatorContextCustomizer(owner) : null;
	}

}
