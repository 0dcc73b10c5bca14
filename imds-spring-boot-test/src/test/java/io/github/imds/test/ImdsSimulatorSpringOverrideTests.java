package io.github.imds.test;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that inlined test properties win over {@link EnableImdsSimulator}'s.
 */
@SpringBootTest(classes = ImdsSimulatorSpringOverrideTests.Config.class, properties = "imds.platform-detection=auto")
@EnableImdsSimulator
class ImdsSimulatorSpringOverrideTests {

	@Autowired
	private Environment environment;

	@Test
	void inlinedPropertyWins(ImdsSimulator simulator) {
		assertThat(this.environment.getProperty("imds.platform-detection")).isEqualTo("auto");
		assertThat(this.environment.getProperty("imds.endpoint")).isEqualTo(simulator.endpoint());
		assertThat(RecordingEnvironmentPostProcessor.seenBy(ImdsSimulatorSpringOverrideTests.class))
			.containsEntry("imds.endpoint", simulator.endpoint());
	}

	@Configuration(proxyBeanMethods = false)
	static class Config {

	}

}
