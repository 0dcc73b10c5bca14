package io.github.imds.autoconfigure;

import io.github.imds.actuate.ImdsHealthIndicator;
import io.github.imds.actuate.internal.ImdsProbe;
import io.github.imds.client.ImdsClient;
import io.github.imds.client.internal.ImdsRequestStatistics;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for {@link ImdsHealthIndicator}.
 * <p>
 * Not conditional on IMDS being available: off EC2 the indicator reports {@code UNKNOWN} with the reason,
 * which keeps the application {@code UP}.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = { ImdsAutoConfiguration.class, ImdsCredentialsAutoConfiguration.class },
		before = HealthContributorAutoConfiguration.class)
@ConditionalOnClass(Health.class)
@ConditionalOnBean(ImdsClient.class)
@ConditionalOnEnabledHealthIndicator("imds")
@Import(ImdsHealthSupportConfiguration.class)
public final class ImdsHealthContributorAutoConfiguration {

	ImdsHealthContributorAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean(name = "imdsHealthIndicator")
	ImdsHealthIndicator imdsHealthIndicator(ImdsClient client, ImdsRequestStatistics statistics, ImdsProbe probe,
			BeanFactory beanFactory) {
		return new ImdsHealthIndicator(client, statistics, probe, ImdsCredentialsStatusSupport.healthStatus(beanFactory));
	}

}
