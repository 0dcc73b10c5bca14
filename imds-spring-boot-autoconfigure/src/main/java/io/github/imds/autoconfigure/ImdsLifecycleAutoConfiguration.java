package io.github.imds.autoconfigure;

import io.github.imds.client.ImdsClient;
import io.github.imds.lifecycle.InstanceLifecyclePoller;
import io.github.imds.metadata.InstanceMetadata;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for the {@link InstanceLifecyclePoller}, which publishes
 * spot, rebalance, Auto Scaling and maintenance notices as events. Applies only where IMDS may be used (on
 * EC2, or with an endpoint configured), so nothing polls on a developer machine.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = { ImdsAutoConfiguration.class, ImdsMetadataAutoConfiguration.class })
@ConditionalOnImdsAvailable
@ConditionalOnBooleanProperty(name = "imds.lifecycle.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ImdsProperties.class)
public final class ImdsLifecycleAutoConfiguration {

	/**
	 * Key of {@code /latest/meta-data/instance-life-cycle} in the loaded {@link InstanceMetadata}; when
	 * present, the poller knows whether the instance is spot without asking IMDS.
	 */
	static final String INSTANCE_LIFE_CYCLE_PROPERTY = "ec2.instance-life-cycle";

	ImdsLifecycleAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	InstanceLifecyclePoller imdsLifecyclePoller(ImdsClient imdsClient, ImdsProperties properties,
			ApplicationEventPublisher applicationEventPublisher, ObjectProvider<InstanceMetadata> metadata) {
		ImdsProperties.Lifecycle lifecycle = properties.getLifecycle();
		// The loaded snapshot, never an ec2.instance-life-cycle fallback value of an application.* file.
		InstanceMetadata snapshot = metadata.getIfAvailable();
		return new InstanceLifecyclePoller(imdsClient, applicationEventPublisher, lifecycle.getPollInterval(),
				lifecycle.isDrainOnTermination(), (snapshot != null) ? snapshot.instanceLifeCycle().orElse(null) : null);
	}

}
