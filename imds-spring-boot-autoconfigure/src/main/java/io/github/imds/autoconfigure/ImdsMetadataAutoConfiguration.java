package io.github.imds.autoconfigure;

import io.github.imds.client.ImdsClient;
import io.github.imds.client.ImdsException;
import io.github.imds.metadata.InstanceMetadata;
import io.github.imds.metadata.internal.MetadataLoader;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for the {@link InstanceMetadata} snapshot.
 * <p>
 * In an application, the bean is the snapshot loaded at startup and turned into {@code ec2.*} properties;
 * where that load did not run, such as a context built by hand or in a test, it is loaded here.
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
	InstanceMetadata instanceMetadata(ObjectProvider<ImdsStartupLoad> startupLoad, ImdsClient client,
			ImdsProperties properties) {
		ImdsStartupLoad load = startupLoad.getIfAvailable();
		if (load != null) {
			return load.metadata();
		}
		if (!client.availability().isAvailable() || !properties.getMetadata().isEnabled()) {
			return InstanceMetadata.empty();
		}
		try {
			return new MetadataLoader().load(client, ImdsStartupLoad.options(properties));
		}
		catch (ImdsException ex) {
			return InstanceMetadata.empty();
		}
	}

	@Bean
	@ConditionalOnMissingBean
	ImdsMetadataRefresher imdsMetadataRefresher(ImdsClient client, ImdsProperties properties,
			ConfigurableEnvironment environment, ApplicationContext context, InstanceMetadata metadata,
			ObjectProvider<ImdsStartupLoad> startupLoad) {
		ImdsStartupLoad load = startupLoad.getIfAvailable();
		return new ImdsMetadataRefresher(client, ImdsStartupLoad.options(properties), environment, context, metadata,
				properties.getMetadata().isEnabled(), properties.getMetadata().getRefreshInterval(), (refreshed) -> {
					if (load != null && load.client() == client) {
						// a child context or a devtools restart that starts later sees the refreshed values
						load.refreshed(refreshed);
					}
				});
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
