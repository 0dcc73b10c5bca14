package io.github.imds.observation.internal;

import java.util.Map;
import java.util.function.Function;

import io.github.imds.metadata.InstanceMetadata;
import io.github.imds.observation.internal.Ec2ResourceAttributes;
import io.github.imds.observation.internal.Ec2ResourceAttributesPostProcessor;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetryProperties;

/**
 * {@link BeanPostProcessor} that adds the instance's {@link Ec2ResourceAttributes} to Spring Boot's
 * {@link OpenTelemetryProperties} once they are bound, so that both the OpenTelemetry {@code Resource} Spring
 * Boot builds (traces, logs, OpenTelemetry SDK metrics) and the OTLP Micrometer registry carry them. An
 * attribute the user set ({@code management.opentelemetry.resource-attributes.*} or
 * {@code OTEL_RESOURCE_ATTRIBUTES}) is kept.
 *
 * @since 0.1.0
 */
public class Ec2ResourceAttributesPostProcessor implements BeanPostProcessor {

	private final ObjectProvider<InstanceMetadata> metadata;

	private final Function<String, @Nullable String> environment;

	/**
	 * Creates the post-processor.
	 * @param metadata the loaded metadata, looked up when the properties are bound
	 * @param environment reads an environment variable ({@code System::getenv})
	 */
	public Ec2ResourceAttributesPostProcessor(ObjectProvider<InstanceMetadata> metadata,
			Function<String, @Nullable String> environment) {
		this.metadata = metadata;
		this.environment = environment;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof OpenTelemetryProperties properties) {
			InstanceMetadata instance = this.metadata.getIfAvailable();
			Map<String, String> attributes = (instance != null) ? Ec2ResourceAttributes.of(instance) : Map.of();
			if (!attributes.isEmpty()) {
				properties.setResourceAttributes(
						Ec2ResourceAttributes.merge(properties.getResourceAttributes(), attributes, this.environment));
			}
		}
		return bean;
	}

}
