package io.github.imds.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.cloud.context.scope.refresh.RefreshScope;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for Spring Cloud Context: a metadata refresh that
 * changed {@code ec2.*} keys also publishes its {@link EnvironmentChangeEvent}, so that Spring Cloud rebinds
 * {@code @ConfigurationProperties} beans, and refreshes {@code @RefreshScope} beans.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = ImdsMetadataAutoConfiguration.class)
@ConditionalOnClass(EnvironmentChangeEvent.class)
public final class ImdsSpringCloudAutoConfiguration {

	ImdsSpringCloudAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	Ec2EnvironmentChangePublisher imdsEnvironmentChangePublisher(ApplicationEventPublisher publisher,
			ObjectProvider<RefreshScope> refreshScope) {
		return new Ec2EnvironmentChangePublisher(publisher, refreshScope::getIfAvailable);
	}

}
