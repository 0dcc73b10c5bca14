package io.github.imds.test;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link EnableImdsSimulator} on a {@code @SpringBootTest}.
 */
@SpringBootTest(classes = ImdsSimulatorSpringTests.Config.class)
@EnableImdsSimulator
class ImdsSimulatorSpringTests {

	@Autowired
	private Environment environment;

	@Autowired
	private EndpointHolder holder;

	@Autowired
	private ImdsSimulator fromContext;

	@DynamicPropertySource
	static void dynamicProperties(DynamicPropertyRegistry registry) {
		registry.add("probe.dynamic", () -> "set");
	}

	@Test
	void environmentPostProcessorsSeeTheSimulatorEndpoint(ImdsSimulator simulator) {
		assertThat(RecordingEnvironmentPostProcessor.seenBy(ImdsSimulatorSpringTests.class))
			.containsEntry("imds.endpoint", simulator.endpoint())
			.containsEntry("imds.platform-detection", "off");
	}

	@Test
	void dynamicPropertySourceIsTooLateForEnvironmentPostProcessors() {
		assertThat(RecordingEnvironmentPostProcessor.seenBy(ImdsSimulatorSpringTests.class))
			.doesNotContainKey("probe.dynamic");
		assertThat(this.environment.getProperty("probe.dynamic")).isEqualTo("set");
	}

	@Test
	void valueIsInjectedInBeans(ImdsSimulator simulator) {
		assertThat(this.holder.endpoint()).isEqualTo(simulator.endpoint());
		assertThat(this.environment.getProperty("imds.endpoint")).isEqualTo(simulator.endpoint());
	}

	@Test
	void contextHoldsTheSameSimulatorAsTheExtension(ImdsSimulator simulator) throws Exception {
		assertThat(this.fromContext).isSameAs(simulator);
		assertThat(new ImdsHttp(this.holder.endpoint()).body("instance-id")).isEqualTo("i-0123456789abcdef0");
	}

	@Configuration(proxyBeanMethods = false)
	static class Config {

		@Bean
		EndpointHolder endpointHolder(@Value("${imds.endpoint}") String endpoint) {
			return new EndpointHolder(endpoint);
		}

	}

	record EndpointHolder(String endpoint) {
	}

}
