package io.github.imds.lifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.imds.client.AwsSdkSettings;
import io.github.imds.client.ImdsClient;
import io.github.imds.client.PlatformDetectionMode;
import io.github.imds.test.EnableImdsSimulator;
import io.github.imds.test.ImdsSimulator;
import io.github.imds.testsupport.MutableClock;
import io.github.imds.testsupport.TestTimeScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.availability.ApplicationAvailabilityBean;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the readiness side of {@link InstanceLifecyclePoller}: how termination notices drain readiness
 * against an application's availability ({@link ApplicationAvailabilityBean}, fed like the application context
 * feeds it), how the poller overrules a change back to {@code ACCEPTING_TRAFFIC}, and what it logs. Polls run
 * in test time ({@link TestTimeScheduler}) against the IMDS simulator.
 */
@EnableImdsSimulator
@ExtendWith(OutputCaptureExtension.class)
class InstanceLifecyclePollerReadinessTests {

	private static final Duration POLL_INTERVAL = Duration.ofSeconds(5);

	private static final Instant NOTICE_TIME = Instant.parse("2026-01-21T09:00:00Z");

	private final MutableClock clock = new MutableClock(Instant.parse("2026-01-21T08:58:00Z"));

	private final TestTimeScheduler scheduler = new TestTimeScheduler(this.clock);

	private final ApplicationAvailabilityBean availability = new ApplicationAvailabilityBean();

	private final List<Object> events = new CopyOnWriteArrayList<>();

	private final Object application = new Object();

	private ImdsSimulator imds;

	private ImdsClient client;

	private InstanceLifecyclePoller poller;

	@BeforeEach
	void setUp(ImdsSimulator imds) {
		this.imds = imds;
		this.client = ImdsClient.builder()
			.endpoint(imds.endpoint())
			.platformDetection(PlatformDetectionMode.OFF)
			.sdkSettings(AwsSdkSettings.none())
			.maxAttempts(1)
			.build();
		this.poller = poller(true);
	}

	@AfterEach
	void tearDown() {
		this.poller.stop();
		this.client.close();
	}

	@Test
	void listenersOfATerminationNoticeSeeReadinessDrained() {
		List<Boolean> drainedWhenNotified = new CopyOnWriteArrayList<>();
		InstanceLifecyclePoller[] holder = new InstanceLifecyclePoller[1];
		holder[0] = InstanceLifecyclePoller.builder(this.client, (event) -> {
			if (event instanceof SpotInterruptionEvent) {
				drainedWhenNotified.add(holder[0].status().drainTriggered());
			}
		}).instanceLifeCycle("spot").clock(this.clock).build();
		this.imds.spotInterruption("terminate", NOTICE_TIME);
		holder[0].pollOnce();
		assertThat(drainedWhenNotified).containsExactly(true);
		assertThat(holder[0].status().drainReason()).isEqualTo("spot interruption notice (terminate at %s)"
			.formatted(NOTICE_TIME));
	}

	@Test
	void acceptingTrafficAfterTheNoticeIsOverruledOnceRecorded() {
		this.imds.spotInterruption("terminate", NOTICE_TIME);
		this.poller.start();
		this.scheduler.runDue();
		assertThat(readinessEvents()).containsExactly(ReadinessState.REFUSING_TRAFFIC);
		// SpringApplication once ready: the poller's listener runs before the availability records the change
		AvailabilityChangeEvent<ReadinessState> ready = new AvailabilityChangeEvent<>(this.application,
				ReadinessState.ACCEPTING_TRAFFIC);
		this.poller.onApplicationEvent(ready);
		this.scheduler.runDue();
		assertThat(readinessEvents()).containsExactly(ReadinessState.REFUSING_TRAFFIC);
		this.availability.onApplicationEvent(ready);
		this.scheduler.advance(Duration.ofMillis(10));
		assertThat(readinessEvents()).containsExactly(ReadinessState.REFUSING_TRAFFIC,
				ReadinessState.REFUSING_TRAFFIC);
		assertThat(this.availability.getReadinessState()).isEqualTo(ReadinessState.REFUSING_TRAFFIC);
		assertThat(this.poller.status().drainTriggered()).isTrue();
	}

