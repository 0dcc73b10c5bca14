package io.github.imds.autoconfigure;

import io.github.imds.actuate.ImdsEndpoint;
import io.github.imds.actuate.internal.ImdsProbe;
import io.github.imds.client.ImdsClient;
import io.github.imds.client.internal.ImdsRequestStatistics;
import io.github.imds.lifecycle.InstanceLifecyclePoller;
import io.github.imds.metadata.InstanceMetadata;
import io.github.imds.ssrf.ImdsSsrfGuard;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for the {@code imds} {@link ImdsEndpoint}.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = { ImdsAutoConfiguration.class, ImdsMetadataAutoConfiguration.class,
		ImdsLifecycleAutoConfiguration.class, ImdsCredentialsAutoConfiguration.class,
		ImdsHealthContributorAutoConfiguration.class })
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnBean(ImdsClient.class)
@ConditionalOnAvailableEndpoint(ImdsEndpoint.class)
@Import(ImdsHealthSupportConfiguration.class)
public final class ImdsEndpointAutoConfiguration {

	ImdsEndpointAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	ImdsEndpoint imdsEndpoint(ImdsClient client, ImdsRequestStatistics statistics, ImdsProbe probe,
			ObjectProvider<InstanceMetadata> metadata, BeanFactory beanFactory,
			ObjectProvider<InstanceLifecyclePoller> lifecycle, ObjectProvider<ImdsMetadataRefresher> metadataRefresher,
			ObjectProvider<ImdsSsrfGuard> ssrfGuard) {
		ImdsEndpoint endpoint = new ImdsEndpoint(client, statistics, probe, () -> {
			ImdsMetadataRefresher refresher = metadataRefresher.getIfAvailable();
			return ImdsEndpoint.MetadataSummary.of((refresher != null) ? refresher.current() : metadata.getIfAvailable());
		}, ImdsCredentialsStatusSupport.status(beanFactory),
				refreshBoth(metadataRefresher, ImdsCredentialsStatusSupport.refresh(beanFactory)), () -> {
					InstanceLifecyclePoller poller = lifecycle.getIfAvailable();
					return (poller != null) ? poller.status() : null;
				});
		endpoint.setSsrfGuard(() -> {
			ImdsSsrfGuard guard = ssrfGuard.getIfAvailable();
			return (guard != null) ? guard.status() : null;
		});
		return endpoint;
	}

	// POST /actuator/imds: the metadata (ec2.* keys, InstanceMetadataChangedEvent), then the credentials
	private static Runnable refreshBoth(ObjectProvider<ImdsMetadataRefresher> metadata, Runnable credentials) {
		return () -> {
			metadata.ifAvailable(ImdsMetadataRefresher::refresh);
			credentials.run();
		};
	}

}
