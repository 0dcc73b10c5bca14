package io.github.imds.autoconfigure;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;

/**
 * Points the {@code ec2.*} placeholder at the context's environment before any other initializer reads it:
 * where Spring Boot converted the environment after the post-processors ran, the placeholder would otherwise
 * swap the loaded source into the discarded one, and {@code Map} binding and enumeration in the context's
 * environment would not see the {@code ec2.*} keys until the context waits for the load.
 */
final class ImdsPendingMetadataInitializer
		implements ApplicationContextInitializer<ConfigurableApplicationContext>, Ordered {

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		PendingEc2MetadataPropertySource.moveTo(context.getEnvironment());
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
