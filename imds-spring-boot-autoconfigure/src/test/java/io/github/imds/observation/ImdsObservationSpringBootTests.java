package io.github.imds.observation;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.github.imds.client.ImdsClient;
import io.github.imds.client.ImdsRequestEvent;
import io.github.imds.client.internal.ImdsRequestStatistics;
import io.github.imds.lifecycle.SpotInterruption;
import io.github.imds.lifecycle.SpotInterruptionEvent;
import io.github.imds.test.EnableImdsSimulator;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code imds.request} observations in a whole application with a {@link TestObservationRegistry}, against
 * the IMDS simulator: the startup load (made by the environment post-processor, before any registry existed)
 * is observed and in the {@code imds.requests} timer exactly once, later requests follow, the lifecycle notice
 * counter counts published notices and the common tags carry region and zone. Credentials and the lifecycle
 * poller are off so that no request runs in the background while counts are compared.
 */
// generous budgets: the assertions need the whole startup load, also on a loaded machine
@SpringBootTest(properties = { "imds.credentials.enabled=false", "imds.lifecycle.enabled=false",
		"imds.metrics.common-tags=true", "imds.metadata.startup-timeout=30s", "imds.read-timeout=10s" })
@EnableImdsSimulator
class ImdsObservationSpringBootTests {

	@Autowired
	TestObservationRegistry observations;

	@Autowired
	MeterRegistry meters;

	@Autowired
	ImdsRequestStatistics statistics;

	@Autowired
	ImdsClient client;

	@Autowired
	RecordingHandler recorded;

	@Test
	void startupLoadIsObservedAndTimedOnce() {
		// the first request of the run is the startup token PUT, made before the context existed
		TestObservationRegistryAssert.assertThat(this.observations)
			.hasNumberOfObservationsWithNameEqualTo("imds.request", (int) this.statistics.total())
			.hasObservationWithNameEqualTo("imds.request")
			.that()
			.hasContextualNameEqualTo("imds token")
			.hasLowCardinalityKeyValue("kind", "token");
		assertThat(timed("token")).isEqualTo(this.recorded.count("token")).isPositive();
		assertThat(timed("metadata")).isEqualTo(this.recorded.count("metadata")).isGreaterThan(10);
		assertThat(timedRequests()).isEqualTo(this.statistics.total());
		// Micrometer's default handler never saw these observations: no timer named after the observation
		assertThat(this.meters.find("imds.request").meters()).isEmpty();
		assertThat(this.meters.find("imds.request.active").meters()).isEmpty();
	}

	@Test
	void laterRequestsAreObservedAsTheyEnd() {
		long before = timedRequests();
		assertThat(this.client.get("/latest/meta-data/instance-id")).isPresent();
		assertThat(timedRequests()).isGreaterThan(before).isEqualTo(this.statistics.total());
		TestObservationRegistryAssert.assertThat(this.observations)
			.hasNumberOfObservationsWithNameEqualTo("imds.request", (int) this.statistics.total());
	}

	@Test
	void timerHoldsTheDurationsTheClientMeasured() {
		// replayed later, the startup requests are timed with their own durations, not the instant of the replay
		for (String kind : new String[] { "token", "metadata", "dynamic" }) {
			double timed = this.meters.get("imds.requests")
				.tags("kind", kind)
				.timers()
				.stream()
				.mapToDouble((timer) -> timer.totalTime(TimeUnit.NANOSECONDS))
				.sum();
			assertThat((long) timed).as(kind).isEqualTo(this.recorded.nanos(kind)).isPositive();
		}
	}

	@Test
	void lifecycleNoticesAreCountedByKind(@Autowired ApplicationEventPublisher publisher) {
		double before = this.meters.get("imds.lifecycle.notices").tag("kind", "spot-interruption").functionCounter()
			.count();
		publisher.publishEvent(new SpotInterruptionEvent(this,
				new SpotInterruption("terminate", Instant.parse("2026-01-01T00:02:00Z"))));
		assertThat(this.meters.get("imds.lifecycle.notices").tag("kind", "spot-interruption").functionCounter().count())
			.isEqualTo(before + 1);
		assertThat(this.meters.get("imds.lifecycle.notices").tag("kind", "rebalance-recommendation")
			.functionCounter()
			.count()).isZero();
	}

	@Test
	void commonTagsCarryRegionAndZone() {
		assertThat(this.meters.get("imds.requests").tags("kind", "token").timer().getId().getTag("cloud.region"))
			.isEqualTo("us-east-1");
		assertThat(this.meters.get("imds.token.expiry").gauge().getId().getTag("cloud.availability_zone"))
			.isEqualTo("us-east-1a");
	}

	private long timed(String kind) {
		return this.meters.get("imds.requests").tags("kind", kind).timers().stream().mapToLong(Timer::count).sum();
	}

	private long timedRequests() {
		return this.meters.get("imds.requests").timers().stream().mapToLong(Timer::count).sum();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class TestApplication {

		@Bean
		TestObservationRegistry observationRegistry() {
			return TestObservationRegistry.create();
		}

		@Bean
		RecordingHandler recordingHandler() {
			return new RecordingHandler();
		}

	}

	/**
	 * Sees the same observations as the timer's handler, with the events the client reported.
	 */
	static class RecordingHandler implements ObservationHandler<ImdsRequestObservationContext> {

		private final List<ImdsRequestEvent> events = new CopyOnWriteArrayList<>();

		@Override
		public void onStop(ImdsRequestObservationContext context) {
			this.events.add(context.getEvent());
		}

		@Override
		public boolean supportsContext(Observation.Context context) {
			return context instanceof ImdsRequestObservationContext;
		}

		long count(String kind) {
			return this.events.stream().filter((event) -> event.kind().tag().equals(kind)).count();
		}

		long nanos(String kind) {
			return this.events.stream()
				.filter((event) -> event.kind().tag().equals(kind))
				.mapToLong((event) -> event.duration().toNanos())
				.sum();
		}

	}

}
