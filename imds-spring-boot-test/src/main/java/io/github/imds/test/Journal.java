package io.github.imds.test;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The requests an {@link ImdsSimulator} received, in arrival order of their responses.
 */
final class Journal {

	private final ConcurrentLinkedQueue<ImdsRequest> requests = new ConcurrentLinkedQueue<>();

	private final List<Consumer<ImdsRequest>> listeners = new CopyOnWriteArrayList<>();

	void add(ImdsRequest request) {
		this.requests.add(request);
		this.listeners.forEach((listener) -> listener.accept(request));
	}

	void listen(Consumer<ImdsRequest> listener) {
		this.listeners.add(listener);
	}

	List<ImdsRequest> requests() {
		return List.copyOf(this.requests);
	}

	void clear() {
		this.requests.clear();
	}

}