	@Test
	void acceptingTrafficNeverRecordedIsCheckedForOneSecondThenLeftToTheNextPoll() {
		this.imds.spotInterruption("terminate", NOTICE_TIME);
		this.poller.start();
		this.scheduler.runDue();
		assertThat(this.scheduler.pending()).isOne();
		this.poller.onApplicationEvent(new AvailabilityChangeEvent<>(this.application,
				ReadinessState.ACCEPTING_TRAFFIC));
		this.scheduler.advance(Duration.ofMillis(990));
		// the next poll, and the check every 10 ms
		assertThat(this.scheduler.pending()).isEqualTo(2);
		this.scheduler.advance(Duration.ofMillis(10));
		assertThat(this.scheduler.pending()).isOne();
		assertThat(readinessEvents()).containsExactly(ReadinessState.REFUSING_TRAFFIC);
	}

	@Test
	void acceptingTrafficAlreadyRecordedIsOverruledAtOnce() {
		this.imds.spotInterruption("terminate", NOTICE_TIME);
		this.poller.pollOnce();
		AvailabilityChangeEvent<ReadinessState> ready = new AvailabilityChangeEvent<>(this.application,
				ReadinessState.ACCEPTING_TRAFFIC);
		this.availability.onApplicationEvent(ready);
		this.poller.onApplicationEvent(ready);
		assertThat(readinessEvents()).containsExactly(ReadinessState.REFUSING_TRAFFIC,
				ReadinessState.REFUSING_TRAFFIC);
		assertThat(this.scheduler.pending()).isZero();
	}

	@Test
	void acceptingTrafficIsOverruledAtTheNextPollWhenTheLoopDoesNotRun() {
		this.imds.spotInterruption("terminate", NOTICE_TIME);
		this.poller.pollOnce();
		AvailabilityChangeEvent<ReadinessState> ready = new AvailabilityChangeEvent<>(this.application,
				ReadinessState.ACCEPTING_TRAFFIC);
		this.poller.onApplicationEvent(ready);
		this.availability.onApplicationEvent(ready);
		assertThat(this.scheduler.pending()).isZero();
		this.poller.pollOnce();
		assertThat(readinessEvents()).containsExactly(ReadinessState.REFUSING_TRAFFIC,
				ReadinessState.REFUSING_TRAFFIC);
	}

	@Test
	void ownAndLivenessEventsAreIgnored() {
		this.imds.spotInterruption("stop", NOTICE_TIME);
		this.poller.pollOnce();
		this.poller.onApplicationEvent(new AvailabilityChangeEvent<>(this.poller, ReadinessState.ACCEPTING_TRAFFIC));
		this.poller.onApplicationEvent(new AvailabilityChangeEvent<>(this.application, LivenessState.CORRECT));
		// the application is not ready: a withdrawn stop notice leaves readiness to it
		this.imds.clearSpotInterruption();
		this.poller.pollOnce();
		assertThat(readinessEvents()).containsExactly(ReadinessState.REFUSING_TRAFFIC);
		assertThat(this.poller.status().drainTriggered()).isFalse();
	}

	@Test
	void withdrawnStopNoticeGivesReadinessBackOnceTheApplicationIsReady() {
		this.imds.spotInterruption("stop", NOTICE_TIME);
		this.poller.pollOnce();
		// SpringApplication's ACCEPTING_TRAFFIC, overruled at once
		AvailabilityChangeEvent<ReadinessState> ready = new AvailabilityChangeEvent<>(this.application,
				ReadinessState.ACCEPTING_TRAFFIC);
		this.availability.onApplicationEvent(ready);
		this.poller.onApplicationEvent(ready);
		this.imds.clearSpotInterruption();
		this.poller.pollOnce();
		assertThat(readinessEvents()).containsExactly(ReadinessState.REFUSING_TRAFFIC,
				ReadinessState.REFUSING_TRAFFIC, ReadinessState.ACCEPTING_TRAFFIC);
		LifecycleStatus state = this.poller.status();
		assertThat(state.drainTriggered()).isFalse();
		assertThat(state.drainReason()).isNull();
		assertThat(state.spotInterruption()).isNull();
	}

	@Test
	void stopNoticeWithTargetStateTerminatedIsNeverWithdrawn() {
		this.imds.spotInterruption("stop", NOTICE_TIME).targetLifecycleState("Terminated");
		this.poller.pollOnce();
		readyNow();
		// a target state that moves on after Terminated does not make the stop notice one that returns
		this.imds.clearSpotInterruption().targetLifecycleState("InService");
		this.poller.pollOnce();
		assertThat(this.poller.status().drainTriggered()).isTrue();
		assertThat(this.availability.getReadinessState()).isEqualTo(ReadinessState.REFUSING_TRAFFIC);
	}

