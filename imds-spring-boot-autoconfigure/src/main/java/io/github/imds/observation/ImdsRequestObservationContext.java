package io.github.imds.observation;

import java.util.Objects;

import io.github.imds.client.ImdsRequestEvent;
import io.micrometer.observation.Observation;

/**
 * {@link Observation.Context} of one HTTP exchange with IMDS: the {@link ImdsRequestEvent} the client reported
 * when it ended. The event never holds a token, a body or a header value.
 *
 * @since 0.1.0
 */
public class ImdsRequestObservationContext extends Observation.Context {

	private final ImdsRequestEvent event;

	/**
	 * Creates a context for an exchange that has ended.
	 * @param event the exchange
	 */
	public ImdsRequestObservationContext(ImdsRequestEvent event) {
		this.event = Objects.requireNonNull(event, "'event' must not be null");
	}

	/**
	 * The exchange: kind, method, path, status, outcome, duration, end time, attempt and error.
	 * @return the event
	 */
	public ImdsRequestEvent getEvent() {
		return this.event;
	}

}
