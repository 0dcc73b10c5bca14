package io.github.imds.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * {@link ObservationConvention} for IMDS requests. Define a bean of this type to change the name or the key
 * values of the {@code imds.request} observation; the default is {@link DefaultImdsRequestObservationConvention}.
 * The low-cardinality key values become the tags of the {@code imds.requests} timer: keep them bounded (never a
 * path, which may hold a MAC address or a role name, nor an instance id).
 *
 * @since 0.1.0
 */
public interface ImdsRequestObservationConvention extends ObservationConvention<ImdsRequestObservationContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof ImdsRequestObservationContext;
	}

}
