package io.github.imds.observation.internal;

import java.util.Objects;

import io.github.imds.observation.ImdsRequestObservationContext;
import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.MeterObservationHandler;
import io.micrometer.observation.Observation;

/**
 * {@link MeterObservationHandler} that records {@code imds.request} observations in the {@code imds.requests}
 * timer, tagged with the observation's low-cardinality key values ({@code kind}, {@code outcome},
 * {@code status} by default) and timed with the duration the client measured.
 * <p>
 * Micrometer's {@code DefaultMeterObservationHandler} would time the instant between start and stop, which
 * comes after the exchange has ended; ordered before it, this handler is the first match for
 * {@link ImdsRequestObservationContext} and the default one never sees these observations.
 *
 * @since 0.1.0
 */
public class ImdsRequestMeterObservationHandler implements MeterObservationHandler<ImdsRequestObservationContext> {

	/**
	 * The timer name.
	 */
	public static final String TIMER_NAME = "imds.requests";

	private final MeterRegistry registry;

	/**
	 * Creates the handler.
	 * @param registry where the timer goes
	 */
	public ImdsRequestMeterObservationHandler(MeterRegistry registry) {
		this.registry = Objects.requireNonNull(registry, "'registry' must not be null");
	}

	@Override
	public void onStop(ImdsRequestObservationContext context) {
		Tags tags = Tags.empty();
		for (KeyValue keyValue : context.getLowCardinalityKeyValues()) {
			tags = tags.and(keyValue.getKey(), keyValue.getValue());
		}
		Timer.builder(TIMER_NAME)
			.description("HTTP requests to the EC2 Instance Metadata Service")
			.tags(tags)
			.register(this.registry)
			.record(context.getEvent().duration());
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof ImdsRequestObservationContext;
	}

}
