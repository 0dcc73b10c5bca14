package io.github.imds.autoconfigure;

import io.github.imds.client.ImdsClient;
import io.github.imds.lifecycle.InstanceLifecyclePoller;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for the {@link InstanceLifecyclePoller}, which publishes
 * spot, rebalance, Auto Scaling and maintenance notices as events. The poller only starts where IMDS is used
 * (on EC2, or with an endpoint configured), so nothing polls on a developer machine; that is decided when it
 * starts, not by a condition, because Spring AOT evaluates conditions at build time.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = ImdsAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "imds.lifecycle.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ImdsProperties.class)
public final class ImdsLifecycleAutoConfiguration {

	/**
	 * Property set from {@code /latest/meta-data/instance-life-cycle} by the {@code ec2.*} property source;
	 * when present, the poller knows whether the instance is spot without asking IMDS.
	 */
	static final String INSTANCE_LIFE_CYCLE_PROPERTY = "ec2.instance-life-cycle";

	ImdsLifecycleAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	InstanceLifecyclePoller imdsLifecyclePoller(ImdsClient imdsClient, ImdsProperties properties,
			ApplicationEventPublisher applicationEventPublisher, Environment environment,
			ObjectProvider<ApplicationAvailability> applicationAvailability) {
		return ImdsPropertiesMappers
			.lifecycle(properties.getLifecycle(), InstanceLifecyclePoller.builder(imdsClient, applicationEventPublisher))
			.instanceLifeCycle(environment.getProperty(INSTANCE_LIFE_CYCLE_PROPERTY))
			// the truth about readiness, read when the drain needs it (not at startup)
			.availability(applicationAvailability::getIfAvailable)
			.build();
	}

}
