package io.github.imds.autoconfigure;

import io.github.imds.client.ImdsClient;
import io.github.imds.lifecycle.InstanceLifecyclePoller;
import io.github.imds.metadata.InstanceMetadata;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for the {@link InstanceLifecyclePoller}, which publishes
 * spot, rebalance, Auto Scaling and maintenance notices as events. The poller only starts where IMDS is used
 * (on EC2, or with an endpoint configured), so nothing polls on a developer machine; that is decided when it
 * starts, not by a condition, because Spring AOT evaluates conditions at build time.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = { ImdsAutoConfiguration.class, ImdsMetadataAutoConfiguration.class })
@ConditionalOnBooleanProperty(name = "imds.lifecycle.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ImdsProperties.class)
public final class ImdsLifecycleAutoConfiguration {

	ImdsLifecycleAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	InstanceLifecyclePoller imdsLifecyclePoller(ImdsClient imdsClient, ImdsProperties properties,
			ApplicationEventPublisher applicationEventPublisher, ObjectProvider<ImdsMetadataRefresher> refresher,
			ObjectProvider<InstanceMetadata> instanceMetadata,
			ObjectProvider<ApplicationAvailability> applicationAvailability) {
		return ImdsPropertiesMappers
			.lifecycle(properties.getLifecycle(), InstanceLifecyclePoller.builder(imdsClient, applicationEventPublisher))
			// spot or not from the loaded (then refreshed) snapshot, never from a property a user could set
			.instanceLifeCycleSource(() -> instanceLifeCycle(refresher, instanceMetadata))
			// the truth about readiness, read when the drain needs it (not at startup)
			.availability(applicationAvailability::getIfAvailable)
			.build();
	}

	private static @Nullable String instanceLifeCycle(ObjectProvider<ImdsMetadataRefresher> refresher,
			ObjectProvider<InstanceMetadata> instanceMetadata) {
		ImdsMetadataRefresher current = refresher.getIfAvailable();
		InstanceMetadata metadata = (current != null) ? current.current() : instanceMetadata.getIfAvailable();
		return (metadata != null) ? metadata.instanceLifeCycle().orElse(null) : null;
	}

}
