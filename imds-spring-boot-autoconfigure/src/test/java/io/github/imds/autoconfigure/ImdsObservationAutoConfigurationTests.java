package io.github.imds.autoconfigure;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import io.github.imds.client.ImdsRequestEvent;
import io.github.imds.client.RequestKind;
import io.github.imds.client.RequestOutcome;
import io.github.imds.observation.DefaultImdsRequestObservationConvention;
import io.github.imds.observation.ImdsRequestObservationContext;
import io.github.imds.observation.ImdsRequestObservationConvention;
import io.github.imds.observation.internal.Ec2ResourceAttributesPostProcessor;
import io.github.imds.observation.internal.ImdsRequestMeterObservationHandler;
import io.github.imds.observation.internal.ImdsRequestTracingObservationHandler;
import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.tracing.Tracer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetryProperties;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ImdsObservationAutoConfiguration}, {@link ImdsOpenTelemetryAutoConfiguration} and the
 * observation-related beans of {@link ImdsMetricsAutoConfiguration}. IMDS is disabled here: these tests send
 * nothing; events are handed to the listener directly.
 */
class ImdsObservationAutoConfigurationTests {

	private static final ImdsRequestEvent EVENT = new ImdsRequestEvent(RequestKind.METADATA, "GET",
			"/latest/meta-data/instance-id", 200, RequestOutcome.SUCCESS, Duration.ofMillis(5),
			Instant.parse("2026-01-01T00:00:00Z"), 1, null);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ImdsAutoConfiguration.class, ImdsMetricsAutoConfiguration.class,
				ImdsObservationAutoConfiguration.class, ImdsOpenTelemetryAutoConfiguration.class))
		.withPropertyValues("imds.enabled=false");

	@Test
	void runWithMeterRegistryOnlyTimesRequestsThroughAPrivateRegistry() {
		this.contextRunner.withUserConfiguration(RegistryConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(ImdsRequestObservationRegistrar.class);
			assertThat(context).doesNotHaveBean(ImdsRequestMeterObservationHandler.class);
			context.getBean(ImdsRequestObservationRegistrar.class).listener().onRequest(EVENT);
			assertThat(timer(context).totalTime(TimeUnit.MILLISECONDS)).isEqualTo(5.0);
		});
	}

	@Test
	void runWithObservationRegistryTimesRequestsThroughTheHandlerBean() {
		this.contextRunner.withUserConfiguration(RegistryConfiguration.class)
			.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class, MetricsAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).hasSingleBean(ImdsRequestObservationRegistrar.class);
				assertThat(context).hasSingleBean(ImdsRequestMeterObservationHandler.class);
				context.getBean(ImdsRequestObservationRegistrar.class).listener().onRequest(EVENT);
				assertThat(timer(context).count()).isOne();
				assertThat(timer(context).totalTime(TimeUnit.MILLISECONDS)).isEqualTo(5.0);
				assertThat(context.getBean(MeterRegistry.class).find("imds.request").meters()).isEmpty();
			});
	}

	@Test
	void runWhenObservationIsDisabledDoesNotTime() {
		this.contextRunner.withUserConfiguration(RegistryConfiguration.class)
			.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class, MetricsAutoConfiguration.class))
			.withPropertyValues("management.observations.enable.imds.request=false")
			.run((context) -> {
				context.getBean(ImdsRequestObservationRegistrar.class).listener().onRequest(EVENT);
				assertThat(context.getBean(MeterRegistry.class).find("imds.requests").meters()).isEmpty();
			});
	}

	@Test
	void runWithConventionBeanUsesIt() {
		this.contextRunner.withUserConfiguration(RegistryConfiguration.class, ConventionConfiguration.class)
			.run((context) -> {
				context.getBean(ImdsRequestObservationRegistrar.class).listener().onRequest(EVENT);
				assertThat(timer(context).getId().getTag("zone-less")).isEqualTo("yes");
			});
	}

	@Test
	void runWithoutAnyRegistryDoesNotObserve() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(ImdsRequestObservationRegistrar.class));
	}

	@Test
	void runWithTracerHasTracingHandler() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class))
			.withBean(Tracer.class, () -> Tracer.NOOP)
			.run((context) -> assertThat(context).hasSingleBean(ImdsRequestTracingObservationHandler.class));
	}

	@Test
	void runWhenMicrometerTracingIsAbsentDoesNotHaveTracingHandler() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(Tracer.class))
			.run((context) -> {
				assertThat(context).hasSingleBean(ImdsRequestObservationRegistrar.class);
				assertThat(context).doesNotHaveBean(ImdsRequestTracingObservationHandler.class);
			});
	}

	@Test
	void runWhenMicrometerCoreIsAbsentStillObserves() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader("io.micrometer.core"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).hasSingleBean(ImdsRequestObservationRegistrar.class);
				assertThat(context).doesNotHaveBean("imdsRequestMeterObservationHandler");
			});
	}

	@Test
	void runWithOpenTelemetrySupportContributesResourceAttributes() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(Ec2ResourceAttributesPostProcessor.class));
	}

	@Test
	void runWhenOpenTelemetrySupportIsAbsentDoesNotContributeResourceAttributes() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(OpenTelemetryProperties.class))
			.run((context) -> assertThat(context).doesNotHaveBean(Ec2ResourceAttributesPostProcessor.class));
	}

	@Test
	void commonTagsAreOffByDefault() {
		this.contextRunner.withUserConfiguration(RegistryConfiguration.class)
			.run((context) -> assertThat(context).doesNotHaveBean(MeterFilter.class));
	}

	@Test
	void commonTagsWhenEnabledHasTheFilter() {
		this.contextRunner.withUserConfiguration(RegistryConfiguration.class)
			.withPropertyValues("imds.metrics.common-tags=true")
			.run((context) -> assertThat(context).hasBean("imdsCommonTagsMeterFilter"));
	}

	private static Timer timer(AssertableApplicationContext context) {
		return context.getBean(MeterRegistry.class).get("imds.requests").timer();
	}

	@Configuration(proxyBeanMethods = false)
	static class RegistryConfiguration {

		@Bean
		SimpleMeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ConventionConfiguration {

		@Bean
		ImdsRequestObservationConvention customConvention() {
			return new DefaultImdsRequestObservationConvention() {

				@Override
				public KeyValues getLowCardinalityKeyValues(ImdsRequestObservationContext context) {
					return super.getLowCardinalityKeyValues(context).and("zone-less", "yes");
				}

			};
		}

	}

}
