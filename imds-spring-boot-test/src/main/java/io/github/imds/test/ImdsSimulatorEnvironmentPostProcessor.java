package io.github.imds.test;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;

/**
 * {@link EnvironmentPostProcessor} that points the application of an
 * {@link EnableImdsSimulator} test at its simulator.
 * <p>
 * Context customizers and {@code @DynamicPropertySource} only reach the environment after
 * the environment post-processors ran (spring-boot#26148), too late for the one that
 * loads {@code ec2.*} properties, and inlined test properties cannot hold a random port.
 * This post-processor runs before config data, so every later one sees the endpoint. It
 * finds the test through the main application class, which {@code SpringBootContextLoader}
 * sets to the test class; any other application is left alone.
 * <p>
 * It also gives every Spring test's application the {@link ImdsTestDefaults safe
 * defaults}: no real IMDS unless the test configures one.
 */
final class ImdsSimulatorEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	/**
	 * The order: before {@link ConfigDataEnvironmentPostProcessor#ORDER}, so that config
	 * data and every post-processor after it see the simulator's endpoint.
	 */
	static final int ORDER = ConfigDataEnvironmentPostProcessor.ORDER - 5;

	static final String PROPERTY_SOURCE_NAME = "imdsSimulator";

	// TestPropertySourceUtils.INLINED_PROPERTIES_PROPERTY_SOURCE_NAME
	private static final String INLINED_PROPERTIES = "Inlined Test Properties";

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		Class<?> mainClass = application.getMainApplicationClass();
		Class<?> owner = ImdsSimulatorRegistry.ownerOf(mainClass);
		if (owner != null) {
			addPropertySource(environment, ImdsSimulatorRegistry.obtain(owner));
		}
		if (ImdsTestDefaults.isTestClass(mainClass)) {
			ImdsTestDefaults.apply(environment);
		}
	}

	/**
	 * Add the simulator's properties, below properties inlined in the test annotation so
	 * that a test can still override them, above everything else.
	 */
	static void addPropertySource(ConfigurableEnvironment environment, ImdsSimulator simulator) {
		MutablePropertySources sources = environment.getPropertySources();
		MapPropertySource source = new MapPropertySource(PROPERTY_SOURCE_NAME, Map.copyOf(simulator.properties()));
		if (sources.contains(PROPERTY_SOURCE_NAME)) {
			sources.replace(PROPERTY_SOURCE_NAME, source);
		}
		else if (sources.contains(INLINED_PROPERTIES)) {
			sources.addAfter(INLINED_PROPERTIES, source);
		}
		else {
			sources.addFirst(source);
		}
	}

}
