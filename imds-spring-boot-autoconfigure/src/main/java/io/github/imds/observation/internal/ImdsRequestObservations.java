package io.github.imds.observation.internal;

import java.util.Objects;

import io.github.imds.client.ImdsRequestEvent;
import io.github.imds.client.ImdsRequestListener;
import io.github.imds.observation.DefaultImdsRequestObservationConvention;
import io.github.imds.observation.ImdsObservationDocumentation;
import io.github.imds.observation.ImdsRequestObservationContext;
import io.github.imds.observation.ImdsRequestObservationConvention;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * {@link ImdsRequestListener} that turns each exchange an IMDS client reports into an {@code imds.request}
 * {@link Observation}, started and stopped when the exchange has ended, on the requesting thread (so that it
 * is a child of the observation in progress there).
 * <p>
 * Micrometer's handlers measure time themselves, between start and stop; the exchange is over by then, so the
 * handlers of this project ({@link ImdsRequestMeterObservationHandler},
 * {@link ImdsRequestTracingObservationHandler}) take the time from the event instead: the client's measured
 * duration and end time.
 *
 * @since 0.1.0
 */
public class ImdsRequestObservations implements ImdsRequestListener {

	private static final ImdsRequestObservationConvention DEFAULT_CONVENTION =
			new DefaultImdsRequestObservationConvention();

	private final ObservationRegistry registry;

	private final @Nullable ImdsRequestObservationConvention convention;

	/**
	 * Creates the listener.
	 * @param registry where the observations go
	 * @param convention the convention that replaces the default, or {@code null} for the default
	 */
	public ImdsRequestObservations(ObservationRegistry registry, @Nullable ImdsRequestObservationConvention convention) {
		this.registry = Objects.requireNonNull(registry, "'registry' must not be null");
		this.convention = convention;
	}

	@Override
	public void onRequest(ImdsRequestEvent event) {
		Observation observation = ImdsObservationDocumentation.REQUEST.observation(this.convention,
				DEFAULT_CONVENTION, () -> new ImdsRequestObservationContext(event), this.registry);
		observation.start();
		if (!event.outcome().isAnswer()) {
			observation.error(new ImdsRequestFailure(event));
		}
		observation.stop();
	}

	/**
	 * The error of an observation whose exchange IMDS did not answer (no response, or an error status). No stack
	 * trace: it was not thrown.
	 */
	static final class ImdsRequestFailure extends RuntimeException {

		private static final long serialVersionUID = 1L;

		ImdsRequestFailure(ImdsRequestEvent event) {
			super("IMDS %s request ended with %s (status %d)%s".formatted(event.kind().tag(), event.outcome().tag(),
					event.status(), (event.error() != null) ? ": " + event.error() : ""), null, false, false);
		}

	}

}
