package io.github.imds.test;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the Spring support classes without loading a context.
 */
class ImdsSimulatorSpringSupportTests {

	@Test
	void factoryWithoutAnnotationReturnsNull() {
		assertThat(new ImdsSimulatorContextCustomizerFactory().createContextCustomizer(String.class, List.of()))
			.isNull();
	}

	@Test
	void customizersAreEqualOnlyForTheSameClass() {
		ImdsSimulatorContextCustomizerFactory factory = new ImdsSimulatorContextCustomizerFactory();
		Object first = factory.createContextCustomizer(Annotated.class, List.of());
		Object second = factory.createContextCustomizer(Annotated.class, List.of());
		Object other = factory.createContextCustomizer(OtherAnnotated.class, List.of());
		assertThat(first).isNotNull().isEqualTo(second).hasSameHashCodeAs(second).isNotEqualTo(other);
		assertThat(ImdsSimulatorRegistry.find(Annotated.class)).isNull();
	}

	@Test
	void nestedClassResolvesToAnnotatedOwner() {
		assertThat(ImdsSimulatorRegistry.ownerOf(Annotated.Inner.class)).isEqualTo(Annotated.class);
		assertThat(ImdsSimulatorRegistry.ownerOf(Inheriting.class)).isEqualTo(Inheriting.class);
		assertThat(ImdsSimulatorRegistry.ownerOf(ImdsSimulatorSpringSupportTests.class)).isNull();
		assertThat(ImdsSimulatorRegistry.ownerOf(null)).isNull();
	}

	@Test
	void postProcessorIgnoresApplicationsThatAreNotAnnotatedTests() {
		StandardEnvironment environment = new StandardEnvironment();
		SpringApplication application = new SpringApplication();
		application.setMainApplicationClass(ImdsSimulatorSpringSupportTests.class);
		new ImdsSimulatorEnvironmentPostProcessor().postProcessEnvironment(environment, application);
		assertThat(environment.getPropertySources().contains("imdsSimulator")).isFalse();
	}

	@Test
	void postProcessorAddsSourceFirstForAnnotatedMainClass() {
		StandardEnvironment environment = new StandardEnvironment();
		SpringApplication application = new SpringApplication();
		application.setMainApplicationClass(Annotated.class);
		try {
			new ImdsSimulatorEnvironmentPostProcessor().postProcessEnvironment(environment, application);
			ImdsSimulator simulator = ImdsSimulatorRegistry.find(Annotated.class);
			assertThat(simulator).isNotNull();
			assertThat(environment.getPropertySources().iterator().next().getName()).isEqualTo("imdsSimulator");
			assertThat(environment.getProperty("imds.endpoint")).isEqualTo(simulator.endpoint());
		}
		finally {
			ImdsSimulatorRegistry.stop(Annotated.class);
		}
		assertThat(ImdsSimulatorRegistry.find(Annotated.class)).isNull();
	}

	@Test
	void releaseByLastHolderStopsTheSimulator() {
		ImdsSimulator simulator = ImdsSimulatorRegistry.acquire(OtherAnnotated.class);
		assertThat(ImdsSimulatorRegistry.acquire(OtherAnnotated.class)).isSameAs(simulator);
		ImdsSimulatorRegistry.release(OtherAnnotated.class, simulator);
		assertThat(simulator.isRunning()).isTrue();
		ImdsSimulatorRegistry.release(OtherAnnotated.class, simulator);
		assertThat(simulator.isRunning()).isFalse();
		assertThat(ImdsSimulatorRegistry.find(OtherAnnotated.class)).isNull();
	}

	@EnableImdsSimulator
	static class Annotated {

		class Inner {

		}

	}

	@EnableImdsSimulator(acceptImdsV1 = true)
	static class OtherAnnotated {

	}

	static class Inheriting extends Annotated {

	}

}
