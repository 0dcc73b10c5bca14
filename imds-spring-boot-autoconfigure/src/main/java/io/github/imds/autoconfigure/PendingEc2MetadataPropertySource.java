package io.github.imds.autoconfigure;

import java.util.Map;

import io.github.imds.env.Ec2MetadataPropertySource;
import io.github.imds.metadata.InstanceMetadata;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;

/**
 * Holds the place of the {@code ec2.*} properties while the startup load runs, so that Spring goes on starting
 * instead of waiting for IMDS.
 * <p>
 * A name outside {@code ec2.*} is answered at once (it is not here). The first read of an {@code ec2.*} name
 * (a placeholder, {@code @Value}, a condition, the binder) waits for the load, then puts the loaded
 * {@link Ec2MetadataPropertySource} in this one's place, so that every later read, enumeration included
 * ({@code Map} binding, {@code /actuator/env}), sees an ordinary property source. The application context
 * waits too, after its configuration classes are parsed and before any bean is made
 * ({@link #resolveIn(ConfigurableEnvironment)}): no bean ever sees this placeholder.
 * <p>
 * Deliberately not an {@code EnumerablePropertySource}: Spring Boot lists the names of every enumerable
 * source right after the environment post-processors (to bind {@code spring.main.*}), which would wait for
 * the load there.
 */
final class PendingEc2MetadataPropertySource extends PropertySource<ImdsStartupLoad> {

	private static final String PREFIX = "ec2";

	// where the loaded source goes: the environment's, or the one Spring Boot copied them into when it converted
	// the environment to another type (see #moveTo)
	private volatile MutablePropertySources sources;

	// guarded by this
	private boolean resolved;

	// the loaded source, or null where the load found no metadata; guarded by this
	private @Nullable Ec2MetadataPropertySource loaded;

	// the loaded source as the binder sees it, for the relaxed names it would match there; guarded by this
	private @Nullable ConfigurationPropertySource loadedNames;

	private PendingEc2MetadataPropertySource(ImdsStartupLoad load, MutablePropertySources sources) {
		super(Ec2MetadataPropertySource.NAME, load);
		this.sources = sources;
	}

	/**
	 * Puts a placeholder for what {@code load} loads where the {@code ec2.*} properties belong in
	 * {@code environment}.
	 */
	static PendingEc2MetadataPropertySource addTo(ConfigurableEnvironment environment, ImdsStartupLoad load) {
		PendingEc2MetadataPropertySource pending = new PendingEc2MetadataPropertySource(load,
				environment.getPropertySources());
		// the loaded source's own placement, so that both sit at the documented precedence
		new Ec2MetadataPropertySource(Map.of()).addTo(environment);
		environment.getPropertySources().replace(Ec2MetadataPropertySource.NAME, pending);
		return pending;
	}

	@Override
	public @Nullable Object getProperty(String name) {
		if (!isEc2Name(name)) {
			return null;
		}
		Ec2MetadataPropertySource source = resolveIn(this.sources);
		if (source == null) {
			return null;
		}
		Object value = source.getProperty(name);
		return (value != null) ? value : getRelaxed(name);
	}

	/**
	 * The value of a relaxed form of a loaded name ({@code ec2.tags.instance.name} for the tag {@code Name}),
	 * which the binder finds in an enumerable source but asks a non-enumerable one for by its exact name only:
	 * the read that meets this placeholder gets what every later read gets from the loaded source.
	 */
	private synchronized @Nullable Object getRelaxed(String name) {
		ConfigurationPropertyName relaxed = ConfigurationPropertyName.ofIfValid(name);
		ConfigurationPropertySource names = this.loadedNames;
		ConfigurationProperty property = (relaxed != null && names != null) ? names.getConfigurationProperty(relaxed)
				: null;
		return (property != null) ? property.getValue() : null;
	}

	/**
	 * Follows the placeholder into {@code environment}, where Spring Boot copied the sources when it converted
	 * the environment to another type ({@code spring.main.web-application-type}), so that the first
	 * {@code ec2.*} read there puts the loaded source in its place.
	 */
	static void moveTo(ConfigurableEnvironment environment) {
		MutablePropertySources sources = environment.getPropertySources();
		if (sources.get(Ec2MetadataPropertySource.NAME) instanceof PendingEc2MetadataPropertySource pending) {
			pending.follow(sources);
		}
	}

	private synchronized void follow(MutablePropertySources sources) {
		this.sources = sources;
		if (this.resolved) {
			resolveIn(sources);
		}
	}

	static boolean isEc2Name(String name) {
		return name.startsWith(PREFIX) && (name.length() == PREFIX.length() || name.charAt(PREFIX.length()) == '.'
				|| name.charAt(PREFIX.length()) == '[');
	}

	/**
	 * Waits for the load and puts its properties in this placeholder's place in {@code environment} (or removes
	 * the placeholder where there are none).
	 * @return the loaded source, or {@code null}
	 */
	@Nullable Ec2MetadataPropertySource resolveIn(ConfigurableEnvironment environment) {
		return resolveIn(environment.getPropertySources());
	}

	private synchronized @Nullable Ec2MetadataPropertySource resolveIn(MutablePropertySources target) {
		if (!this.resolved) {
			ImdsStartupLoad load = getSource();
			load.await();
			InstanceMetadata metadata = load.metadata();
			this.loaded = (metadata.size() > 0) ? new Ec2MetadataPropertySource(metadata.properties()) : null;
			this.loadedNames = (this.loaded != null) ? ConfigurationPropertySource.from(this.loaded) : null;
			this.resolved = true;
		}
		if (target.get(Ec2MetadataPropertySource.NAME) == this) {
			if (this.loaded != null) {
				target.replace(Ec2MetadataPropertySource.NAME, this.loaded);
			}
			else {
				target.remove(Ec2MetadataPropertySource.NAME);
			}
		}
		return this.loaded;
	}

	@Override
	public String toString() {
		return getClass().getSimpleName() + " {name='" + getName() + "', waiting for the startup load}";
	}

}
