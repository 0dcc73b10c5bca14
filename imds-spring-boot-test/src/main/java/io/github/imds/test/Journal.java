package io.github.imds.test;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The requests an {@link ImdsSimulator} received, in arrival order of their responses.
 */
final class Journal {

	private final ConcurrentLinkedQueue<ImdsRequest> requests = new ConcurrentLinkedQueue<>();

	void add(ImdsRequest request) {
		this.requests.add(request);
	}

	List<ImdsRequest> requests() {
		return List.copyOf(this.requests);
	}

	void clear() {
		this.requests.clear();
	}

}
