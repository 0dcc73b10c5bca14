package io.github.imds.autoconfigure;

import java.time.Clock;

import io.github.imds.actuate.internal.ImdsMetrics;
import io.github.imds.client.ImdsClient;
import io.github.imds.metadata.InstanceMetadata;
import io.github.imds.observation.internal.ImdsLifecycleNoticeMeters;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.config.MeterFilter;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for {@link ImdsMetrics}: the expiry gauges, the lifecycle
 * notice counter and, with {@code imds.metrics.common-tags=true}, the region and zone common tags, when
 * Micrometer and a {@link MeterRegistry} are present. The {@code imds.requests} timer comes from
 * {@link ImdsObservationAutoConfiguration}.
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

	// also with imds.lifecycle.enabled=false: the application may publish these events itself
	@Bean
	@ConditionalOnMissingBean
	ImdsLifecycleNoticeMeters imdsLifecycleNoticeMeters() {
		return new ImdsLifecycleNoticeMeters();
	}

	@Bean
	@ConditionalOnBooleanProperty(name = "imds.metrics.common-tags")
	MeterFilter imdsCommonTagsMeterFilter(ObjectProvider<InstanceMetadata> metadata) {
		InstanceMetadata instance = metadata.getIfAvailable(InstanceMetadata::empty);
		Tags tags = Tags.empty();
		if (instance.region().isPresent()) {
			tags = tags.and("cloud.region", instance.region().get());
		}
		if (instance.availabilityZone().isPresent()) {
			tags = tags.and("cloud.availability_zone", instance.availabilityZone().get());
		}
		return MeterFilter.commonTags(tags);
	}

}
