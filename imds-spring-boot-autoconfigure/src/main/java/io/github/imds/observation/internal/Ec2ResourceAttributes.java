package io.github.imds.observation.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import io.github.imds.metadata.InstanceMetadata;
import io.github.imds.observation.internal.Ec2ResourceAttributes;
import org.jspecify.annotations.Nullable;

/**
 * The OpenTelemetry resource attributes that OpenTelemetry's EC2 resource detector sets, from the loaded
 * {@link InstanceMetadata}: {@code cloud.provider=aws}, {@code cloud.platform=aws_ec2}, {@code cloud.region},
 * {@code cloud.availability_zone}, {@code cloud.account.id}, {@code host.id}, {@code host.type},
 * {@code host.image.id}. Pure functions.
 *
 * @since 0.1.0
 */
public final class Ec2ResourceAttributes {

	/**
	 * The environment variable OpenTelemetry reads resource attributes from ({@code key=value,key=value}).
	 */
	public static final String OTEL_RESOURCE_ATTRIBUTES = "OTEL_RESOURCE_ATTRIBUTES";

	private Ec2ResourceAttributes() {
	}

	/**
	 * The attributes of the instance; none when the metadata is empty (not on EC2, or not loaded), as the
	 * detector sets none off EC2.
	 * @param metadata the loaded metadata
	 * @return the attributes, in the order above, without those the metadata lacks
	 */
	public static Map<String, String> of(InstanceMetadata metadata) {
		if (metadata.isEmpty()) {
			return Collections.emptyMap();
		}
		Map<String, String> attributes = new LinkedHashMap<>();
		attributes.put("cloud.provider", "aws");
		attributes.put("cloud.platform", "aws_ec2");
		put(attributes, "cloud.region", metadata.region());
		put(attributes, "cloud.availability_zone", metadata.availabilityZone());
		put(attributes, "cloud.account.id", metadata.accountId());
		put(attributes, "host.id", metadata.instanceId());
		put(attributes, "host.type", metadata.instanceType());
		put(attributes, "host.image.id", metadata.amiId());
		return Collections.unmodifiableMap(attributes);
	}

	/**
	 * The configured attributes plus the instance's attributes that the user did not set, either as
	 * configured attributes ({@code management.opentelemetry.resource-attributes.*}) or in
	 * {@value #OTEL_RESOURCE_ATTRIBUTES} (which configured attributes would override).
	 * @param configured the configured attributes
	 * @param instance the instance's attributes
	 * @param environment reads an environment variable ({@code System::getenv})
	 * @return the configured attributes first, then the added ones
	 */
	public static Map<String, String> merge(Map<String, String> configured, Map<String, String> instance,
			Function<String, @Nullable String> environment) {
		Set<String> fromEnvironment = keys(environment.apply(OTEL_RESOURCE_ATTRIBUTES));
		Map<String, String> merged = new LinkedHashMap<>(configured);
		instance.forEach((key, value) -> {
			if (!fromEnvironment.contains(key)) {
				merged.putIfAbsent(key, value);
			}
		});
		return merged;
	}

	/** The keys of an {@code OTEL_RESOURCE_ATTRIBUTES} value, parsed as Spring Boot does. */
	private static Set<String> keys(@Nullable String value) {
		if (value == null) {
			return Collections.emptySet();
		}
		Map<String, String> keys = new LinkedHashMap<>();
		for (String attribute : value.split(",")) {
			int index = attribute.indexOf('=');
			if (index > 0) {
				keys.put(attribute.substring(0, index).trim(), "");
			}
		}
		return keys.keySet();
	}

	private static void put(Map<String, String> attributes, String key, Optional<String> value) {
		value.filter((text) -> !text.isBlank()).ifPresent((text) -> attributes.put(key, text));
	}

}
