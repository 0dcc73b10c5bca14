package io.github.imds.test;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ImdsTestDefaults} without loading a context.
 */
class ImdsTestDefaultsTests {

	@Test
	void defaultsDisableImdsWhenNothingConfiguresIt() {
		StandardEnvironment environment = new StandardEnvironment();
		ImdsTestDefaults.apply(environment);
		assertThat(environment.getProperty("imds.enabled", Boolean.class)).isFalse();
		assertThat(environment.getProperty("imds.endpoint")).isNull();
	}

	@Test
	void defaultsYieldToAnExplicitEndpointOrSwitchAddedLater() {
		for (Map<String, Object> explicit : List.<Map<String, Object>>of(Map.of("imds.endpoint", "http://127.0.0.1:1"),
				Map.of("imds.enabled", "true"), Map.of("aws.ec2MetadataServiceEndpoint", "http://127.0.0.1:1"))) {
			StandardEnvironment environment = new StandardEnvironment();
			ImdsTestDefaults.apply(environment);
			// like application.properties, loaded after the post-processors that run first
			environment.getPropertySources().addLast(new MapPropertySource("applicationConfig", explicit));
			assertThat(environment.getProperty("imds.enabled")).as(explicit.toString())
				.isEqualTo(explicit.containsKey("imds.enabled") ? "true" : null);
		}
	}

	@Test
	void defaultsAreReadThroughTheAttachedConfigurationPropertySources() {
		StandardEnvironment environment = new StandardEnvironment();
		ImdsTestDefaults.apply(environment);
		ConfigurationPropertySources.attach(environment);
		assertThat(Binder.get(environment).bind("imds.enabled", Boolean.class).get()).isFalse();
		assertThat(environment.getProperty("imds.enabled")).isEqualTo("false");
	}

	@Test
	void defaultsYieldToEnvironmentVariables() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new SystemEnvironmentPropertySource("env", Map.of("IMDS_ENDPOINT", "http://127.0.0.1:1")));
		ImdsTestDefaults.apply(environment);
		assertThat(environment.getProperty("imds.enabled")).isNull();
	}

	@Test
	void postProcessorAppliesDefaultsOnlyToTestClasses() {
		new ImdsTestDefaultsContextCustomizerFactory().createContextCustomizer(MarkedTest.class, List.of());
		assertThat(postProcess(MarkedTest.class).getProperty("imds.enabled")).isEqualTo("false");
		assertThat(postProcess(PlainApplication.class).getPropertySources().contains("imdsTestDefaults")).isFalse();
	}

	@Test
	void customizerIsTheSameForEveryClassSoTheContextCacheIsNotSplit() {
		ImdsTestDefaultsContextCustomizerFactory factory = new ImdsTestDefaultsContextCustomizerFactory();
		assertThat(factory.createContextCustomizer(MarkedTest.class, List.of()))
			.isEqualTo(factory.createContextCustomizer(OtherTest.class, List.of()))
			.hasSameHashCodeAs(factory.createContextCustomizer(OtherTest.class, List.of()));
	}

	private static StandardEnvironment postProcess(Class<?> mainClass) {
		StandardEnvironment environment = new StandardEnvironment();
		SpringApplication application = new SpringApplication();
		application.setMainApplicationClass(mainClass);
		new ImdsSimulatorEnvironmentPostProcessor().postProcessEnvironment(environment, application);
		return environment;
	}

	static class MarkedTest {

	}

	static class OtherTest {

	}

	static class PlainApplication {

	}

}
