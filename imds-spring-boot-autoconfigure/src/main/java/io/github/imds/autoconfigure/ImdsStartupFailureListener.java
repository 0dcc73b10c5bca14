package io.github.imds.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringApplicationRunListener;
import org.springframework.boot.bootstrap.ConfigurableBootstrapContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Releases the startup load of a run that fails before an application context took it over (a failure in
 * config data processing or an environment post-processor after the load, before the bootstrap context
 * closes): else its client would stay open and the next run in the JVM would share its snapshot. Once a
 * context holds the load, closing that context releases it.
 */
final class ImdsStartupFailureListener implements SpringApplicationRunListener {

	private @Nullable ConfigurableBootstrapContext bootstrapContext;

	ImdsStartupFailureListener(SpringApplication application, String[] args) {
	}

	@Override
	public void starting(ConfigurableBootstrapContext bootstrapContext) {
		this.bootstrapContext = bootstrapContext;
	}

	@Override
	public void failed(@Nullable ConfigurableApplicationContext context, Throwable exception) {
		ConfigurableBootstrapContext bootstrapContext = this.bootstrapContext;
		if (bootstrapContext == null || !bootstrapContext.isRegistered(ImdsStartupLoad.class)) {
			return;
		}
		if (context != null && ImdsStartupLoad.isHandedTo(context.getBeanFactory())) {
			return;
		}
		SharedStartupLoads.release(bootstrapContext.get(ImdsStartupLoad.class));
	}

}
