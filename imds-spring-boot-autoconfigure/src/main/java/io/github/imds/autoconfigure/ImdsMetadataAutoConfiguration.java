package io.github.imds.autoconfigure;

import io.github.imds.client.ImdsClient;
import io.github.imds.client.ImdsException;
import io.github.imds.metadata.InstanceMetadata;
import io.github.imds.metadata.internal.MetadataLoader;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for the {@link InstanceMetadata} snapshot.
 * <p>
 * In an application, {@link ImdsEnvironmentPostProcessor} has already registered the snapshot it turned
 * into {@code ec2.*} properties; this definition only applies where it did not run, such as a context built
 * by hand or in a test.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = ImdsAutoConfiguration.class)
public final class ImdsMetadataAutoConfiguration {

	static final String USER_DATA_KEY = "ec2.user-data";

	ImdsMetadataAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	InstanceMetadata instanceMetadata(ImdsClient client, ImdsProperties properties) {
		if (!client.availability().isAvailable() || !properties.getMetadata().isEnabled()) {
			return InstanceMetadata.empty();
		}
		try {
			return new MetadataLoader().load(client, ImdsEnvironmentPostProcessor.options(properties));
		}
		catch (ImdsException ex) {
			return InstanceMetadata.empty();
		}
	}

	/**
	 * User data may hold secrets: masked in {@code /actuator/env} and {@code /actuator/configprops} even where
	 * values are shown.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(SanitizingFunction.class)
	static class UserDataSanitizingConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "imdsUserDataSanitizingFunction")
		SanitizingFunction imdsUserDataSanitizingFunction() {
			return SanitizingFunction.sanitizeValue()
				.ifKeyMatches((key) -> key.equals(USER_DATA_KEY) || key.startsWith(USER_DATA_KEY + "."));
		}

	}

}
