package io.github.imds.autoconfigure;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

import io.github.imds.client.ImdsAvailability;
import io.github.imds.client.ImdsClient;
import io.github.imds.client.ImdsClientSettings;
import io.github.imds.client.ResolvedEndpoint;
import io.github.imds.metadata.internal.MetadataLoadOptions;
import org.apache.commons.logging.Log;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.Binder;

/**
 * The startup loads of this JVM, so that a child context ({@code SpringApplicationBuilder.child}) and a
 * devtools restart reuse the token and the snapshot of the run before instead of loading again.
 * <p>
 * A load is shared only with a run whose {@link Key} is equal: the same resolved endpoint, client settings,
 * availability and metadata options, so two applications against two endpoints each load their own. A load
 * is kept while a context uses it; when the last one closes it is closed and forgotten, except under devtools
 * (the run's class loader is devtools' {@code RestartClassLoader}), where the last successful load stays for
 * the next restart (one at a time). A refresh updates the kept snapshot. A load that could not reach IMDS is
 * never shared, and a run that fails before a context took its load over releases it
 * ({@link ImdsStartupFailureListener}).
 */
final class SharedStartupLoads {

	private static final String RESTART_CLASS_LOADER = "org.springframework.boot.devtools.restart.classloader.RestartClassLoader";

	private static final Object lock = new Object();

	// guarded by lock
	private static final Map<Key, ImdsStartupLoad> loads = new HashMap<>();

	private SharedStartupLoads() {
	}

	/**
	 * The load that an equal run shares, else a new one, shared from now on.
	 * @throws ImdsStartupException as {@link ImdsStartupLoad#start} does
	 */
	static ImdsStartupLoad obtain(ImdsProperties properties, Binder binder, Log logger) {
		ImdsClient client = ImdsClientFactory.create(properties, binder);
		Key key = Key.of(client, properties);
		while (true) {
			ImdsStartupLoad running;
			ImdsStartupLoad started = null;
			// held while the load starts, so that two runs starting together load once
			synchronized (lock) {
				ImdsStartupLoad shared = loads.get(key);
				if (shared == null) {
					started = start(key, client, properties, logger);
				}
				else if (shared.isShareable()) {
					// built only to compute the key: no request made, no transport to close
					client.close();
					shared.acquire();
					logger.debug("Reusing the EC2 instance metadata loaded by an earlier run in this JVM from "
							+ shared.client().endpoint().uri());
					return shared;
				}
				running = shared;
			}
			if (started != null) {
				if (properties.isFailFast()) {
					// waited for here, outside the lock, which other runs and every load's end take: throws the
					// ImdsStartupException where IMDS cannot be read
					started.await();
				}
				return started;
			}
			// A run that started at the same moment is still loading: wait for it (outside the lock, which its
			// end takes to forget a failure), then share it, or load again where it failed, as a run started
			// after it would.
			running.awaitEnd();
			synchronized (lock) {
				if (loads.get(key) == running && !running.isShareable()) {
					// ended with a failure whose forgetting has not run yet
					loads.remove(key, running);
				}
			}
		}
	}

	// guarded by lock
	private static ImdsStartupLoad start(Key key, ImdsClient client, ImdsProperties properties, Log logger) {
		// a load kept for a restart with other settings will not be used again
		closeUnused(null);
		ImdsStartupLoad load = ImdsStartupLoad.start(client, properties, logger, isRestartable(),
				(failed) -> forget(key, failed));
		load.acquire();
		if (!load.isDone() || load.isShareable()) {
			// shared while it runs; a failure stays its run's (the next run, a devtools restart once IMDS
			// answers, loads again), so it is forgotten when it fails
			loads.put(key, load);
		}
		return load;
	}

	private static void forget(Key key, ImdsStartupLoad failed) {
		synchronized (lock) {
			loads.remove(key, failed);
		}
	}

	/**
	 * Called when a context that used {@code load} closes: the last one closes the client unless the load
	 * stays for a devtools restart.
	 */
	static void release(ImdsStartupLoad load) {
		synchronized (lock) {
			if (load.release() > 0) {
				return;
			}
			if (!load.isDone()) {
				// nobody waits for it any more: closing the client ends its requests
				load.abandon();
			}
			else if (load.isRestartable() && load.isLoadedWithoutFailure()) {
				// the one load kept for the next restart: others nobody uses go
				closeUnused(load);
				return;
			}
			loads.values().remove(load);
			load.closeClient();
		}
	}

	/**
	 * Forgets and closes every load that no context uses (the ones kept for a devtools restart).
	 */
	static void clearUnused() {
		synchronized (lock) {
			closeUnused(null);
		}
	}

	// guarded by lock
	private static void closeUnused(@Nullable ImdsStartupLoad keep) {
		for (Iterator<ImdsStartupLoad> iterator = loads.values().iterator(); iterator.hasNext();) {
			ImdsStartupLoad load = iterator.next();
			if (load != keep && !load.isInUse()) {
				iterator.remove();
				load.closeClient();
			}
		}
	}

	private static boolean isRestartable() {
		ClassLoader classLoader = Thread.currentThread().getContextClassLoader();
		for (Class<?> type = (classLoader != null) ? classLoader.getClass() : null; type != null; type = type
			.getSuperclass()) {
			if (type.getName().equals(RESTART_CLASS_LOADER)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * What two runs must have in common to share a load.
	 */
	record Key(ResolvedEndpoint endpoint, ImdsAvailability.State availability, ImdsClientSettings settings,
			boolean metadataEnabled, MetadataLoadOptions options, boolean failFast) {

		static Key of(ImdsClient client, ImdsProperties properties) {
			return new Key(client.endpoint(), client.availability().state(), client.settings(),
					properties.getMetadata().isEnabled(), ImdsStartupLoad.options(properties), properties.isFailFast());
		}

	}

}
