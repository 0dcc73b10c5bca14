package io.github.imds.observation.internal;

import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import io.github.imds.client.ImdsRequestEvent;
import io.github.imds.observation.ImdsRequestObservationContext;
import io.micrometer.observation.Observation;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.TracingObservationHandler;

/**
 * {@link TracingObservationHandler} that makes each {@code imds.request} observation a client span which starts
 * and ends when the exchange did (from the event's end time and measured duration), as a child of the span in
 * progress on the requesting thread. Micrometer's default tracing handler would stamp the instant of the
 * observation instead, after the exchange; ordered before it, this handler is the first match.
 *
 * @since 0.1.0
 */
public class ImdsRequestTracingObservationHandler implements TracingObservationHandler<ImdsRequestObservationContext> {

	private final Tracer tracer;

	/**
	 * Creates the handler.
	 * @param tracer the tracer
	 */
	public ImdsRequestTracingObservationHandler(Tracer tracer) {
		this.tracer = Objects.requireNonNull(tracer, "'tracer' must not be null");
	}

	@Override
	public void onStart(ImdsRequestObservationContext context) {
		ImdsRequestEvent event = context.getEvent();
		Span.Builder builder = this.tracer.spanBuilder().name(getSpanName(context)).kind(Span.Kind.CLIENT);
		Span parent = getParentSpan(context);
		if (parent != null) {
			builder.setParent(parent.context());
		}
		Span span = builder.startTimestamp(epochNanos(event.at().minus(event.duration())), TimeUnit.NANOSECONDS)
			.start();
		getTracingContext(context).setSpan(span);
	}

	@Override
	public void onStop(ImdsRequestObservationContext context) {
		Span span = getRequiredSpan(context);
		tagSpan(context, span);
		span.name(getSpanName(context));
		span.end(epochNanos(context.getEvent().at()), TimeUnit.NANOSECONDS);
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof ImdsRequestObservationContext;
	}

	@Override
	public Tracer getTracer() {
		return this.tracer;
	}

	private static long epochNanos(Instant instant) {
		return TimeUnit.SECONDS.toNanos(instant.getEpochSecond()) + instant.getNano();
	}

}
