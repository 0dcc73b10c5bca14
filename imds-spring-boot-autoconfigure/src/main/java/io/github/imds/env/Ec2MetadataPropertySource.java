package io.github.imds.env;

import java.util.Map;

import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;

/**
 * The {@code ec2.*} properties of the instance, as a property source placed right after the system
 * environment: command-line arguments, system properties and environment variables override instance
 * metadata, and instance metadata overrides {@code application.*} files, which can then hold local
 * fallbacks such as {@code ec2.region: eu-west-1}.
 *
 * @since 0.1.0
 */
public final class Ec2MetadataPropertySource extends MapPropertySource {

	/**
	 * Name of the property source.
	 */
	public static final String NAME = "ec2InstanceMetadata";

	/**
	 * Creates a property source holding {@code properties}.
	 * @param properties the {@code ec2.*} keys and values
	 */
	public Ec2MetadataPropertySource(Map<String, String> properties) {
		super(NAME, Map.copyOf(properties));
	}

	/**
	 * Adds this source to {@code environment}, replacing an earlier one of the same name.
	 * @param environment the environment
	 */
	public void addTo(ConfigurableEnvironment environment) {
		MutablePropertySources sources = environment.getPropertySources();
		sources.remove(NAME);
		if (sources.contains(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME)) {
			sources.addAfter(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, this);
		}
		else if (sources.contains(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME)) {
			sources.addAfter(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME, this);
		}
		else {
			sources.addFirst(this);
		}
	}

}
