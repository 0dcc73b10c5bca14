package io.github.imds.autoconfigure;

import java.time.Duration;
import java.util.function.Supplier;

import io.github.imds.client.ImdsAvailability;
import io.github.imds.client.ImdsClient;
import io.github.imds.client.ImdsException;
import io.github.imds.client.internal.ImdsRequestStatistics;
import io.github.imds.metadata.InstanceMetadata;
import io.github.imds.metadata.internal.MetadataLoadOptions;
import io.github.imds.metadata.internal.MetadataLoader;
import io.github.imds.observation.internal.ImdsStartupRequests;
import org.apache.commons.logging.Log;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.boot.bootstrap.BootstrapRegistry;
import org.springframework.boot.bootstrap.ConfigurableBootstrapContext;
import org.springframework.boot.context.properties.bind.Binder;

/**
 * The one startup load of a JVM start: the client, the snapshot it loaded and the statistics of its requests.
 * <p>
 * Made by whichever entry runs first (the {@code imds:} config data loader or the environment
 * post-processor) and kept in the bootstrap context, so that the other one reuses it. When the bootstrap
 * context closes it becomes a singleton of the application context (not a bean definition, which AOT would
 * have to write out as code), and the auto-configurations' ordinary {@code @Bean} methods pick it up.
 */
final class ImdsStartupLoad implements DisposableBean {

	static final String BEAN_NAME = ImdsStartupLoad.class.getName();

	private final ImdsClient client;

	private final ImdsClient sharedClient;

	private volatile InstanceMetadata metadata;

	private final ImdsRequestStatistics statistics;

	private final ImdsStartupRequests startupRequests;

	private final @Nullable String missingReason;

	private boolean restartable;

	// IMDS could not be reached (without fail-fast): never shared with a later run, which loads again
	private boolean failed;

	// the contexts (and starting runs) that use this load; guarded by SharedStartupLoads' lock
	private int references;

	private ImdsStartupLoad(ImdsClient client, InstanceMetadata metadata, ImdsRequestStatistics statistics,
			ImdsStartupRequests startupRequests, @Nullable String missingReason) {
		this.client = client;
		this.sharedClient = new SharedImdsClient(client);
		this.metadata = metadata;
		this.statistics = statistics;
		this.startupRequests = startupRequests;
		this.missingReason = missingReason;
	}

	/**
	 * The load kept in {@code bootstrapContext}, else the one {@code loader} makes, kept there from now on.
	 */
	static ImdsStartupLoad obtain(ConfigurableBootstrapContext bootstrapContext, Supplier<ImdsStartupLoad> loader) {
		if (bootstrapContext.isRegistered(ImdsStartupLoad.class)) {
			return bootstrapContext.get(ImdsStartupLoad.class);
		}
		ImdsStartupLoad load = loader.get();
		bootstrapContext.register(ImdsStartupLoad.class, BootstrapRegistry.InstanceSupplier.of(load));
		bootstrapContext.addCloseListener((event) -> load.registerIn(event.getApplicationContext().getBeanFactory()));
		return load;
	}

	/**
	 * The load of this JVM that an equal earlier run shares (a parent context, the run before a devtools
	 * restart), else a new one; see {@link SharedStartupLoads}.
	 * @throws ImdsStartupException with {@code imds.fail-fast=true} when IMDS is available but cannot be read
	 */
	static ImdsStartupLoad obtainShared(ImdsProperties properties, Binder binder, Log logger) {
		return SharedStartupLoads.obtain(properties, binder, logger);
	}

	/**
	 * Loads the metadata with {@code client} (unless IMDS is unavailable or metadata is off), logging the
	 * outcome once.
	 * @throws ImdsStartupException with {@code imds.fail-fast=true} when IMDS is available but cannot be read
	 */
	static ImdsStartupLoad load(ImdsClient client, ImdsProperties properties, Log logger, boolean restartable) {
		ImdsStartupLoad load = load(client, properties, logger);
		load.restartable = restartable;
		return load;
	}

	private static ImdsStartupLoad load(ImdsClient client, ImdsProperties properties, Log logger) {
		// Recording from the first request on, so that /actuator/imds counts the startup token and metadata load.
		ImdsRequestStatistics statistics = new ImdsRequestStatistics();
		client.addListener(statistics);
		// Kept for the meters and observations, which replay them once their registries exist.
		ImdsStartupRequests startupRequests = new ImdsStartupRequests();
		client.addListener(startupRequests);
		ImdsAvailability availability = client.availability();
		if (!availability.isAvailable()) {
			logger.info("No ec2.* properties: " + availability.reason());
			return new ImdsStartupLoad(client, InstanceMetadata.empty(), statistics, startupRequests,
					availability.reason());
		}
		if (!properties.getMetadata().isEnabled()) {
			logger.info("No ec2.* properties: imds.metadata.enabled=false");
			return new ImdsStartupLoad(client, InstanceMetadata.empty(), statistics, startupRequests,
					"imds.metadata.enabled=false");
		}
		long start = System.nanoTime();
		try {
			InstanceMetadata metadata = new MetadataLoader().load(client, options(properties));
			if (metadata.isEmpty() && !metadata.complete()) {
				// the first request never ended within the budget: IMDS is as good as unreachable
				return unreachable(client, statistics, startupRequests, properties, logger, String.join("; ", metadata.failures())
						+ " (raise imds.metadata.startup-timeout if IMDS is only slow here)", null);
			}
			logLoaded(logger, client, metadata, Duration.ofNanos(System.nanoTime() - start));
			return new ImdsStartupLoad(client, metadata, statistics, startupRequests, null);
		}
		catch (ImdsException ex) {
			return unreachable(client, statistics, startupRequests, properties, logger, ex.getMessage(), ex);
		}
	}

