package io.github.imds.observation.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.github.imds.client.ImdsRequestEvent;
import io.github.imds.client.ImdsRequestListener;
import org.jspecify.annotations.Nullable;

/**
 * {@link ImdsRequestListener} that keeps the exchanges made before any meter or observation registry exists
 * (the startup token and metadata load of the {@code ec2.*} environment post-processor) and hands them, then
 * every later exchange, to one listener once that exists, so that the startup load is observed too: each
 * exchange exactly once, in order.
 * <p>
 * At most {@value #CAPACITY} exchanges are kept; later ones before the hand-over are only counted
 * ({@link #dropped()}). Plain JDK: it is made before the application context.
 *
 * @since 0.1.0
 */
public final class ImdsStartupRequests implements ImdsRequestListener {

	/**
	 * How many exchanges are kept until the hand-over; a startup load makes a few dozen.
	 */
	public static final int CAPACITY = 1024;

	private final Object lock = new Object();

	private @Nullable List<ImdsRequestEvent> recorded = new ArrayList<>();

	private long dropped;

	private volatile @Nullable ImdsRequestListener target;

	@Override
	public void onRequest(ImdsRequestEvent event) {
		ImdsRequestListener current = this.target;
		if (current == null) {
			synchronized (this.lock) {
				current = this.target;
				if (current == null) {
					record(event);
					return;
				}
			}
		}
		current.onRequest(event);
	}

	private void record(ImdsRequestEvent event) {
		List<ImdsRequestEvent> events = this.recorded;
		if (events != null && events.size() < CAPACITY) {
			events.add(event);
		}
		else {
			this.dropped++;
		}
	}

	/**
	 * Hands the recorded exchanges to the listener, then forwards every later one to it. Only the first call
	 * does so: the startup load is replayed once.
	 * @param listener the listener
	 * @return whether this call took over; {@code false} when another listener already did (register the
	 * listener with the client directly then)
	 */
	public boolean replayTo(ImdsRequestListener listener) {
		Objects.requireNonNull(listener, "'listener' must not be null");
		synchronized (this.lock) {
			List<ImdsRequestEvent> events = this.recorded;
			if (events == null) {
				return false;
			}
			this.recorded = null;
			for (ImdsRequestEvent event : events) {
				listener.onRequest(event);
			}
			this.target = listener;
			return true;
		}
	}

	/**
	 * Stops forwarding to the listener given to {@link #replayTo}, when its registry closes; nothing is recorded
	 * any more either.
	 */
	public void stop() {
		synchronized (this.lock) {
			this.recorded = null;
			this.target = (event) -> {
			};
		}
	}

	/**
	 * How many exchanges before the hand-over were not kept, because {@value #CAPACITY} already were.
	 * @return the number
	 */
	public long dropped() {
		synchronized (this.lock) {
			return this.dropped;
		}
	}

}
