package io.github.imds.autoconfigure;

import java.util.function.Consumer;
import java.util.function.Supplier;

import io.github.imds.client.ImdsClient;
import io.github.imds.client.internal.ImdsRequestStatistics;
import io.github.imds.metadata.InstanceMetadata;
import io.github.imds.metadata.internal.MetadataLoadOptions;
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
 * The metadata requests run while Spring goes on starting ({@link StartupMetadataFetch}): {@link #metadata()}
 * and the other outcome accessors wait for them.
 * <p>
 * Made by whichever entry runs first (the {@code imds:} config data loader or the environment
 * post-processor) and kept in the bootstrap context, so that the other one reuses it. When the bootstrap
 * context closes it becomes a singleton of the application context (not a bean definition, which AOT would
 * have to write out as code), and the auto-configurations' ordinary {@code @Bean} methods pick it up.
 */
final class ImdsStartupLoad implements DisposableBean {

	static final String BEAN_NAME = ImdsStartupLoad.class.getName();

	/**
	 * The name of the thread that loads the metadata; it ends with the load.
	 */
	static final String THREAD_NAME = StartupMetadataFetch.THREAD_NAME;

	private final ImdsClient client;

	private final ImdsClient sharedClient;

	private final ImdsRequestStatistics statistics;

	private final ImdsStartupRequests startupRequests;

	private final boolean restartable;

	private final StartupMetadataFetch fetch;

	// the snapshot of the latest refresh, which replaces the startup one
	private volatile @Nullable InstanceMetadata refreshed;

	// the contexts (and starting runs) that use this load; guarded by SharedStartupLoads' lock
	private int references;

	private ImdsStartupLoad(ImdsClient client, ImdsProperties properties, Log logger, boolean restartable,
			Consumer<ImdsStartupLoad> whenFailed) {
		this.client = client;
		this.sharedClient = new SharedImdsClient(client);
		this.restartable = restartable;
		// Recording from the first request on, so that /actuator/imds counts the startup token and metadata load.
		this.statistics = new ImdsRequestStatistics();
		client.addListener(this.statistics);
		// Kept for the meters and observations, which replay them once their registries exist.
		this.startupRequests = new ImdsStartupRequests();
		client.addListener(this.startupRequests);
		this.fetch = StartupMetadataFetch.start(client, properties, logger, () -> whenFailed.accept(this));
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
	 * Starts loading the metadata with {@code client} (unless IMDS is unavailable or metadata is off), logging
	 * the outcome once; {@code whenFailed} runs when IMDS could not be reached or the load ended with a defect.
	 * With {@code imds.fail-fast=true}, {@link #await()} and the outcome accessors throw the
	 * {@link ImdsStartupException} when IMDS is available but cannot be read.
	 */
	static ImdsStartupLoad start(ImdsClient client, ImdsProperties properties, Log logger, boolean restartable,
			Consumer<ImdsStartupLoad> whenFailed) {
		return new ImdsStartupLoad(client, properties, logger, restartable, whenFailed);
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
	 * Whether the metadata requests have ended, so that the outcome accessors return at once.
	 */
	boolean isDone() {
		return this.fetch.isDone();
	}

	/**
	 * Waits until the metadata requests have ended and their threads are gone.
	 * @throws RuntimeException what the load threw, when it was not an outcome of IMDS
	 */
	void await() {
		this.fetch.await();
	}

	/**
	 * Whether the load has ended with metadata or a reason for none (not with a defect, not failed to reach
	 * IMDS), so that it may stay for a devtools restart; never waits, never throws.
	 */
	boolean isLoadedWithoutFailure() {
		return this.fetch.isLoadedWithoutFailure();
	}

	/**
	 * Whether the load has ended and a later run may share it; never waits, never throws.
	 */
	boolean isShareable() {
		return this.fetch.isShareable();
	}

	/**
	 * Waits until the load has ended, whatever its outcome; never throws.
	 */
	void awaitEnd() {
		this.fetch.awaitEnd();
	}

	/**
	 * Whether IMDS could not be reached (without fail-fast); waits for the load.
	 */
	boolean isFailed() {
		return this.fetch.outcome().failed();
	}

	/**
	 * Marks this load as released by every run before its requests ended, so that their failure (its client is
	 * closed now) is not reported as IMDS's.
	 */
	void abandon() {
		this.fetch.abandon();
	}

	/**
	 * Whether {@code beanFactory} holds this load, which it then releases when it is destroyed.
	 */
	static boolean isHandedTo(ConfigurableListableBeanFactory beanFactory) {
		return beanFactory.containsSingleton(BEAN_NAME);
	}

	/**
	 * Whether the run that made it runs under devtools, so that the load stays for the next restart.
	 */
	boolean isRestartable() {
		return this.restartable;
	}

	/**
	 * Keeps the snapshot of a refresh, for a child context or a restart that starts later.
	 */
	void refreshed(InstanceMetadata metadata) {
		this.refreshed = metadata;
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

	/**
	 * The snapshot of the latest refresh, else the startup one; waits for the load.
	 */
	InstanceMetadata metadata() {
		InstanceMetadata latest = this.refreshed;
		return (latest != null) ? latest : this.fetch.outcome().metadata();
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
	 * Why there is no metadata, or {@code null} when it was loaded; waits for the load.
	 */
	@Nullable String missingReason() {
		return this.fetch.outcome().missingReason();
	}

	@Override
	public void destroy() {
		// closes the client when no other context (a parent, a child) uses it
		SharedStartupLoads.release(this);
	}

}
