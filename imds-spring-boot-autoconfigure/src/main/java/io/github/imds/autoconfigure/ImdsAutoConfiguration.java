package io.github.imds.autoconfigure;

import io.github.imds.client.ImdsClient;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for the shared {@link ImdsClient}.
 * <p>
 * In an application, {@link ImdsEnvironmentPostProcessor} has already registered the client that loaded the
 * {@code ec2.*} properties; this definition only applies where it did not run, such as a context built by
 * hand or in a test.
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
	ImdsClient imdsClient(ImdsProperties properties, Environment environment) {
		return ImdsClientFactory.create(properties, environment);
	}

}
