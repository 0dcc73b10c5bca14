package io.github.imds.observation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.imds.client.RequestKind;
import io.github.imds.client.RequestOutcome;
import io.github.imds.observation.internal.ImdsRequestMeterObservationHandler;
import io.github.imds.observation.internal.ImdsRequestObservations;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ImdsRequestObservations}, {@link DefaultImdsRequestObservationConvention} and
 * {@link ImdsRequestMeterObservationHandler}.
 */
class ImdsRequestObservationsTests {

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	@Test
	void timerHasTheMeasuredDurationsAndTheDefaultMeterHandlerDoesNotSeeTheObservations() {
		// as Spring Boot registers the meter handlers: first match wins, ours ordered first
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig()
			.observationHandler(new ObservationHandler.FirstMatchingCompositeObservationHandler(
					new ImdsRequestMeterObservationHandler(this.meters), new DefaultMeterObservationHandler(this.meters)));
		ImdsRequestObservations observations = new ImdsRequestObservations(registry, null);
		observations.onRequest(Events.success(RequestKind.METADATA, Duration.ofMillis(7)));
		observations.onRequest(Events.success(RequestKind.METADATA, Duration.ofMillis(11)));
		observations.onRequest(Events.event(RequestKind.TOKEN, RequestOutcome.READ_TIMEOUT, 0, Duration.ofMillis(300)));
		Timer metadata = this.meters.get("imds.requests")
			.tags("kind", "metadata", "outcome", "success", "status", "200")
			.timer();
		assertThat(metadata.count()).isEqualTo(2);
		assertThat(metadata.totalTime(TimeUnit.NANOSECONDS)).isEqualTo(Duration.ofMillis(18).toNanos());
		assertThat(metadata.getId().getTags()).hasSize(3);
		Timer token = this.meters.get("imds.requests")
			.tags("kind", "token", "outcome", "read-timeout", "status", "0")
			.timer();
		assertThat(token.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(300.0);
		assertThat(this.meters.find("imds.request").meters()).isEmpty();
		assertThat(this.meters.find("imds.request.active").meters()).isEmpty();
	}

	@Test
	void observationIsNamedAndTaggedByTheDefaultConvention() {
		TestObservationRegistry registry = TestObservationRegistry.create();
		new ImdsRequestObservations(registry, null)
			.onRequest(Events.success(RequestKind.CREDENTIALS, Duration.ofMillis(3)));
		TestObservationRegistryAssert.assertThat(registry)
			.hasSingleObservationThat()
			.hasNameEqualTo("imds.request")
			.hasContextualNameEqualTo("imds credentials")
			.hasLowCardinalityKeyValue("kind", "credentials")
			.hasLowCardinalityKeyValue("outcome", "success")
			.hasLowCardinalityKeyValue("status", "200")
			.doesNotHaveError()
			.hasBeenStarted()
			.hasBeenStopped();
	}

	@Test
	void keyValuesNeverNameThePathTheRoleOrTheMac() {
		List<Observation.Context> contexts = new ArrayList<>();
		ImdsRequestObservations observations = new ImdsRequestObservations(recording(contexts), null);
		observations.onRequest(Events.success(RequestKind.CREDENTIALS, Duration.ofMillis(3)));
		observations.onRequest(Events.success(RequestKind.METADATA, Duration.ofMillis(3)));
		assertThat(contexts).hasSize(2).allSatisfy((context) -> {
			assertThat(context.getHighCardinalityKeyValues()).isEmpty();
			assertThat(context.getLowCardinalityKeyValues()).extracting(KeyValue::getKey)
				.containsExactly("kind", "outcome", "status");
			assertThat(context.getLowCardinalityKeyValues()).extracting(KeyValue::getValue)
				.noneMatch((value) -> value.contains("/") || value.contains("sample-role") || value.contains(":"));
		});
	}

	@Test
	void unansweredExchangeIsAnErrorAndNotFoundIsNot() {
		List<Observation.Context> contexts = new ArrayList<>();
		ImdsRequestObservations observations = new ImdsRequestObservations(recording(contexts), null);
		observations.onRequest(Events.event(RequestKind.METADATA, RequestOutcome.NOT_FOUND, 404, Duration.ofMillis(1)));
		observations.onRequest(Events.event(RequestKind.TOKEN, RequestOutcome.READ_TIMEOUT, 0, Duration.ofMillis(300)));
		assertThat(contexts.get(0).getError()).isNull();
		assertThat(contexts.get(1).getError()).hasMessage(
				"IMDS token request ended with read-timeout (status 0): no response within 300 ms");
		assertThat(contexts.get(1).getError().getStackTrace()).isEmpty();
	}

	@Test
	void conventionBeanReplacesTheDefaultAndTheTimerFollowsItsTags() {
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig().observationHandler(new ImdsRequestMeterObservationHandler(this.meters));
		ImdsRequestObservationConvention kindOnly = new DefaultImdsRequestObservationConvention() {

			@Override
			public KeyValues getLowCardinalityKeyValues(ImdsRequestObservationContext context) {
				return KeyValues.of("kind", context.getEvent().kind().tag());
			}

		};
		new ImdsRequestObservations(registry, kindOnly).onRequest(Events.success(RequestKind.TOKEN, Duration.ofMillis(2)));
		assertThat(this.meters.get("imds.requests").timer().getId().getTags()).extracting("key").containsExactly("kind");
	}

	private static ObservationRegistry recording(List<Observation.Context> contexts) {
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig().observationHandler(new ObservationHandler<>() {

			@Override
			public void onStop(Observation.Context context) {
				contexts.add(context);
			}

			@Override
			public boolean supportsContext(Observation.Context context) {
				return true;
			}

		});
		return registry;
	}

}
