package io.github.imds.autoconfigure;

import io.github.imds.client.ImdsClient;
import io.github.imds.client.ImdsRequestListener;
import io.github.imds.observation.internal.ImdsStartupRequests;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Connects the request observations to the client once every singleton exists (so the registries are
 * configured): the startup exchanges are replayed first, then each later one is observed as it ends; each
 * exactly once. Disconnects when the context closes.
 */
final class ImdsRequestObservationRegistrar implements SmartInitializingSingleton, DisposableBean {

	private final ImdsClient client;

	private final ImdsRequestListener listener;

	private final @Nullable ImdsStartupRequests startupRequests;

	private boolean replayed;

	private boolean registered;

	ImdsRequestObservationRegistrar(ImdsClient client, ImdsRequestListener listener,
			@Nullable ImdsStartupRequests startupRequests) {
		this.client = client;
		this.listener = listener;
		this.startupRequests = startupRequests;
	}

	ImdsRequestListener listener() {
		return this.listener;
	}

	@Override
	public void afterSingletonsInstantiated() {
		if (this.startupRequests != null && this.startupRequests.replayTo(this.listener)) {
			// the recorder stays registered with the client and forwards from now on
			this.replayed = true;
			return;
		}
		this.client.addListener(this.listener);
		this.registered = true;
	}

	@Override
	public void destroy() {
		if (this.replayed && this.startupRequests != null) {
			this.startupRequests.stop();
		}
		if (this.registered) {
			this.client.removeListener(this.listener);
		}
	}

}
