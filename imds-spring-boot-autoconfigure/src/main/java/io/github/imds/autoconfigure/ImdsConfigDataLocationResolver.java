package io.github.imds.autoconfigure;

import java.util.List;

import org.springframework.boot.context.config.ConfigDataLocation;
import org.springframework.boot.context.config.ConfigDataLocationResolver;
import org.springframework.boot.context.config.ConfigDataLocationResolverContext;

/**
 * {@link ConfigDataLocationResolver} for {@code spring.config.import=optional:imds:}: the instance's metadata as
 * {@code ec2.*} properties during config data processing, early enough for {@code spring.profiles.active},
 * {@code spring.config.activate.on-profile} documents and further imports that use {@code ${ec2.…}}.
 * The {@code imds.*} settings are bound from what config data has seen so far.
 */
class ImdsConfigDataLocationResolver implements ConfigDataLocationResolver<ImdsConfigDataResource> {

	static final String PREFIX = "imds:";

	@Override
	public boolean isResolvable(ConfigDataLocationResolverContext context, ConfigDataLocation location) {
		return location.hasPrefix(PREFIX);
	}

	@Override
	public List<ImdsConfigDataResource> resolve(ConfigDataLocationResolverContext context,
			ConfigDataLocation location) {
		String rest = location.getNonPrefixedValue(PREFIX);
		if (!rest.isEmpty()) {
			throw new IllegalArgumentException(("Config data location '%s' is not supported: write 'imds:' (or "
					+ "'optional:imds:'); the metadata to load is set with imds.metadata.*").formatted(location));
		}
		return List.of(new ImdsConfigDataResource(location.isOptional(), ImdsClientFactory.bind(context.getBinder()),
				context.getBinder()));
	}

}
