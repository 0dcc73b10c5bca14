package io.github.imds.autoconfigure;

import io.github.imds.actuate.ImdsEndpoint;
import io.github.imds.actuate.internal.ImdsProbe;
import io.github.imds.client.ImdsClient;
import io.github.imds.client.internal.ImdsRequestStatistics;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ImdsEndpointAutoConfiguration}. IMDS is disabled here: these tests send nothing.
 */
class ImdsEndpointAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ImdsAutoConfiguration.class, ImdsEndpointAutoConfiguration.class))
		.withPropertyValues("imds.enabled=false");

	@Test
	void runWhenExposedHasEndpointBean() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=imds").run((context) -> {
			assertThat(context).hasSingleBean(ImdsEndpoint.class).hasSingleBean(ImdsProbe.class);
			ImdsEndpoint.ImdsDescriptor descriptor = context.getBean(ImdsEndpoint.class).imds();
			assertThat(descriptor.platform().availability()).isEqualTo("DISABLED");
			assertThat(descriptor.metadata()).isNull();
			assertThat(descriptor.diagnosis().code()).isEqualTo("disabled");
		});
	}

	@Test
	void runWhenExposedOverJmxHasEndpointBean() {
		this.contextRunner.withPropertyValues("spring.jmx.enabled=true", "management.endpoints.jmx.exposure.include=imds")
			.run((context) -> assertThat(context).hasSingleBean(ImdsEndpoint.class));
	}

	@Test
	void runWhenNotExposedDoesNotHaveEndpointBean() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(ImdsEndpoint.class));
	}

	@Test
	void runWhenExposedButAccessIsNoneDoesNotHaveEndpointBean() {
		// a SpringApplication converts enums leniently, so the documented lower-case values work as they do there
		this.contextRunner.withInitializer(ImdsEndpointAutoConfigurationTests::applicationConversion)
			.withPropertyValues("management.endpoints.web.exposure.include=imds", "management.endpoint.imds.access=none")
			.run((context) -> assertThat(context).doesNotHaveBean(ImdsEndpoint.class));
	}

	@Test
	void runWhenExposedWithReadOnlyAccessHasEndpointBean() {
		this.contextRunner.withInitializer(ImdsEndpointAutoConfigurationTests::applicationConversion)
			.withPropertyValues("management.endpoints.web.exposure.include=imds",
					"management.endpoint.imds.access=read-only")
			.run((context) -> assertThat(context).hasSingleBean(ImdsEndpoint.class));
	}

	@Test
	void runWhenActuatorIsAbsentDoesNotHaveEndpointBean() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=imds")
			.withClassLoader(new FilteredClassLoader(Endpoint.class))
			.run((context) -> assertThat(context).doesNotHaveBean(ImdsEndpoint.class)
				.doesNotHaveBean(ImdsRequestStatistics.class));
	}

	@Test
	void runWithUserEndpointBacksOff() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=imds")
			.withUserConfiguration(UserEndpointConfiguration.class)
			.run((context) -> {
				assertThat(context).hasSingleBean(ImdsEndpoint.class);
				assertThat(context.getBean(ImdsEndpoint.class))
					.isSameAs(context.getBean(UserEndpointConfiguration.class).endpoint);
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class UserEndpointConfiguration {

		ImdsEndpoint endpoint;

		@Bean
		ImdsEndpoint customImdsEndpoint(ImdsClient client, ImdsRequestStatistics statistics, ImdsProbe probe) {
			this.endpoint = new ImdsEndpoint(client, statistics, probe, null, null, null, null);
			return this.endpoint;
		}

	}

	private static void applicationConversion(ConfigurableApplicationContext context) {
		context.getEnvironment().setConversionService(new ApplicationConversionService());
	}

}
