package io.github.imds.autoconfigure;

import java.time.Clock;

import io.github.imds.actuate.ImdsMetrics;
import io.github.imds.client.ImdsClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for {@link ImdsMetrics}: the {@code imds.requests} timer
 * and the expiry gauges, when Micrometer and a {@link MeterRegistry} are present.
 *
 * @since 0.1.0
 */
// by name: spring-boot-micrometer-metrics is not a dependency of this module, only the ordering needs it
@AutoConfiguration(after = { ImdsAutoConfiguration.class, ImdsCredentialsAutoConfiguration.class },
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration" })
@ConditionalOnClass({ MeterRegistry.class, MeterBinder.class })
@ConditionalOnBean({ ImdsClient.class, MeterRegistry.class })
public final class ImdsMetricsAutoConfiguration {

	ImdsMetricsAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	ImdsMetrics imdsMetrics(ImdsClient client, BeanFactory beanFactory) {
		// the credentials meters only exist where credentials are used
		return new ImdsMetrics(client,
				ImdsCredentialsStatusSupport.hasCredentials(beanFactory) ? ImdsCredentialsStatusSupport.status(beanFactory)
						: null,
				Clock.systemUTC());
	}

}
