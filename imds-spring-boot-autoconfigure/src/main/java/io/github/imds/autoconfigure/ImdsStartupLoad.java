package io.github.imds.autoconfigure;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
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
 * The metadata requests run on one short-lived daemon thread ({@value #THREAD_NAME}) while Spring goes on
 * starting: {@link #metadata()} and the other outcome accessors wait for them (never longer than
 * {@code imds.metadata.startup-timeout}). Whether IMDS is available at all is decided before, on the caller's
 * thread, so that off EC2 and with {@code imds.enabled=false} no thread is started. With
 * {@code imds.fail-fast=true} the load runs on the caller's thread, so that a failure stops startup where it
 * happens.
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
	static final String THREAD_NAME = "imds-metadata-load";

	private final ImdsClient client;

	private final ImdsClient sharedClient;

	private final ImdsRequestStatistics statistics;

	private final ImdsStartupRequests startupRequests;

	private final boolean restartable;

	private final CompletableFuture<Outcome> outcome = new CompletableFuture<>();

	private volatile @Nullable Thread loader;

	// the snapshot of the latest refresh, which replaces the startup one
	private volatile @Nullable InstanceMetadata refreshed;

	// the contexts (and starting runs) that use this load; guarded by SharedStartupLoads' lock
	private int references;

	// released before its load ended: the load's failure is then its own doing, not worth a warning
	private volatile boolean abandoned;

	private ImdsStartupLoad(ImdsClient client, boolean restartable) {
		this.client = client;
		this.sharedClient = new SharedImdsClient(client);
		this.restartable = restartable;
		// Recording from the first request on, so that /actuator/imds counts the startup token and metadata load.
		this.statistics = new ImdsRequestStatistics();
		client.addListener(this.statistics);
		// Kept for the meters and observations, which replay them once their registries exist.
		this.startupRequests = new ImdsStartupRequests();
		client.addListener(this.startupRequests);
	}

	/**
	 * What the load found: the snapshot, why there is none, and whether IMDS could not be reached.
	 * @param failed IMDS could not be reached (without fail-fast): never shared with a later run, which loads
	 * again
	 */
	private record Outcome(InstanceMetadata metadata, @Nullable String missingReason, boolean failed) {

		static Outcome loaded(InstanceMetadata metadata) {
			return new Outcome(metadata, null, false);
		}

		static Outcome missing(String reason, boolean failed) {
			return new Outcome(InstanceMetadata.empty(), reason, failed);
		}

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
	 * the outcome once; {@code whenFailed} runs when IMDS could not be reached.
	 * @throws ImdsStartupException with {@code imds.fail-fast=true} when IMDS is available but cannot be read
	 */
	static ImdsStartupLoad start(ImdsClient client, ImdsProperties properties, Log logger, boolean restartable,
			Consumer<ImdsStartupLoad> whenFailed) {
		ImdsStartupLoad load = new ImdsStartupLoad(client, restartable);
		load.outcome.whenComplete((outcome, ex) -> {
			// a defect (not an outcome of IMDS) is a failure too: no later run may share it
			if (ex != null || outcome.failed()) {
				whenFailed.accept(load);
			}
		});
		ImdsAvailability availability = client.availability();
		if (!availability.isAvailable()) {
			logger.info("No ec2.* properties: " + availability.reason());
			load.outcome.complete(Outcome.missing(availability.reason(), false));
		}
		else if (!properties.getMetadata().isEnabled()) {
			logger.info("No ec2.* properties: imds.metadata.enabled=false");
			load.outcome.complete(Outcome.missing("imds.metadata.enabled=false", false));
		}
		else if (properties.isFailFast()) {
			load.outcome.complete(load.loadMetadata(properties, logger));
		}
		else {
			load.startLoader(properties, logger);
		}
		return load;
	}

	private void startLoader(ImdsProperties properties, Log logger) {
		Thread thread = new Thread(() -> {
			try {
				this.outcome.complete(loadMetadata(properties, logger));
			}
			catch (Throwable ex) {
				// not IMDS's doing (ImdsException is an outcome): a defect, which fails startup where it is awaited
				this.outcome.completeExceptionally(ex);
			}
		}, THREAD_NAME);
		thread.setDaemon(true);
		thread.setContextClassLoader(Thread.currentThread().getContextClassLoader());
		this.loader = thread;
		thread.start();
	}

	private Outcome loadMetadata(ImdsProperties properties, Log logger) {
		long start = System.nanoTime();
		try {
			InstanceMetadata metadata = new MetadataLoader().load(this.client, options(properties));
			if (metadata.isEmpty() && !metadata.complete()) {
				// the first request never ended within the budget: IMDS is as good as unreachable
				return unreachable(properties, logger, String.join("; ", metadata.failures())
						+ " (raise imds.metadata.startup-timeout if IMDS is only slow here)", null);
			}
			logLoaded(logger, this.client, metadata, Duration.ofNanos(System.nanoTime() - start));
			return Outcome.loaded(metadata);
		}
		catch (ImdsException ex) {
			return unreachable(properties, logger, ex.getMessage(), ex);
		}
	}

	private Outcome unreachable(ImdsProperties properties, Log logger, String cause, @Nullable ImdsException exception) {
		if (properties.isFailFast()) {
			this.client.close();
			throw new ImdsStartupException(this.client.endpoint().toString(), cause, exception);
		}
		if (this.abandoned) {
			logger.debug("No ec2.* properties: the run that started the load ended before it: " + cause);
		}
		else {
			logger.warn(("No ec2.* properties: EC2 instance metadata could not be loaded from %s: %s "
					+ "(the application starts without them; set imds.fail-fast=true to stop instead)")
				.formatted(this.client.endpoint(), cause));
		}
		return Outcome.missing(cause, true);
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
	 * Whether the metadata requests have ended, so that the outcome accessors return at once.
	 */
	boolean isDone() {
		return this.outcome.isDone();
	}

	/**
	 * Waits until the metadata requests have ended and their thread is gone.
	 * @throws RuntimeException what the load threw, when it was not an outcome of IMDS
	 */
	void await() {
		outcome();
		Thread thread = this.loader;
		if (thread != null && thread != Thread.currentThread()) {
			try {
				// its last step was to complete the outcome: it ends at once
				thread.join();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private Outcome outcome() {
		try {
			return this.outcome.join();
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof RuntimeException runtime) {
				throw runtime;
			}
			if (ex.getCause() instanceof Error error) {
				throw error;
			}
			throw ex;
		}
	}

	/**
	 * Whether the load has ended with metadata or a reason for none (not with a defect, not failed to reach
	 * IMDS), so that it may stay for a devtools restart; never waits, never throws.
	 */
	boolean isLoadedWithoutFailure() {
		Outcome done = (this.outcome.isDone() && !this.outcome.isCompletedExceptionally()) ? this.outcome.join()
				: null;
		return done != null && done.missingReason() == null;
	}

	/**
	 * Whether the load has ended and a later run may share it: not with a defect, and not failed to reach IMDS
	 * (metadata off or IMDS unavailable are shared); never waits, never throws.
	 */
	boolean isShareable() {
		return this.outcome.isDone() && !this.outcome.isCompletedExceptionally() && !this.outcome.join().failed();
	}

	/**
	 * Waits until the load has ended, whatever its outcome; never throws.
	 */
	void awaitEnd() {
		try {
			this.outcome.handle((outcome, ex) -> null).join();
		}
		catch (RuntimeException ex) {
			// handle() turned every outcome into null: only a cancellation could land here
		}
	}

	/**
	 * Whether IMDS could not be reached (without fail-fast); waits for the load.
	 */
	boolean isFailed() {
		return outcome().failed();
	}

	/**
	 * Marks this load as released by every run before its requests ended, so that their failure (its client is
	 * closed now) is not reported as IMDS's.
	 */
	void abandon() {
		this.abandoned = true;
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
		return (latest != null) ? latest : outcome().metadata();
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
		return outcome().missingReason();
	}

	@Override
	public void destroy() {
		// closes the client when no other context (a parent, a child) uses it
		SharedStartupLoads.release(this);
	}

}
