package io.github.imds.autoconfigure;

import java.time.Clock;

import io.github.imds.actuate.internal.ImdsMetrics;
import io.github.imds.client.ImdsClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ImdsMetricsAutoConfiguration}. IMDS is disabled here: these tests send nothing.
 */
class ImdsMetricsAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ImdsAutoConfiguration.class, ImdsMetricsAutoConfiguration.class))
		.withPropertyValues("imds.enabled=false");

	@Test
	void runWithMeterRegistryHasMetrics() {
		this.contextRunner.withUserConfiguration(RegistryConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(ImdsMetrics.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			context.getBean(ImdsMetrics.class).bindTo(registry);
			assertThat(registry.find("imds.token.expiry").gauge()).isNotNull();
		});
	}

	@Test
	void runWithoutMeterRegistryDoesNotHaveMetrics() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(ImdsMetrics.class));
	}

	@Test
	void runWhenMicrometerIsAbsentDoesNotHaveMetrics() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("io.micrometer.core"))
			.run((context) -> assertThat(context).doesNotHaveBean("imdsMetrics"));
	}

	@Test
	void runWithUserMetricsBacksOff() {
		this.contextRunner.withUserConfiguration(RegistryConfiguration.class, UserMetricsConfiguration.class)
			.run((context) -> {
				assertThat(context).hasSingleBean(ImdsMetrics.class);
				assertThat(context.getBean(ImdsMetrics.class))
					.isSameAs(context.getBean(UserMetricsConfiguration.class).metrics);
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class RegistryConfiguration {

		@Bean
		SimpleMeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserMetricsConfiguration {

		ImdsMetrics metrics;

		@Bean
		ImdsMetrics customImdsMetrics(ImdsClient client) {
			this.metrics = new ImdsMetrics(client, null, Clock.systemUTC());
			return this.metrics;
		}

	}

}
