package io.github.imds.autoconfigure;

import io.github.imds.client.ImdsClient;
import io.github.imds.credentials.ImdsAwsCredentialsProvider;
import io.github.imds.credentials.ImdsAwsRegionProvider;
import io.github.imds.credentials.ImdsRoleCredentialsProvider;
import io.github.imds.credentials.RoleCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.providers.AwsRegionProvider;

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
 * Only where IMDS may be used ({@link ConditionalOnImdsAvailable}): off EC2 there are no such beans and the
 * SDK's own default chains apply. Ordered after Spring Cloud AWS, whose credentials and region beans then
 * take precedence, since they follow its own {@code spring.cloud.aws.*} settings.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = ImdsAutoConfiguration.class,
		afterName = { "io.awspring.cloud.autoconfigure.core.CredentialsProviderAutoConfiguration",
				"io.awspring.cloud.autoconfigure.core.RegionProviderAutoConfiguration" })
@ConditionalOnBooleanProperty(name = "imds.credentials.enabled", matchIfMissing = true)
@ConditionalOnImdsAvailable
@EnableConfigurationProperties(ImdsProperties.class)
public final class ImdsCredentialsAutoConfiguration {

	ImdsCredentialsAutoConfiguration() {
	}

	// start: the first fetch begins while the context starts, not on the first call.
	@Bean(initMethod = "start", destroyMethod = "close")
	@ConditionalOnMissingBean(RoleCredentialsProvider.class)
	ImdsRoleCredentialsProvider imdsRoleCredentialsProvider(ImdsClient imdsClient, ImdsProperties properties) {
		ImdsProperties.Credentials credentials = properties.getCredentials();
		return ImdsRoleCredentialsProvider.builder(imdsClient)
			.roleName(credentials.getRoleName())
			.refreshBeforeExpiry(credentials.getRefreshBeforeExpiry())
			.staticStability(credentials.isStaticStability())
			.build();
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(AwsCredentialsProvider.class)
	static class AwsSdkCredentialsConfiguration {

		@Bean
		@ConditionalOnMissingBean(AwsCredentialsProvider.class)
		ImdsAwsCredentialsProvider imdsAwsCredentialsProvider(RoleCredentialsProvider roleCredentialsProvider) {
			return new ImdsAwsCredentialsProvider(roleCredentialsProvider);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(AwsRegionProvider.class)
	static class AwsSdkRegionConfiguration {

		@Bean
		@ConditionalOnMissingBean(AwsRegionProvider.class)
		ImdsAwsRegionProvider imdsAwsRegionProvider(Environment environment, ImdsClient imdsClient) {
			// Read lazily: the SDK asks when a client is built, after the ec2.* properties were loaded.
			return new ImdsAwsRegionProvider(() -> environment.getProperty("ec2.region"), imdsClient);
		}

	}

}
