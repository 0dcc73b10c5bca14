package io.github.imds.autoconfigure;

import io.github.imds.client.ImdsClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for the shared {@link ImdsClient}.
 * <p>
 * In an application, the bean is the client that loaded the {@code ec2.*} properties at startup (in
 * {@link ImdsEnvironmentPostProcessor} or the {@code imds:} config data loader), so its token is reused; where
 * neither ran, such as a context built by hand or in a test, a new client.
 *
 * @since 0.1.0
 */
@AutoConfiguration
@EnableConfigurationProperties(ImdsProperties.class)
public final class ImdsAutoConfiguration {

	ImdsAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	ImdsClient imdsClient(ObjectProvider<ImdsStartupLoad> startupLoad, ImdsProperties properties,
			Environment environment) {
		ImdsStartupLoad load = startupLoad.getIfAvailable();
		return (load != null) ? load.client() : ImdsClientFactory.create(properties, environment);
	}

}
