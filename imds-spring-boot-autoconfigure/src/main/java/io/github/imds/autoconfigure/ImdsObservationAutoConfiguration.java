package io.github.imds.autoconfigure;

import io.github.imds.client.ImdsClient;
import io.github.imds.observation.ImdsRequestObservationConvention;
import io.github.imds.observation.internal.ImdsRequestMeterObservationHandler;
import io.github.imds.observation.internal.ImdsRequestObservations;
import io.github.imds.observation.internal.ImdsRequestTracingObservationHandler;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for the {@code imds.request} observations: every exchange
 * of the {@link ImdsClient}, the startup load included, observed once. With an {@link ObservationRegistry}
 * bean, the observations go there, the {@code imds.requests} timer follows from them (when a
 * {@link MeterRegistry} exists) and a span (when a tracing bridge does); with only a {@link MeterRegistry}, the
 * timer is recorded through a private registry.
 *
 * @since 0.1.0
 */
// by name: the Micrometer modules of Spring Boot are not dependencies of this module, only the ordering needs them
@AutoConfiguration(after = { ImdsAutoConfiguration.class },
		afterName = { "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration",
				"org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration",
				"org.springframework.boot.micrometer.tracing.autoconfigure.NoopTracerAutoConfiguration",
				"org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration" })
@ConditionalOnClass(ObservationRegistry.class)
@ConditionalOnBean(ImdsClient.class)
public final class ImdsObservationAutoConfiguration {

	ImdsObservationAutoConfiguration() {
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(ObservationRegistry.class)
	static class ObservationRegistryConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ImdsRequestObservationRegistrar imdsRequestObservations(ImdsClient client, ObservationRegistry registry,
				ObjectProvider<ImdsRequestObservationConvention> convention,
				ObjectProvider<ImdsStartupLoad> startupLoad) {
			return new ImdsRequestObservationRegistrar(client,
					new ImdsRequestObservations(registry, convention.getIfAvailable()), ImdsStartupLoad.startupRequestsFor(startupLoad, client));
		}

		@Configuration(proxyBeanMethods = false)
		@ConditionalOnClass(MeterRegistry.class)
		@ConditionalOnBean(MeterRegistry.class)
		static class MeterHandlerConfiguration {

			// before Micrometer's DefaultMeterObservationHandler, which would time the instant after the exchange
			@Bean
			@Order(Ordered.HIGHEST_PRECEDENCE)
			@ConditionalOnMissingBean
			ImdsRequestMeterObservationHandler imdsRequestMeterObservationHandler(MeterRegistry registry) {
				return new ImdsRequestMeterObservationHandler(registry);
			}

		}

		@Configuration(proxyBeanMethods = false)
		@ConditionalOnClass(Tracer.class)
		@ConditionalOnBean(Tracer.class)
		static class TracingHandlerConfiguration {

			// before Micrometer Tracing's default handler, which would stamp the instant after the exchange
			@Bean
			@Order(Ordered.HIGHEST_PRECEDENCE)
			@ConditionalOnMissingBean
			ImdsRequestTracingObservationHandler imdsRequestTracingObservationHandler(Tracer tracer) {
				return new ImdsRequestTracingObservationHandler(tracer);
			}

		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingBean(ObservationRegistry.class)
	@ConditionalOnClass(MeterRegistry.class)
	@ConditionalOnBean(MeterRegistry.class)
	static class MeterRegistryOnlyConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ImdsRequestObservationRegistrar imdsRequestObservations(ImdsClient client, MeterRegistry meterRegistry,
				ObjectProvider<ImdsRequestObservationConvention> convention,
				ObjectProvider<ImdsStartupLoad> startupLoad) {
			// a registry of its own, with only the timer's handler: the same tags and values as with Boot's
			ObservationRegistry registry = ObservationRegistry.create();
			registry.observationConfig().observationHandler(new ImdsRequestMeterObservationHandler(meterRegistry));
			return new ImdsRequestObservationRegistrar(client,
					new ImdsRequestObservations(registry, convention.getIfAvailable()), ImdsStartupLoad.startupRequestsFor(startupLoad, client));
		}

	}

}
