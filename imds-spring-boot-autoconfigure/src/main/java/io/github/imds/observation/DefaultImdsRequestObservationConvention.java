package io.github.imds.observation;

import io.github.imds.client.ImdsRequestEvent;
import io.github.imds.observation.ImdsObservationDocumentation.RequestKeyNames;
import io.micrometer.common.KeyValues;

/**
 * The default {@link ImdsRequestObservationConvention}: observation {@code imds.request}, contextual (span) name
 * {@code imds <kind>}, low-cardinality keys {@code kind}, {@code outcome} and {@code status}, no high-cardinality
 * keys. Extend it to add key values.
 *
 * @since 0.1.0
 */
public class DefaultImdsRequestObservationConvention implements ImdsRequestObservationConvention {

	/**
	 * The observation name.
	 */
	public static final String NAME = "imds.request";

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(ImdsRequestObservationContext context) {
		return "imds " + context.getEvent().kind().tag();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(ImdsRequestObservationContext context) {
		ImdsRequestEvent event = context.getEvent();
		return KeyValues.of(RequestKeyNames.KIND.withValue(event.kind().tag()),
				RequestKeyNames.OUTCOME.withValue(event.outcome().tag()),
				RequestKeyNames.STATUS.withValue(Integer.toString(event.status())));
	}

}