	private static ImdsStartupLoad unreachable(ImdsClient client, ImdsRequestStatistics statistics,
			ImdsStartupRequests startupRequests, ImdsProperties properties, Log logger, String cause, @Nullable ImdsException exception) {
		if (properties.isFailFast()) {
			client.close();
			throw new ImdsStartupException(client.endpoint().toString(), cause, exception);
		}
		logger.warn(("No ec2.* properties: EC2 instance metadata could not be loaded from %s: %s "
				+ "(the application starts without them; set imds.fail-fast=true to stop instead)")
			.formatted(client.endpoint(), cause));
		ImdsStartupLoad load = new ImdsStartupLoad(client, InstanceMetadata.empty(), statistics, startupRequests,
				cause);
		load.failed = true;
		return load;
	}

	private static void logLoaded(Log logger, ImdsClient client, InstanceMetadata metadata, Duration took) {
		for (String warning : metadata.warnings()) {
			logger.warn("EC2 instance metadata: " + warning);
		}
		if (metadata.failures().isEmpty()) {
			logger.info("Loaded %d ec2.* properties for %s from %s in %d ms".formatted(metadata.size(),
					metadata.instanceId().orElse("unknown instance"), client.endpoint().uri(), took.toMillis()));
		}
		else {
			logger.warn("Loaded %d ec2.* properties for %s from %s in %d ms; %d could not be loaded: %s".formatted(
					metadata.size(), metadata.instanceId().orElse("unknown instance"), client.endpoint().uri(),
					took.toMillis(), metadata.failures().size(), String.join("; ", metadata.failures())));
		}
	}

	static MetadataLoadOptions options(ImdsProperties properties) {
		return ImdsPropertiesMappers.metadata(properties.getMetadata());
	}

	private void registerIn(ConfigurableListableBeanFactory beanFactory) {
		if (beanFactory.containsSingleton(BEAN_NAME)) {
			return;
		}
		beanFactory.registerSingleton(BEAN_NAME, this);
		if (beanFactory instanceof DefaultSingletonBeanRegistry registry) {
			// closes the client where the application defines its own and the imdsClient bean backs off
			registry.registerDisposableBean(BEAN_NAME, this);
		}
	}

	void acquire() {
		this.references++;
	}

	/**
	 * @return the references left
	 */
	int release() {
		this.references = Math.max(0, this.references - 1);
		return this.references;
	}

	boolean isInUse() {
		return this.references > 0;
	}

	/**
	 * Whether the run that made it runs under devtools, so that the load stays for the next restart.
	 */
	boolean isFailed() {
		return this.failed;
	}

	/**
	 * Whether {@code beanFactory} holds this load, which it then releases when it is destroyed.
	 */
	static boolean isHandedTo(ConfigurableListableBeanFactory beanFactory) {
		return beanFactory.containsSingleton(BEAN_NAME);
	}

	boolean isRestartable() {
		return this.restartable;
	}

	/**
	 * Keeps the snapshot of a refresh, for a child context or a restart that starts later.
	 */
	void refreshed(InstanceMetadata metadata) {
		this.metadata = metadata;
	}

	/**
	 * The client for the contexts that use this load; closing it does not close the client.
	 */
	ImdsClient client() {
		return this.sharedClient;
	}

	void closeClient() {
		this.client.close();
	}

	InstanceMetadata metadata() {
		return this.metadata;
	}

	/**
	 * The statistics of the startup client's requests, for {@code client} when it is that client.
	 */
	@Nullable ImdsRequestStatistics statisticsFor(ImdsClient client) {
		return (client == this.sharedClient) ? this.statistics : null;
	}

	/**
	 * The requests of the startup load kept for replay into the meters and observations, when {@code client}
	 * is the startup client (an application's own client made none of them).
	 */
	static @Nullable ImdsStartupRequests startupRequestsFor(ObjectProvider<ImdsStartupLoad> startupLoad,
			ImdsClient client) {
		ImdsStartupLoad load = startupLoad.getIfAvailable();
		return (load != null && load.sharedClient == client) ? load.startupRequests : null;
	}

	/**
	 * Why there is no metadata, or {@code null} when it was loaded.
	 */
	@Nullable String missingReason() {
		return this.missingReason;
	}

	@Override
	public void destroy() {
		// closes the client when no other context (a parent, a child) uses it
		SharedStartupLoads.release(this);
	}

}
