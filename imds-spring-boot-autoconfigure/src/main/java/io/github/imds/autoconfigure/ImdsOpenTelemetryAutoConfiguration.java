package io.github.imds.autoconfigure;

import io.github.imds.metadata.InstanceMetadata;
import io.github.imds.observation.internal.Ec2ResourceAttributesPostProcessor;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetryProperties;
import org.springframework.context.annotation.Bean;

/**
 * {@link EnableAutoConfiguration Auto-configuration} that contributes the EC2 resource attributes
 * ({@code cloud.*}, {@code host.*}) of the loaded {@link InstanceMetadata} to Spring Boot's OpenTelemetry
 * support, without replacing an attribute the user set.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = ImdsAutoConfiguration.class)
@ConditionalOnClass(OpenTelemetryProperties.class)
public final class ImdsOpenTelemetryAutoConfiguration {

	ImdsOpenTelemetryAutoConfiguration() {
	}

	// static: a post-processor, created before the other beans; the metadata is looked up when it is needed
	@Bean
	static Ec2ResourceAttributesPostProcessor imdsEc2ResourceAttributesPostProcessor(
			ObjectProvider<InstanceMetadata> metadata) {
		return new Ec2ResourceAttributesPostProcessor(metadata, System::getenv);
	}

}
