package io.github.imds.autoconfigure;

import java.util.List;

import io.github.imds.env.Ec2MetadataPropertySource;
import org.apache.commons.logging.Log;

import org.springframework.boot.context.config.ConfigData;
import org.springframework.boot.context.config.ConfigDataLoader;
import org.springframework.boot.context.config.ConfigDataLoaderContext;
import org.springframework.boot.context.config.ConfigDataResourceNotFoundException;
import org.springframework.boot.logging.DeferredLogFactory;

/**
 * {@link ConfigDataLoader} for {@code imds:}: the startup load of the JVM start, which the environment
 * post-processor then reuses instead of loading again. During Spring AOT processing it loads nothing.
 * <p>
 * With {@code optional:imds:}, no metadata (not on EC2, disabled, unreachable) means no {@code ec2.*}
 * properties; without {@code optional:} it fails startup with the cause, as {@code imds.fail-fast=true} does.
 */
class ImdsConfigDataLoader implements ConfigDataLoader<ImdsConfigDataResource> {

	private final Log logger;

	ImdsConfigDataLoader(DeferredLogFactory logFactory) {
		// the post-processor's log, so that the one startup line reads the same whichever entry loaded
		this.logger = logFactory.getLog(ImdsEnvironmentPostProcessor.class);
	}

	@Override
	public ConfigData load(ConfigDataLoaderContext context, ImdsConfigDataResource resource)
			throws ConfigDataResourceNotFoundException {
		if (ImdsEnvironmentPostProcessor.isAotProcessing()) {
			return new ConfigData(List.of());
		}
		ImdsStartupLoad load = ImdsStartupLoad.obtain(context.getBootstrapContext(),
				() -> ImdsStartupLoad.obtainShared(resource.properties(), resource.binder(), this.logger));
		String missing = load.missingReason();
		if (missing != null || load.metadata().size() == 0) {
			if (!resource.isOptionalLocation()) {
				throw new ImdsStartupException(load.client().endpoint().toString(),
						"spring.config.import=imds: (without 'optional:') needs the metadata: "
								+ ((missing != null) ? missing : "IMDS returned none"),
						null);
			}
			throw new ConfigDataResourceNotFoundException(resource);
		}
		return new ConfigData(List.of(new Ec2MetadataPropertySource(load.metadata().properties())));
	}

}
