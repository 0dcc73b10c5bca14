package io.github.imds.test;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code @SpringBootTest} that configures no IMDS gets {@code imds.enabled=false} before
 * any post-processor reads it, so it never reaches a real metadata service.
 */
@SpringBootTest(classes = ImdsTestDefaultsSpringTests.Config.class)
class ImdsTestDefaultsSpringTests {

	@Autowired
	Environment environment;

	@Test
	void imdsIsDisabledForPostProcessorsAndBeans() {
		assertThat(RecordingEnvironmentPostProcessor.seenBy(ImdsTestDefaultsSpringTests.class))
			.containsEntry("imds.enabled", "false");
		assertThat(this.environment.getProperty("imds.enabled")).isEqualTo("false");
	}

	@Nested
	@SpringBootTest(classes = Config.class, properties = "imds.endpoint=http://127.0.0.1:9")
	class ExplicitEndpoint {

		@Autowired
		Environment environment;

		@Test
		void imdsStaysEnabled() {
			assertThat(RecordingEnvironmentPostProcessor.seenBy(ExplicitEndpoint.class)).doesNotContainKey("imds.enabled");
			assertThat(this.environment.getProperty("imds.enabled")).isNull();
		}

	}

	@Nested
	@SpringBootTest(classes = Config.class)
	@EnableImdsSimulator
	class WithSimulator {

		@Autowired
		Environment environment;

		@Test
		void imdsStaysEnabled(ImdsSimulator imds) {
			assertThat(this.environment.getProperty("imds.endpoint")).isEqualTo(imds.endpoint());
			assertThat(this.environment.getProperty("imds.enabled")).isNull();
		}

	}

	@SpringBootConfiguration
	static class Config {

	}

}
