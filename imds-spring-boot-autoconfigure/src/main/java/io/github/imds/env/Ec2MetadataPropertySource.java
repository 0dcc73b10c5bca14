package io.github.imds.env;

import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.util.SystemPropertyUtils;

/**
 * The {@code ec2.*} properties of the instance, as a property source placed right after the system
 * environment: command-line arguments, system properties and environment variables override instance
 * metadata, and instance metadata overrides {@code application.*} files, which can then hold local
 * fallbacks such as {@code ec2.region: eu-west-1}.
 * <p>
 * Values read from IMDS are data, never placeholders: user data is often a shell script full of
 * {@code ${VAR}}. {@link #getProperty(String)} therefore escapes every <code>${</code> with Spring's placeholder
 * escape character ({@code \}), which {@code Environment.getProperty}, {@code @Value} and the
 * {@code @ConfigurationProperties} binder remove again: they all return the value as IMDS served it, and
 * never try to resolve (or quote in an error) what it contains.
 *
 * @since 0.1.0
 */
public final class Ec2MetadataPropertySource extends MapPropertySource {

	/**
	 * Name of the property source.
	 */
	public static final String NAME = "ec2InstanceMetadata";

	private static final String PREFIX = SystemPropertyUtils.PLACEHOLDER_PREFIX;

	/**
	 * Creates a property source holding {@code properties}.
	 * @param properties the {@code ec2.*} keys and values
	 */
	public Ec2MetadataPropertySource(Map<String, String> properties) {
		super(NAME, Map.copyOf(properties));
	}

	/**
	 * The value of {@code name}, each <code>${</code> escaped so that placeholder resolution returns it verbatim.
	 * @param name the property name
	 * @return the escaped value, or {@code null}
	 */
	@Override
	public @Nullable Object getProperty(String name) {
		Object value = super.getProperty(name);
		return (value instanceof String text) ? escape(text) : value;
	}

	/**
	 * Puts the escape character before each <code>${</code> that Spring's placeholder parser would take for the
	 * start of a placeholder (one with a closing brace, nested braces counted); it keeps the escape character of
	 * any other, which must therefore stay as it is.
	 */
	static String escape(String value) {
		int start = value.indexOf(PREFIX);
		if (start == -1) {
			return value;
		}
		StringBuilder escaped = new StringBuilder(value.length() + 8);
		int copied = 0;
		while (start != -1) {
			if (hasEnd(value, start + PREFIX.length())) {
				escaped.append(value, copied, start).append(SystemPropertyUtils.ESCAPE_CHARACTER);
				copied = start;
			}
			start = value.indexOf(PREFIX, start + PREFIX.length());
		}
		return escaped.append(value, copied, value.length()).toString();
	}

	private static boolean hasEnd(String value, int from) {
		int nested = 0;
		for (int index = from; index < value.length(); index++) {
			char character = value.charAt(index);
			if (character == '}') {
				if (nested == 0) {
					return true;
				}
				nested--;
			}
			else if (character == '{') {
				nested++;
			}
		}
		return false;
	}

	/**
	 * The name and how many keys, never a value: Spring's own {@code toString} prints every value (user data
	 * included) where {@code org.springframework.core.env.PropertySource} logs at DEBUG.
	 * @return a description without values
	 */
	@Override
	public String toString() {
		return getClass().getSimpleName() + " {name='" + getName() + "', keys=" + getSource().size() + "}";
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
