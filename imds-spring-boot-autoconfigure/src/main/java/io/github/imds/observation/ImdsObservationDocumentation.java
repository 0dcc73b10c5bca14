package io.github.imds.observation;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observations of the EC2 Instance Metadata Service client.
 *
 * @since 0.1.0
 */
public enum ImdsObservationDocumentation implements ObservationDocumentation {

	/**
	 * One HTTP exchange with IMDS (each retry is its own), observed when it ends with the duration the client
	 * measured. The {@code imds.requests} timer and, with a tracing bridge, a client span follow from it.
	 */
	REQUEST {

		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultImdsRequestObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return RequestKeyNames.values();
		}

	};

	/**
	 * The low-cardinality keys of {@link #REQUEST}: the tags of the {@code imds.requests} timer. None names a
	 * path, a MAC address, a role or an instance.
	 */
	public enum RequestKeyNames implements KeyName {

		/**
		 * What the request was for: {@code token}, {@code metadata}, {@code dynamic}, {@code credentials},
		 * {@code user-data} or {@code lifecycle}.
		 */
		KIND {

			@Override
			public String asString() {
				return "kind";
			}

		},

		/**
		 * How it ended: {@code success}, {@code not-found}, {@code unauthorized}, {@code forbidden},
		 * {@code throttled}, {@code client-error}, {@code server-error}, {@code connection-refused},
		 * {@code connect-timeout}, {@code read-timeout}, {@code io-error} or {@code invalid-response}.
		 */
		OUTCOME {

			@Override
			public String asString() {
				return "outcome";
			}

		},

		/**
		 * The HTTP status, {@code 0} when no response arrived.
		 */
		STATUS {

			@Override
			public String asString() {
				return "status";
			}

		}

	}

}
