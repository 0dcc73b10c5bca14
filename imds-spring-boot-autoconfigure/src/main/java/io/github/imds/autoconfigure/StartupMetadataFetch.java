package io.github.imds.autoconfigure;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import io.github.imds.client.ImdsAvailability;
import io.github.imds.client.ImdsClient;
import io.github.imds.client.ImdsException;
import io.github.imds.metadata.InstanceMetadata;
import io.github.imds.metadata.internal.MetadataLoader;
import org.apache.commons.logging.Log;
import org.jspecify.annotations.Nullable;

/**
 * The metadata requests of a startup load and their outcome, logged once.
 * <p>
 * They run on one short-lived daemon thread ({@value #THREAD_NAME}) while Spring goes on starting; the
 * accessors wait for them (never longer than {@code imds.metadata.startup-timeout}). Whether IMDS is available
 * at all is decided before, on the caller's thread, so that off EC2 and with {@code imds.enabled=false} no
 * thread is started. With {@code imds.fail-fast=true} the caller waits for them ({@link SharedStartupLoads}), so
 * that a failure stops startup where it happens; {@link #outcome()} then throws the
 * {@link ImdsStartupException}.
 */
final class StartupMetadataFetch {

	/**
	 * The name of the thread that loads the metadata; it ends with the load.
	 */
	static final String THREAD_NAME = "imds-metadata-load";

	private final ImdsClient client;

	private final CompletableFuture<Outcome> outcome = new CompletableFuture<>();

	private volatile @Nullable Thread loader;

	// released before its load ended: the load's failure is then its own doing, not worth a warning
	private volatile boolean abandoned;

	private StartupMetadataFetch(ImdsClient client, Runnable whenFailed) {
		this.client = client;
		this.outcome.whenComplete((outcome, ex) -> {
			// a defect (not an outcome of IMDS) is a failure too: no later run may share it
			if (ex != null || outcome.failed()) {
				whenFailed.run();
			}
		});
	}

	/**
	 * What the load found: the snapshot, why there is none, and whether IMDS could not be reached.
	 * @param failed IMDS could not be reached (without fail-fast): never shared with a later run, which loads
	 * again
	 */
	record Outcome(InstanceMetadata metadata, @Nullable String missingReason, boolean failed) {

		static Outcome loaded(InstanceMetadata metadata) {
			return new Outcome(metadata, null, false);
		}

		static Outcome missing(String reason, boolean failed) {
			return new Outcome(InstanceMetadata.empty(), reason, failed);
		}

	}

	/**
	 * Starts the requests with {@code client} (unless IMDS is unavailable or metadata is off); {@code whenFailed}
	 * runs when IMDS could not be reached or the load ended with a defect (or, with {@code imds.fail-fast=true},
	 * with an {@link ImdsStartupException}).
	 */
	static StartupMetadataFetch start(ImdsClient client, ImdsProperties properties, Log logger, Runnable whenFailed) {
		StartupMetadataFetch fetch = new StartupMetadataFetch(client, whenFailed);
		ImdsAvailability availability = client.availability();
		if (!availability.isAvailable()) {
			logger.info("No ec2.* properties: " + availability.reason());
			fetch.outcome.complete(Outcome.missing(availability.reason(), false));
		}
		else if (!properties.getMetadata().isEnabled()) {
			logger.info("No ec2.* properties: imds.metadata.enabled=false");
			fetch.outcome.complete(Outcome.missing("imds.metadata.enabled=false", false));
		}
		else {
			fetch.startLoader(properties, logger);
		}
		return fetch;
	}

	private void startLoader(ImdsProperties properties, Log logger) {
		Thread thread = new Thread(() -> {
			try {
				this.outcome.complete(loadMetadata(properties, logger));
			}
			catch (Throwable ex) {
				// the ImdsStartupException of imds.fail-fast=true, or a defect (an ImdsException is an outcome):
				// either fails startup where it is awaited
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
			InstanceMetadata metadata = new MetadataLoader().load(this.client, ImdsStartupLoad.options(properties));
			if (metadata.isEmpty() && !metadata.complete()) {
				// the first request never ended within the budget: IMDS is as good as unreachable
				return unreachable(properties, logger, String.join("; ", metadata.failures())
						+ " (raise imds.metadata.startup-timeout if IMDS is only slow here)", null);
			}
			logLoaded(logger, metadata, Duration.ofNanos(System.nanoTime() - start));
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

	private void logLoaded(Log logger, InstanceMetadata metadata, Duration took) {
		for (String warning : metadata.warnings()) {
			logger.warn("EC2 instance metadata: " + warning);
		}
		String instance = metadata.instanceId().orElse("unknown instance");
		if (metadata.failures().isEmpty()) {
			logger.info("Loaded %d ec2.* properties for %s from %s in %d ms".formatted(metadata.size(), instance,
					this.client.endpoint().uri(), took.toMillis()));
		}
		else {
			logger.warn("Loaded %d ec2.* properties for %s from %s in %d ms; %d could not be loaded: %s".formatted(
					metadata.size(), instance, this.client.endpoint().uri(), took.toMillis(),
					metadata.failures().size(), String.join("; ", metadata.failures())));
		}
	}

	boolean isDone() {
		return this.outcome.isDone();
	}

	/**
	 * Waits until the requests have ended and their thread is gone.
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

	/**
	 * The outcome; waits for it.
	 * @throws RuntimeException what the load threw, when it was not an outcome of IMDS
	 */
	Outcome outcome() {
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
	 * Whether it has ended with metadata or a reason for none (not with a defect, not failed to reach IMDS);
	 * never waits, never throws.
	 */
	boolean isLoadedWithoutFailure() {
		Outcome done = (this.outcome.isDone() && !this.outcome.isCompletedExceptionally()) ? this.outcome.join()
				: null;
		return done != null && done.missingReason() == null;
	}

	/**
	 * Whether it has ended and a later run may share it: not with a defect, and not failed to reach IMDS
	 * (metadata off or IMDS unavailable are shared); never waits, never throws.
	 */
	boolean isShareable() {
		return this.outcome.isDone() && !this.outcome.isCompletedExceptionally() && !this.outcome.join().failed();
	}

	/**
	 * Waits until it has ended, whatever its outcome; never throws.
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
	 * Marks the requests as abandoned by every run, so that their failure (the client is closed now) is not
	 * reported as IMDS's.
	 */
	void abandon() {
		this.abandoned = true;
	}

}
