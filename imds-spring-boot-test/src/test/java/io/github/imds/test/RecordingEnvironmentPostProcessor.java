package io.github.imds.test;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Stands in for the project's own post-processor: records what the last one to run sees.
 */
class RecordingEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	private static final Map<Class<?>, Map<String, String>> seen = new ConcurrentHashMap<>();

	static Map<String, String> seenBy(Class<?> testClass) {
		return seen.getOrDefault(testClass, Map.of());
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		Class<?> mainClass = application.getMainApplicationClass();
		if (mainClass == null) {
			return;
		}
		Map<String, String> values = new HashMap<>();
		for (String name : new String[] { "imds.endpoint", "imds.platform-detection", "imds.enabled", "probe.dynamic" }) {
			String value = environment.getProperty(name);
			if (value != null) {
				values.put(name, value);
			}
		}
		seen.put(mainClass, values);
	}

}
