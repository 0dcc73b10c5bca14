package io.github.imds.test;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * {@link ContextCustomizerFactory} marking every Spring test class, so that its
 * application gets the {@link ImdsTestDefaults safe defaults} (no real IMDS unless the
 * test asks). The customizer it returns is the same for every class, so that it does not
 * split the context cache; it adds the defaults to contexts that no
 * {@code SpringApplication} loads.
 */
final class ImdsTestDefaultsContextCustomizerFactory implements ContextCustomizerFactory {

	@Override
	public ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		ImdsTestDefaults.registerTestClass(testClass);
		return Customizer.INSTANCE;
	}

	private static final class Customizer implements ContextCustomizer {

		static final Customizer INSTANCE = new Customizer();

		@Override
		public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
			ImdsTestDefaults.apply(context.getEnvironment());
		}

		@Override
		public boolean equals(@Nullable Object obj) {
			return obj instanceof Customizer;
		}

		@Override
		public int hashCode() {
			return Customizer.class.hashCode();
		}

	}

}
