package io.github.imds.autoconfigure;

import org.springframework.boot.context.config.ConfigDataResource;
import org.springframework.boot.context.properties.bind.Binder;

/**
 * The {@code imds:} config data resource: the instance's metadata as {@code ec2.*} properties.
 * <p>
 * All such resources are equal, whatever {@code imds.*} settings they were resolved with: there is one instance
 * per JVM start, and Boot loads a resource it has already loaded (in another profile pass or import) only
 * once when it is equal.
 */
final class ImdsConfigDataResource extends ConfigDataResource {

	private final boolean optionalLocation;

	private final ImdsProperties properties;

	private final Binder binder;

	ImdsConfigDataResource(boolean optionalLocation, ImdsProperties properties, Binder binder) {
		this.optionalLocation = optionalLocation;
		this.properties = properties;
		this.binder = binder;
	}

	Binder binder() {
		return this.binder;
	}

	/**
	 * Whether the location was {@code optional:imds:}; without it, startup fails when nothing can be loaded.
	 */
	boolean isOptionalLocation() {
		return this.optionalLocation;
	}

	ImdsProperties properties() {
		return this.properties;
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof ImdsConfigDataResource;
	}

	@Override
	public int hashCode() {
		return ImdsConfigDataResource.class.hashCode();
	}

	@Override
	public String toString() {
		return ImdsConfigDataLocationResolver.PREFIX + " (EC2 instance metadata)";
	}

}
