package io.github.imds.lifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.github.imds.client.AwsSdkSettings;
import io.github.imds.client.ImdsClient;
import io.github.imds.client.PlatformDetectionMode;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.context.ApplicationEventPublisher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for the lifecycle's values: the events and their {@code toString()}, {@link SpotInterruption}, and the
 * settings the {@link InstanceLifecyclePollerBuilder} accepts.
 */
class LifecycleValuesTests {

	private static final Instant TIME = Instant.parse("2026-01-21T09:00:00Z");

	private final Object source = new Object();

	@ParameterizedTest
	@CsvSource({ "terminate, true", "stop, true", "hibernate, true", "rebalance, false", "Terminate, false" })
	void spotActionIsATerminationWhenItEndsTheInstance(String action, boolean termination) {
		assertThat(new SpotInterruption(action, TIME).isTermination()).isEqualTo(termination);
	}

	@Test
	void spotInterruptionNeedsAnActionAndATime() {
		assertThatIllegalArgumentException().isThrownBy(() -> new SpotInterruption(" ", TIME))
			.withMessageContaining("'action'");
		assertThatIllegalArgumentException().isThrownBy(() -> new SpotInterruption("stop", nullValue()))
			.withMessage("'time' must not be null");
	}

	@Test
	void builderRefusesNullSettingsNamingThem() {
		try (ImdsClient client = client()) {
			ApplicationEventPublisher publisher = (event) -> {
			};
			assertThatIllegalArgumentException().isThrownBy(() -> InstanceLifecyclePoller.builder(nullValue(), publisher))
				.withMessage("'client' must not be null");
			assertThatIllegalArgumentException().isThrownBy(() -> InstanceLifecyclePoller.builder(client, nullValue()))
				.withMessage("'publisher' must not be null");
			InstanceLifecyclePollerBuilder builder = InstanceLifecyclePoller.builder(client, publisher);
			assertThatIllegalArgumentException().isThrownBy(() -> builder.pollInterval(nullValue()))
				.withMessage("'pollInterval' must not be null");
			assertThatIllegalArgumentException().isThrownBy(() -> builder.instanceLifeCycleSource(nullValue()))
				.withMessage("'instanceLifeCycle' must not be null");
			assertThatIllegalArgumentException().isThrownBy(() -> builder.availability(nullValue()))
				.withMessage("'availability' must not be null");
			assertThatIllegalArgumentException().isThrownBy(() -> builder.clock(nullValue()))
				.withMessage("'clock' must not be null");
		}
	}

	/** {@code null} where the API says non-null, to check that it is refused. */
	@SuppressWarnings({ "NullAway", "unchecked" })
	private static <T> T nullValue() {
		return (T) NULL;
	}

	private static final @Nullable Object NULL = null;

	@Test
	void spotInterruptionEventShowsItsNotice() {
		SpotInterruptionEvent event = new SpotInterruptionEvent(this.source, new SpotInterruption("stop", TIME));
		assertThat(event.getSource()).isSameAs(this.source);
		assertThat(event.getInterruption()).isEqualTo(new SpotInterruption("stop", TIME));
		assertThat(event.getAction()).isEqualTo("stop");
		assertThat(event.getTime()).isEqualTo(TIME);
		assertThat(event).hasToString("SpotInterruptionEvent[action=stop, time=2026-01-21T09:00:00Z]");
	}

	@Test
	void rebalanceRecommendationEventShowsItsNoticeTime() {
		RebalanceRecommendationEvent event = new RebalanceRecommendationEvent(this.source, TIME);
		assertThat(event.getNoticeTime()).isEqualTo(TIME);
		assertThat(event).hasToString("RebalanceRecommendationEvent[noticeTime=2026-01-21T09:00:00Z]");
	}

	@Test
	void targetLifecycleStateChangedEventShowsBothStates() {
		TargetLifecycleStateChangedEvent event = new TargetLifecycleStateChangedEvent(this.source, "InService",
				"Terminated");
		assertThat(event.getPrevious()).isEqualTo("InService");
		assertThat(event.getCurrent()).isEqualTo("Terminated");
		assertThat(event).hasToString("TargetLifecycleStateChangedEvent[previous=InService, current=Terminated]");
	}

	@Test
	void scheduledMaintenanceEventHoldsACopyOfTheList() {
		ScheduledMaintenance reboot = new ScheduledMaintenance("system-reboot", "scheduled reboot", "active",
				"instance-event-1", TIME, TIME.plusSeconds(7200), null);
		List<ScheduledMaintenance> list = new ArrayList<>(List.of(reboot));
		ScheduledMaintenanceEvent event = new ScheduledMaintenanceEvent(this.source, list);
		list.clear();
		assertThat(event.getEvents()).containsExactly(reboot).isUnmodifiable();
		assertThat(event.toString()).startsWith("ScheduledMaintenanceEvent[events=[ScheduledMaintenance[code=system-reboot")
			.endsWith("]]");
	}

	@Test
	void builderKeepsItsSettings() {
		try (ImdsClient client = client()) {
			InstanceLifecyclePoller poller = InstanceLifecyclePoller.builder(client, (event) -> {
			}).pollInterval(Duration.ofMillis(1)).drainOnTermination(false).build();
			assertThat(poller.getPollInterval()).isEqualTo(Duration.ofMillis(1));
			assertThat(poller.isDrainOnTermination()).isFalse();
			InstanceLifecyclePoller defaults = InstanceLifecyclePoller.builder(client, (event) -> {
			}).build();
			assertThat(defaults.getPollInterval()).isEqualTo(Duration.ofSeconds(5));
			assertThat(defaults.isDrainOnTermination()).isTrue();
			assertThat(defaults.isRunning()).isFalse();
		}
	}

	@Test
	void builderRefusesAPollIntervalBelowOneMillisecond() {
		try (ImdsClient client = client()) {
			assertThatIllegalArgumentException()
				.isThrownBy(() -> InstanceLifecyclePoller.builder(client, (event) -> {
				}).pollInterval(Duration.ofNanos(999_999)))
				.withMessage("'pollInterval' must be at least 1ms, was 'PT0.000999999S'");
		}
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', nullValues = "null", textBlock = """
			spot       | spot
			' spot '   | spot
			'  '       | null
			null       | null
			""")
	void builderTrimsTheKnownLifeCycleAndTakesBlankForUnknown(String given, String expected) {
		try (ImdsClient client = client()) {
			InstanceLifecyclePoller poller = InstanceLifecyclePoller.builder(client, (event) -> {
			}).instanceLifeCycle(given).build();
			assertThat(poller.status().instanceLifeCycle()).isEqualTo(expected);
		}
	}

	private static ImdsClient client() {
		// never started nor polled: no request is sent
		return ImdsClient.builder()
			.endpoint("http://127.0.0.1:1")
			.platformDetection(PlatformDetectionMode.OFF)
			.sdkSettings(AwsSdkSettings.none())
			.build();
	}

}
