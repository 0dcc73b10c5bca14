package io.github.imds.lifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import io.github.imds.testsupport.MutableClock;
import io.github.imds.client.AwsSdkSettings;
import io.github.imds.client.ImdsClient;
import io.github.imds.client.PlatformDetectionMode;
import io.github.imds.test.EnableImdsSimulator;
import io.github.imds.test.ImdsSimulator;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link InstanceLifecyclePoller}, driven through {@link InstanceLifecyclePoller#pollOnce()} against
 * the IMDS simulator, with a clock that only the test moves.
 */
@EnableImdsSimulator
class InstanceLifecyclePollerTests {

	private static final Duration POLL_INTERVAL = Duration.ofSeconds(5);

	private static final Instant NOTICE_TIME = Instant.parse("2026-01-21T09:00:00Z");

	private final MutableClock clock = new MutableClock(Instant.parse("2026-01-21T08:58:00Z"));

	private final List<Object> events = new CopyOnWriteArrayList<>();

	private ImdsSimulator imds;

	private ImdsClient client;

	@BeforeEach
	void setUp(ImdsSimulator imds) {
		this.imds = imds;
		this.client = ImdsClient.builder()
			.endpoint(imds.endpoint())
			.platformDetection(PlatformDetectionMode.OFF)
			.sdkSettings(AwsSdkSettings.none())
			.maxAttempts(1)
			.build();
	}

	@AfterEach
	void tearDown() {
		this.client.close();
	}

	@Test
	void spotNoticeIsPublishedOnceNotOncePerPoll() {
		this.imds.lifeCycle("spot");
		InstanceLifecyclePoller poller = poller(true, null);
		poller.pollOnce();
		assertThat(this.events).isEmpty();
		this.imds.spotInterruption("terminate", NOTICE_TIME);
		for (int i = 0; i < 3; i++) {
			this.clock.advance(POLL_INTERVAL);
			poller.pollOnce();
		}
		assertThat(events(SpotInterruptionEvent.class)).singleElement().satisfies((event) -> {
			assertThat(event.getAction()).isEqualTo("terminate");
			assertThat(event.getTime()).isEqualTo(NOTICE_TIME);
			assertThat(event.getSource()).isSameAs(poller);
		});
		assertThat(this.imds.count("GET", "spot/instance-action")).isEqualTo(4);
		assertThat(poller.status().spotInterruption()).isEqualTo(new SpotInterruption("terminate", NOTICE_TIME));
	}

	@Test
	void terminationNoticeRefusesTrafficOnce() {
		this.imds.lifeCycle("spot").spotInterruption("stop", NOTICE_TIME);
		InstanceLifecyclePoller poller = poller(true, null);
		poller.pollOnce();
		this.imds.spotInterruption("terminate", NOTICE_TIME.plusSeconds(60)).targetLifecycleState("Terminated");
		poller.pollOnce();
		poller.pollOnce();
		assertThat(events(SpotInterruptionEvent.class)).extracting(SpotInterruptionEvent::getAction)
			.containsExactly("stop", "terminate");
		assertThat(readinessEvents()).containsExactly(ReadinessState.REFUSING_TRAFFIC);
		LifecycleStatus state = poller.status();
		assertThat(state.drainTriggered()).isTrue();
		assertThat(state.drainReason()).contains("stop");
	}

	@Test
	void hibernateNoticeRefusesTraffic() {
		this.imds.lifeCycle("spot").spotInterruption("hibernate", NOTICE_TIME);
		poller(true, null).pollOnce();
		assertThat(readinessEvents()).containsExactly(ReadinessState.REFUSING_TRAFFIC);
	}

	@Test
	void drainOffLeavesReadinessAlone() {
		this.imds.lifeCycle("spot").spotInterruption("terminate", NOTICE_TIME).targetLifecycleState("Terminated");
		InstanceLifecyclePoller poller = poller(false, null);
		poller.pollOnce();
		assertThat(events(SpotInterruptionEvent.class)).hasSize(1);
		assertThat(events(TargetLifecycleStateChangedEvent.class)).hasSize(1);
		assertThat(readinessEvents()).isEmpty();
		assertThat(poller.status().drainTriggered()).isFalse();
	}

	@Test
	void rebalanceRecommendationIsPublishedOncePerNoticeTime() {
		this.imds.lifeCycle("spot").rebalanceRecommendation(NOTICE_TIME);
		InstanceLifecyclePoller poller = poller(true, null);
		poller.pollOnce();
		poller.pollOnce();
		this.imds.rebalanceRecommendation(NOTICE_TIME.plusSeconds(600));
		poller.pollOnce();
		poller.pollOnce();
		assertThat(events(RebalanceRecommendationEvent.class)).extracting(RebalanceRecommendationEvent::getNoticeTime)
			.containsExactly(NOTICE_TIME, NOTICE_TIME.plusSeconds(600));
		assertThat(readinessEvents()).isEmpty();
		assertThat(poller.status().rebalanceRecommendation()).isEqualTo(NOTICE_TIME.plusSeconds(600));
	}

	@Test
	void targetLifecycleStateIsPublishedOnChange() {
		this.imds.targetLifecycleState("InService");
		InstanceLifecyclePoller poller = poller(true, null);
		poller.pollOnce();
		poller.pollOnce();
		assertThat(readinessEvents()).isEmpty();
		this.imds.targetLifecycleState("Terminated");
		poller.pollOnce();
		poller.pollOnce();
		assertThat(events(TargetLifecycleStateChangedEvent.class)).extracting(
				TargetLifecycleStateChangedEvent::getPrevious, TargetLifecycleStateChangedEvent::getCurrent)
			.containsExactly(tuple(null, "InService"),
					tuple("InService", "Terminated"));
		assertThat(readinessEvents()).containsExactly(ReadinessState.REFUSING_TRAFFIC);
		assertThat(poller.status().targetLifecycleState()).isEqualTo("Terminated");
		assertThat(poller.status().inAutoScalingGroup()).isTrue();
	}

	@Test
	void warmedTerminatedDoesNotRefuseTraffic() {
		this.imds.targetLifecycleState("Warmed:Terminated");
		poller(true, null).pollOnce();
		assertThat(events(TargetLifecycleStateChangedEvent.class)).hasSize(1);
		assertThat(readinessEvents()).isEmpty();
	}

	@Test
	void targetLifecycleStateIsPolledEveryPollWhileItAnswers() {
		this.imds.targetLifecycleState("InService");
		InstanceLifecyclePoller poller = poller(true, null);
		poller.pollOnce();
		poller.pollOnce();
		poller.pollOnce();
		assertThat(this.imds.count("GET", "autoscaling/target-lifecycle-state")).isEqualTo(3);
	}

	@Test
	void notInAutoScalingGroupSlowsTargetStatePolling() {
		InstanceLifecyclePoller poller = poller(true, null);
		poller.pollOnce();
		this.clock.advance(POLL_INTERVAL);
		poller.pollOnce();
		this.clock.advance(POLL_INTERVAL);
		poller.pollOnce();
		assertThat(this.imds.count("GET", "autoscaling/target-lifecycle-state")).isEqualTo(1);
		assertThat(poller.status().inAutoScalingGroup()).isFalse();
		this.imds.targetLifecycleState("InService");
		this.clock.advance(InstanceLifecyclePoller.NOT_IN_GROUP_INTERVAL);
		poller.pollOnce();
		assertThat(this.imds.count("GET", "autoscaling/target-lifecycle-state")).isEqualTo(2);
		assertThat(events(TargetLifecycleStateChangedEvent.class)).singleElement()
			.extracting(TargetLifecycleStateChangedEvent::getCurrent)
			.isEqualTo("InService");
		poller.pollOnce();
		assertThat(this.imds.count("GET", "autoscaling/target-lifecycle-state")).isEqualTo(3);
	}

	@Test
	void onDemandInstanceNeverPollsSpotPaths() {
		InstanceLifecyclePoller poller = poller(true, null);
		for (int i = 0; i < 5; i++) {
			poller.pollOnce();
			this.clock.advance(POLL_INTERVAL);
		}
		assertThat(this.imds.count("GET", "instance-life-cycle")).isEqualTo(1);
		assertThat(this.imds.count("GET", "spot/instance-action")).isZero();
		assertThat(this.imds.count("GET", "events/recommendations/rebalance")).isZero();
		assertThat(poller.status().instanceLifeCycle()).isEqualTo("on-demand");
	}

	@Test
	void knownLifeCycleIsNotRequested() {
		InstanceLifecyclePoller poller = poller(true, "spot");
		poller.pollOnce();
		assertThat(this.imds.count("GET", "instance-life-cycle")).isZero();
		assertThat(this.imds.count("GET", "spot/instance-action")).isEqualTo(1);
		assertThat(this.imds.count("GET", "events/recommendations/rebalance")).isEqualTo(1);
	}

	@Test
	void onePollSendsOneRequestPerPath() {
		this.imds.lifeCycle("spot").targetLifecycleState("InService");
		poller(true, null).pollOnce();
		assertThat(this.imds.requests()).filteredOn((request) -> request.method().equals("GET"))
			.extracting((request) -> request.path())
			.containsExactlyInAnyOrder("/latest/meta-data/instance-life-cycle",
					"/latest/meta-data/spot/instance-action", "/latest/meta-data/events/recommendations/rebalance",
					"/latest/meta-data/autoscaling/target-lifecycle-state",
					"/latest/meta-data/events/maintenance/scheduled");
	}

	@Test
	void scheduledMaintenanceIsPolledRarely() {
		InstanceLifecyclePoller poller = poller(true, null);
		poller.pollOnce();
		this.clock.advance(POLL_INTERVAL);
		poller.pollOnce();
		assertThat(this.imds.count("GET", "events/maintenance/scheduled")).isEqualTo(1);
		this.clock.advance(InstanceLifecyclePoller.MAINTENANCE_INTERVAL);
		poller.pollOnce();
		assertThat(this.imds.count("GET", "events/maintenance/scheduled")).isEqualTo(2);
	}

	@Test
	void scheduledMaintenanceIsPublishedOncePerDistinctSetOfEvents() {
		Instant notBefore = Instant.parse("2026-01-25T09:00:00Z");
		Instant notAfter = Instant.parse("2026-01-25T11:00:00Z");
		InstanceLifecyclePoller poller = poller(true, null);
		poller.pollOnce();
		assertThat(events(ScheduledMaintenanceEvent.class)).isEmpty();
		this.imds.scheduledMaintenance("system-reboot", "scheduled reboot", notBefore, notAfter);
		this.clock.advance(InstanceLifecyclePoller.MAINTENANCE_INTERVAL);
		poller.pollOnce();
		this.clock.advance(InstanceLifecyclePoller.MAINTENANCE_INTERVAL);
		poller.pollOnce();
		assertThat(events(ScheduledMaintenanceEvent.class)).singleElement().satisfies((event) -> {
			assertThat(event.getEvents()).singleElement().satisfies((maintenance) -> {
				assertThat(maintenance.code()).isEqualTo("system-reboot");
				assertThat(maintenance.description()).isEqualTo("scheduled reboot");
				assertThat(maintenance.state()).isEqualTo("active");
				assertThat(maintenance.eventId()).startsWith("instance-event-");
				assertThat(maintenance.notBefore()).isEqualTo(notBefore);
				assertThat(maintenance.notAfter()).isEqualTo(notAfter);
				assertThat(maintenance.notBeforeDeadline()).isNotNull();
			});
		});
		this.imds.scheduledMaintenance("instance-stop", "scheduled stop", notBefore, notAfter);
		this.clock.advance(InstanceLifecyclePoller.MAINTENANCE_INTERVAL);
		poller.pollOnce();
		assertThat(events(ScheduledMaintenanceEvent.class)).hasSize(2).last()
			.satisfies((event) -> assertThat(event.getEvents()).hasSize(2));
		assertThat(poller.status().scheduledMaintenance()).hasSize(2);
		assertThat(readinessEvents()).isEmpty();
	}

	@Test
	void scheduledMaintenanceTimesAreParsedFromImdsFormat() {
		this.imds.metadata("events/maintenance/scheduled", """
				[{"NotBefore":"21 Jan 2026 09:00:00 GMT","Code":"system-reboot","Description":"scheduled reboot",
				"EventId":"instance-event-0d59937288b749b32","NotAfter":"21 Jan 2026 11:00:00 GMT","State":"active",
				"NotBeforeDeadline":"1 Feb 2026 09:00:00 GMT"},
				{"Code":"instance-stop","NotBefore":"not a time","Unknown":"ignored"}]""");
		poller(true, null).pollOnce();
		assertThat(events(ScheduledMaintenanceEvent.class)).singleElement()
			.satisfies((event) -> assertThat(event.getEvents()).containsExactly(
					new ScheduledMaintenance("system-reboot", "scheduled reboot", "active",
							"instance-event-0d59937288b749b32", Instant.parse("2026-01-21T09:00:00Z"),
							Instant.parse("2026-01-21T11:00:00Z"), Instant.parse("2026-02-01T09:00:00Z")),
					new ScheduledMaintenance("instance-stop", null, null, null, null, null, null)));
	}

	@Test
	void errorsBackOff() {
		this.imds.lifeCycle("spot");
		InstanceLifecyclePoller poller = poller(true, null);
		poller.pollOnce();
		this.imds.failNext(1, 500, "spot/instance-action");
		this.clock.advance(POLL_INTERVAL);
		poller.pollOnce();
		assertThat(poller.status().errors()).isEqualTo(1);
		assertThat(poller.status().lastError()).contains("500");
		this.clock.advance(POLL_INTERVAL.dividedBy(2));
		poller.pollOnce();
		poller.pollOnce();
		// The failing path waits; the others keep their pace.
		assertThat(this.imds.count("GET", "spot/instance-action")).isEqualTo(2);
		assertThat(this.imds.count("GET", "events/recommendations/rebalance")).isEqualTo(4);
		this.imds.spotInterruption("terminate", NOTICE_TIME);
		this.clock.advance(InstanceLifecyclePoller.MAX_BACKOFF);
		poller.pollOnce();
		assertThat(this.imds.count("GET", "spot/instance-action")).isEqualTo(3);
		assertThat(events(SpotInterruptionEvent.class)).hasSize(1);
	}

	@Test
	void repeatedErrorsBackOffFurther() {
		this.imds.lifeCycle("spot");
		InstanceLifecyclePoller poller = poller(true, "spot");
		// a slow path: the spot path keeps a short cap (see the next test)
		this.imds.failNext(100, 503, "events/recommendations/rebalance");
		int polls = 0;
		// Many polls at the normal interval: an ever-failing path is requested on only a few of them.
		for (int i = 0; i < 60; i++) {
			poller.pollOnce();
			polls++;
			this.clock.advance(POLL_INTERVAL);
		}
		assertThat(this.imds.count("GET", "spot/instance-action")).isEqualTo(polls);
		assertThat(this.imds.count("GET", "events/recommendations/rebalance")).isLessThan(polls / 4);
	}

	@Test
	void throttledSpotPathBacksOffButIsReadAtLeastEvery20Seconds() {
		this.imds.lifeCycle("spot");
		InstanceLifecyclePoller poller = poller(true, "spot");
		this.imds.failNext(1000, 429, "spot/instance-action");
		int polls = 120;
		Instant lastRead = this.clock.instant();
		Duration longestGap = Duration.ZERO;
		long reads = 0;
		for (int i = 0; i < polls; i++) {
			poller.pollOnce();
			long count = this.imds.count("GET", "spot/instance-action");
			if (count > reads) {
				Duration gap = Duration.between(lastRead, this.clock.instant());
				longestGap = (gap.compareTo(longestGap) > 0) ? gap : longestGap;
				lastRead = this.clock.instant();
				reads = count;
			}
			this.clock.advance(POLL_INTERVAL);
		}
		assertThat(reads).isLessThan(polls / 2);
		assertThat(longestGap).isLessThanOrEqualTo(Duration.ofSeconds(20));
		assertThat(poller.status().errors()).isEqualTo(reads);
	}

	@Test
	void malformedNoticeBacksOffAndIsNotPublished() {
		this.imds.lifeCycle("spot").metadata("spot/instance-action", "{\"action\":\"terminate\"}");
		InstanceLifecyclePoller poller = poller(true, null);
		poller.pollOnce();
		poller.pollOnce();
		assertThat(this.imds.count("GET", "spot/instance-action")).isEqualTo(1);
		assertThat(events(SpotInterruptionEvent.class)).isEmpty();
		assertThat(readinessEvents()).isEmpty();
		assertThat(poller.status().lastError()).contains("time");
	}

	@Test
	void failingListenerDoesNotRepublishNorStopPolling() {
		this.imds.lifeCycle("spot").spotInterruption("terminate", NOTICE_TIME);
		ApplicationEventPublisher failing = (event) -> {
			this.events.add(event);
			throw new IllegalStateException("listener failed");
		};
		InstanceLifecyclePoller poller = InstanceLifecyclePoller.builder(this.client, failing)
			.pollInterval(POLL_INTERVAL)
			.clock(this.clock)
			.build();
		poller.pollOnce();
		poller.pollOnce();
		assertThat(events(SpotInterruptionEvent.class)).hasSize(1);
		assertThat(this.imds.count("GET", "spot/instance-action")).isEqualTo(2);
	}

	@Test
	void stateIsAnImmutableSnapshot() {
		this.imds.lifeCycle("spot").spotInterruption("terminate", NOTICE_TIME);
		InstanceLifecyclePoller poller = poller(true, null);
		LifecycleStatus before = poller.status();
		poller.pollOnce();
		LifecycleStatus after = poller.status();
		assertThat(before.spotInterruption()).isNull();
		assertThat(before.lastPoll()).isNull();
		assertThat(after.lastPoll()).isEqualTo(this.clock.instant());
		assertThat(after.instanceLifeCycle()).isEqualTo("spot");
		assertThat(after.running()).isFalse();
		assertThat(after.scheduledMaintenance()).isUnmodifiable();
	}

	@Test
	void startPollsOnNamedDaemonThreadAndStopEndsIt() {
		this.imds.targetLifecycleState("InService");
		AtomicReference<Thread> pollingThread = new AtomicReference<>();
		ApplicationEventPublisher publisher = (event) -> {
			pollingThread.compareAndSet(null, Thread.currentThread());
			this.events.add(event);
		};
		InstanceLifecyclePoller poller = InstanceLifecyclePoller.builder(this.client, publisher)
			.pollInterval(Duration.ofMillis(50))
			.instanceLifeCycle("on-demand")
			.build();
		poller.start();
		try {
			assertThat(poller.isRunning()).isTrue();
			assertThat(poller.status().running()).isTrue();
			await().atMost(Duration.ofSeconds(30))
				.until(() -> this.imds.count("GET", "autoscaling/target-lifecycle-state") >= 2);
			assertThat(pollingThread.get()).isNotNull().satisfies((thread) -> {
				assertThat(thread.getName()).isEqualTo(InstanceLifecyclePoller.THREAD_NAME);
				assertThat(thread.isDaemon()).isTrue();
			});
		}
		finally {
			poller.stop();
		}
		assertThat(poller.isRunning()).isFalse();
		assertThat(poller.status().running()).isFalse();
		await().atMost(Duration.ofSeconds(30)).until(() -> !pollingThread.get().isAlive());
		long requests = this.imds.count("GET", "autoscaling/target-lifecycle-state");
		poller.stop();
		assertThat(this.imds.count("GET", "autoscaling/target-lifecycle-state")).isEqualTo(requests);
		assertThat(events(TargetLifecycleStateChangedEvent.class)).hasSize(1);
	}

	private InstanceLifecyclePoller poller(boolean drainOnTermination, @Nullable String instanceLifeCycle) {
		return InstanceLifecyclePoller.builder(this.client, this.events::add)
			.pollInterval(POLL_INTERVAL)
			.drainOnTermination(drainOnTermination)
			.instanceLifeCycle(instanceLifeCycle)
			.clock(this.clock)
			.build();
	}

	private <E> List<E> events(Class<E> type) {
		return this.events.stream().filter(type::isInstance).map(type::cast).toList();
	}

	private List<Object> readinessEvents() {
		return this.events.stream()
			.filter(AvailabilityChangeEvent.class::isInstance)
			.map((event) -> ((AvailabilityChangeEvent<?>) event).getState())
			.filter(ReadinessState.class::isInstance)
			.map(Object.class::cast)
			.toList();
	}

}
