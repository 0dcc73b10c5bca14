package io.github.imds.autoconfigure;

import io.github.imds.client.ImdsAvailability;
import io.github.imds.client.ImdsClient;
import io.github.imds.credentials.CredentialsSource;
import io.github.imds.credentials.ImdsAwsRegionProvider;
import io.github.imds.credentials.ImdsDefaultCredentialsProvider;
import io.github.imds.credentials.ImdsDefaultRegionProvider;
import io.github.imds.credentials.ImdsRoleCredentialsProvider;
import io.github.imds.credentials.RoleCredentialsProvider;
import io.github.imds.credentials.CredentialsChainPlan;
import io.github.imds.metadata.InstanceMetadata;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.providers.AwsRegionProvider;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for the instance role's credentials: a
 * {@link RoleCredentialsProvider} and, with the AWS SDK v2 on the class path, an {@link AwsCredentialsProvider}
 * and an {@link AwsRegionProvider} that follow the SDK's default chains, with IMDS in the SDK's instance
 * profile slot.
 * <p>
 * Least privilege: the {@link CredentialsChainPlan} decides, without a network call, whether a step before
 * IMDS is configured (system properties, environment, web identity, profile, container). Only when none is
 * does the first fetch of the instance role's credentials start while the context starts; otherwise they are
 * never fetched unless the application asks the {@link RoleCredentialsProvider} itself.
 * <p>
 * Whether IMDS is used (enabled, and on EC2 or with an endpoint configured) is decided when the beans are
 * created, not by a condition, because Spring AOT evaluates conditions at build time: where it is not used,
 * the role credentials provider sends nothing, starts no thread and names the reason. Ordered after Spring Cloud AWS, whose credentials and region beans then
 * take precedence, since they follow its own {@code spring.cloud.aws.*} settings.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = { ImdsAutoConfiguration.class, ImdsMetadataAutoConfiguration.class },
		afterName = { "io.awspring.cloud.autoconfigure.core.CredentialsProviderAutoConfiguration",
				"io.awspring.cloud.autoconfigure.core.RegionProviderAutoConfiguration" })
@ConditionalOnBooleanProperty(name = "imds.credentials.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ImdsProperties.class)
public final class ImdsCredentialsAutoConfiguration {

	private static final Log logger = LogFactory.getLog(ImdsCredentialsAutoConfiguration.class);

	ImdsCredentialsAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	CredentialsChainPlan imdsCredentialsChainPlan() {
		CredentialsChainPlan plan = CredentialsChainPlan.decide(System::getProperty, AwsSdkSupport.environment(),
				AwsSdkSupport.STS_PRESENT, AwsSdkSupport::profileHasCredentials);
		plan.notes().forEach(logger::info);
		if (!plan.usesInstanceProfile()) {
			logger.info(("AWS credentials come from %s (the AWS SDK's default chain); the instance role's credentials "
					+ "are not fetched").formatted(plan.steps().stream().map(CredentialsSource::id).toList()));
		}
		return plan;
	}

	// close() is inferred
	@Bean
	@ConditionalOnMissingBean(RoleCredentialsProvider.class)
	RoleCredentialsProvider imdsRoleCredentialsProvider(ImdsClient imdsClient, ImdsProperties properties,
			CredentialsChainPlan plan) {
		ImdsAvailability availability = imdsClient.availability();
		if (!availability.isAvailable()) {
			return new UnavailableRoleCredentialsProvider(availability.reason());
		}
		ImdsRoleCredentialsProvider provider = ImdsPropertiesMappers
			.credentials(properties.getCredentials(), ImdsRoleCredentialsProvider.builder(imdsClient))
			.build();
		if (!AwsSdkSupport.SDK_AUTH_PRESENT && plan.usesInstanceProfile()) {
			// Without the SDK the application itself is the consumer: the first fetch starts with the context.
			provider.start();
		}
		return provider;
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(AwsCredentialsProvider.class)
	static class AwsSdkCredentialsConfiguration {

		@Bean
		@ConditionalOnMissingBean(AwsCredentialsProvider.class)
		ImdsDefaultCredentialsProvider imdsAwsCredentialsProvider(CredentialsChainPlan plan,
				RoleCredentialsProvider roleCredentialsProvider) {
			if (plan.usesInstanceProfile() && roleCredentialsProvider instanceof ImdsRoleCredentialsProvider imds) {
				// The chain ends at IMDS: the first fetch begins while the context starts, not on the first call.
				imds.start();
			}
			return new ImdsDefaultCredentialsProvider(plan, roleCredentialsProvider);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(AwsRegionProvider.class)
	static class AwsSdkRegionConfiguration {

		@Bean
		@ConditionalOnMissingBean(AwsRegionProvider.class)
		ImdsDefaultRegionProvider imdsAwsRegionProvider(ObjectProvider<InstanceMetadata> metadata,
				ImdsClient imdsClient) {
			// The loaded snapshot, never the ec2.region property an application.* file may hold as a fallback.
			return new ImdsDefaultRegionProvider(new ImdsAwsRegionProvider(() -> {
				InstanceMetadata snapshot = metadata.getIfAvailable();
				return (snapshot != null) ? snapshot.region().orElse(null) : null;
			}, imdsClient));
		}

	}

}
