package io.github.imds.autoconfigure;

import io.github.imds.client.ImdsAvailability;
import io.github.imds.client.ImdsClient;
import io.github.imds.credentials.ImdsAwsCredentialsProvider;
import io.github.imds.credentials.ImdsAwsRegionProvider;
import io.github.imds.credentials.ImdsRoleCredentialsProvider;
import io.github.imds.credentials.RoleCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.regions.providers.AwsRegionProvider;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for the instance role's credentials: a
 * {@link RoleCredentialsProvider} and, with the AWS SDK v2 on the class path, an {@link AwsCredentialsProvider}
 * and an {@link AwsRegionProvider} backed by IMDS.
 * <p>
 * Whether IMDS is used (enabled, and on EC2 or with an endpoint configured) is decided when the beans are
 * created, not by a condition, because Spring AOT evaluates conditions at build time: where it is not used,
 * the role credentials provider sends nothing and starts no thread, and the SDK beans are the SDK's own
 * default chains. Ordered after Spring Cloud AWS, whose credentials and region beans then take precedence,
 * since they follow its own {@code spring.cloud.aws.*} settings.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = ImdsAutoConfiguration.class,
		afterName = { "io.awspring.cloud.autoconfigure.core.CredentialsProviderAutoConfiguration",
				"io.awspring.cloud.autoconfigure.core.RegionProviderAutoConfiguration" })
@ConditionalOnBooleanProperty(name = "imds.credentials.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ImdsProperties.class)
public final class ImdsCredentialsAutoConfiguration {

	ImdsCredentialsAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean(RoleCredentialsProvider.class)
	RoleCredentialsProvider imdsRoleCredentialsProvider(ImdsClient imdsClient, ImdsProperties properties) {
		ImdsAvailability availability = imdsClient.availability();
		if (!availability.isAvailable()) {
			return new UnavailableRoleCredentialsProvider(availability.reason());
		}
		ImdsProperties.Credentials credentials = properties.getCredentials();
		ImdsRoleCredentialsProvider provider = ImdsRoleCredentialsProvider.builder(imdsClient)
			.roleName(credentials.getRoleName())
			.refreshBeforeExpiry(credentials.getRefreshBeforeExpiry())
			.staticStability(credentials.isStaticStability())
			.build();
		// the first fetch begins while the context starts, not on the first call; close() is inferred
		provider.start();
		return provider;
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(AwsCredentialsProvider.class)
	static class AwsSdkCredentialsConfiguration {

		@Bean
		@ConditionalOnMissingBean(AwsCredentialsProvider.class)
		AwsCredentialsProvider imdsAwsCredentialsProvider(RoleCredentialsProvider roleCredentialsProvider,
				ImdsClient imdsClient) {
			if (!imdsClient.availability().isAvailable()
					&& roleCredentialsProvider instanceof UnavailableRoleCredentialsProvider) {
				return DefaultCredentialsProvider.builder().build();
			}
			return new ImdsAwsCredentialsProvider(roleCredentialsProvider);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(AwsRegionProvider.class)
	static class AwsSdkRegionConfiguration {

		@Bean
		@ConditionalOnMissingBean(AwsRegionProvider.class)
		AwsRegionProvider imdsAwsRegionProvider(Environment environment, ImdsClient imdsClient) {
			if (!imdsClient.availability().isAvailable()) {
				return new DefaultAwsRegionProviderChain();
			}
			// Read lazily: the SDK asks when a client is built, after the ec2.* properties were loaded.
			return new ImdsAwsRegionProvider(() -> environment.getProperty("ec2.region"), imdsClient);
		}

	}

}