	@Test
	void targetStateTerminatedAloneDrains() {
		this.imds.targetLifecycleState("Terminated");
		this.poller.pollOnce();
		assertThat(readinessEvents()).containsExactly(ReadinessState.REFUSING_TRAFFIC);
		assertThat(this.poller.status().drainReason()).isEqualTo("Auto Scaling target lifecycle state Terminated");
	}

	@Test
	void nonTerminatingSpotActionDoesNotDrain() {
		this.imds.spotInterruption("rebalance", NOTICE_TIME);
		this.poller.pollOnce();
		assertThat(readinessEvents()).isEmpty();
		assertThat(events(SpotInterruptionEvent.class)).hasSize(1);
		assertThat(this.poller.status().drainTriggered()).isFalse();
	}

	@Test
	void terminationWarningSaysReadinessIsDrained(CapturedOutput output) {
		this.imds.spotInterruption("terminate", NOTICE_TIME);
		this.poller.pollOnce();
		this.poller.pollOnce();
		assertThat(output).containsOnlyOnce("Spot interruption notice: terminate at %s; readiness set to "
			.formatted(NOTICE_TIME) + "REFUSING_TRAFFIC so that load balancers drain this instance");
		// one WARN per notice, whatever readiness is at later polls
		assertThat(output).containsOnlyOnce("Spot interruption notice: terminate at %s;".formatted(NOTICE_TIME));
	}

	@Test
	void laterTerminationWarningSaysReadinessWasAlreadyDrained(CapturedOutput output) {
		this.imds.spotInterruption("stop", NOTICE_TIME).targetLifecycleState("InService");
		this.poller.pollOnce();
		this.imds.targetLifecycleState("Terminated");
		this.poller.pollOnce();
		assertThat(output).containsOnlyOnce(
				"Auto Scaling target lifecycle state: Terminated (was InService); readiness already REFUSING_TRAFFIC");
	}

	@Test
	void terminationWarningWithDrainOffSaysReadinessIsUnchanged(CapturedOutput output) {
		InstanceLifecyclePoller withoutDrain = poller(false);
		this.imds.targetLifecycleState("Terminated");
		withoutDrain.pollOnce();
		assertThat(output).containsOnlyOnce("Auto Scaling target lifecycle state: Terminated (was unknown); "
				+ "readiness unchanged (imds.lifecycle.drain-on-termination is off)");
		assertThat(readinessEvents()).isEmpty();
	}

	@Test
	void failureWhileRunningWarnsOncePerOutageAndRecoveryIsLogged(CapturedOutput output) {
		this.poller.start();
		this.scheduler.runDue();
		this.imds.failNext(3, 500, "autoscaling/target-lifecycle-state");
		this.scheduler.advance(Duration.ofMinutes(10));
		assertThat(output).containsOnlyOnce(
				"IMDS lifecycle poll of /latest/meta-data/autoscaling/target-lifecycle-state failed, backing off");
		assertThat(output).containsOnlyOnce("IMDS lifecycle polling recovered");
		assertThat(this.poller.status().errors()).isEqualTo(3);
	}

	@Test
	void failureOfPollOnceWithoutTheLoopDoesNotWarn(CapturedOutput output) {
		this.imds.failNext(1, 500, "autoscaling/target-lifecycle-state");
		this.poller.pollOnce();
		assertThat(this.poller.status().errors()).isOne();
		assertThat(output).doesNotContain("failed, backing off");
	}

	private void readyNow() {
		AvailabilityChangeEvent<ReadinessState> ready = new AvailabilityChangeEvent<>(this.application,
				ReadinessState.ACCEPTING_TRAFFIC);
		this.availability.onApplicationEvent(ready);
		this.poller.onApplicationEvent(ready);
	}

	private InstanceLifecyclePoller poller(boolean drainOnTermination) {
		return InstanceLifecyclePoller.builder(this.client, this::publish)
			.pollInterval(POLL_INTERVAL)
			.drainOnTermination(drainOnTermination)
			.instanceLifeCycle("spot")
			.availability(() -> this.availability)
			.clock(this.clock)
			.random(new Random(13))
			.scheduler(() -> LifecycleThrottlingIntegrationTests.inTestTime(this.scheduler))
			.build();
	}

	/** As the application context does: the availability records each change, and the poller hears it. */
	private void publish(Object event) {
		this.events.add(event);
		if (event instanceof AvailabilityChangeEvent<?> change) {
			this.availability.onApplicationEvent(change);
			this.poller.onApplicationEvent(change);
		}
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
