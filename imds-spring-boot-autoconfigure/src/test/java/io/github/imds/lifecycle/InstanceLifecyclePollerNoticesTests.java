package io.github.imds.lifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

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

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Tests for what {@link InstanceLifecyclePoller} keeps of the notices between polls (withdrawn notices, cleared
 * maintenance, a life cycle learnt late) and for the pace of its loop, in test time against the IMDS simulator.
 */
@EnableImdsSimulator
class InstanceLifecyclePollerNoticesTests {

	private static final Duration POLL_INTERVAL = Duration.ofSeconds(5);

	private static final Instant NOTICE_TIME = Instant.parse("2026-01-21T09:00:00Z");

	private final MutableClock clock = new MutableClock(Instant.parse("2026-01-21T08:58:00Z"));

	private final TestTimeScheduler scheduler = new TestTimeScheduler(this.clock);

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
	void withdrawnSpotNoticeLeavesTheState() {
		this.imds.spotInterruption("stop", NOTICE_TIME);
		InstanceLifecyclePoller poller = builder().instanceLifeCycle("spot").build();
		poller.pollOnce();
		assertThat(poller.status().spotInterruption()).isEqualTo(new SpotInterruption("stop", NOTICE_TIME));
		this.imds.clearSpotInterruption();
		poller.pollOnce();
		assertThat(poller.status().spotInterruption()).isNull();
		assertThat(events(SpotInterruptionEvent.class)).hasSize(1);
	}

	@Test
	void lifeCycleKnownOnlyAfterConstructionIsNotRequested() {
		AtomicInteger calls = new AtomicInteger();
		InstanceLifecyclePoller poller = builder()
			.instanceLifeCycleSource(() -> (calls.getAndIncrement() == 0) ? null : "spot")
			.build();
		poller.pollOnce();
		assertThat(this.imds.count("GET", "instance-life-cycle")).isZero();
		assertThat(this.imds.count("GET", "spot/instance-action")).isOne();
		assertThat(poller.status().instanceLifeCycle()).isEqualTo("spot");
		poller.pollOnce();
		// known now: not asked again
		assertThat(calls).hasValue(2);
	}

	@Test
	void unknownLifeCycleIsRequestedUntilItIsRead() {
		this.imds.lifeCycle("spot").failNext(1, 500, "instance-life-cycle");
		InstanceLifecyclePoller poller = builder().build();
		poller.pollOnce();
		assertThat(poller.status().instanceLifeCycle()).isNull();
		assertThat(this.imds.count("GET", "spot/instance-action")).isZero();
		this.clock.advance(InstanceLifecyclePoller.URGENT_MAX_BACKOFF);
		poller.pollOnce();
		assertThat(poller.status().instanceLifeCycle()).isEqualTo("spot");
		assertThat(this.imds.count("GET", "spot/instance-action")).isOne();
		this.clock.advance(POLL_INTERVAL);
		poller.pollOnce();
		assertThat(this.imds.count("GET", "instance-life-cycle")).isEqualTo(2);
	}

	@Test
	void clearedMaintenanceIsEmptyInTheStateAndPublishesNothing() {
		Instant notBefore = Instant.parse("2026-01-25T09:00:00Z");
		this.imds.scheduledMaintenance("system-reboot", "scheduled reboot", notBefore, notBefore.plusSeconds(7200));
		InstanceLifecyclePoller poller = builder().instanceLifeCycle("on-demand").build();
		poller.pollOnce();
		assertThat(poller.status().scheduledMaintenance()).hasSize(1);
		this.imds.notices().clearScheduledMaintenance();
		this.clock.advance(InstanceLifecyclePoller.MAINTENANCE_INTERVAL);
		poller.pollOnce();
		assertThat(poller.status().scheduledMaintenance()).isEmpty();
		assertThat(events(ScheduledMaintenanceEvent.class)).hasSize(1);
		// listed again after it was cleared: a notice again
		this.imds.scheduledMaintenance("system-reboot", "scheduled reboot", notBefore, notBefore.plusSeconds(7200));
		this.clock.advance(InstanceLifecyclePoller.MAINTENANCE_INTERVAL);
		poller.pollOnce();
		assertThat(events(ScheduledMaintenanceEvent.class)).hasSize(2);
	}

	@Test
	void targetLifecycleStateAbsentAfterAnswersLeavesTheGroup() {
		this.imds.targetLifecycleState("InService");
		InstanceLifecyclePoller poller = builder().instanceLifeCycle("on-demand").build();
		poller.pollOnce();
		assertThat(poller.status().inAutoScalingGroup()).isTrue();
		this.imds.targetLifecycleState(null);
		poller.pollOnce();
		assertThat(poller.status().inAutoScalingGroup()).isFalse();
		assertThat(events(TargetLifecycleStateChangedEvent.class)).hasSize(1);
	}

	@Test
	void loopPollsAboutOncePerInterval() {
		InstanceLifecyclePoller poller = builder().instanceLifeCycle("on-demand")
			.random(new Random(13))
			.scheduler(() -> LifecycleThrottlingIntegrationTests.inTestTime(this.scheduler))
			.build();
		this.imds.targetLifecycleState("InService");
		poller.start();
		try {
			this.scheduler.advance(Duration.ofMinutes(1));
			// every 5 s with a jitter of at most 10 %: 12 polls in a minute, one more or less
			assertThat(this.imds.count("GET", "autoscaling/target-lifecycle-state")).isBetween(12L, 14L);
			assertThat(poller.status().running()).isTrue();
			assertThat(poller.status().lastPoll()).isAfter(this.clock.instant().minus(Duration.ofMillis(5500)));
		}
		finally {
			poller.stop();
		}
		assertThat(this.scheduler.isClosed()).isTrue();
	}

	@Test
	void backingOffPathIsReadAtItsDueTimeNotAtTheNextFullInterval() {
		InstanceLifecyclePoller poller = builder().instanceLifeCycle("on-demand")
			.pollInterval(Duration.ofMinutes(1))
			.random(new Random(13))
			.scheduler(() -> LifecycleThrottlingIntegrationTests.inTestTime(this.scheduler))
			.build();
		this.imds.targetLifecycleState("InService").failNext(1, 503, "autoscaling/target-lifecycle-state");
		poller.start();
		try {
			this.scheduler.runDue();
			assertThat(poller.status().errors()).isOne();
			// the failed path is due again after at most 20 s, well before the next poll of the interval
			this.scheduler.advance(InstanceLifecyclePoller.URGENT_MAX_BACKOFF);
			assertThat(this.imds.count("GET", "autoscaling/target-lifecycle-state")).isEqualTo(2);
			assertThat(events(TargetLifecycleStateChangedEvent.class)).hasSize(1);
		}
		finally {
			poller.stop();
		}
	}

	@Test
	void pollsOnAnotherThreadLeaveThePollFree() throws InterruptedException {
		InstanceLifecyclePoller poller = builder().instanceLifeCycle("on-demand")
			.scheduler(() -> LifecycleThrottlingIntegrationTests.inTestTime(this.scheduler))
			.build();
		// a poll of the loop (the poll, then the delay to the next) and a pollOnce() on a thread that then ends
		Thread loop = new Thread(() -> {
			poller.start();
			this.scheduler.runDue();
			poller.pollOnce();
		});
		loop.start();
		loop.join();
		// whatever they locked is unlocked: a poll on this thread does not wait for them
		assertTimeoutPreemptively(Duration.ofSeconds(30), poller::pollOnce);
		assertThat(this.imds.count("GET", "events/maintenance/scheduled")).isOne();
		poller.stop();
	}

	@Test
	void startWhereImdsIsNotUsedStartsNothing() {
		try (ImdsClient disabled = ImdsClient.builder()
			.enabled(false)
			.endpoint(this.imds.endpoint())
			.platformDetection(PlatformDetectionMode.OFF)
			.sdkSettings(AwsSdkSettings.none())
			.build()) {
			InstanceLifecyclePoller poller = InstanceLifecyclePoller.builder(disabled, this.events::add)
				.scheduler(() -> LifecycleThrottlingIntegrationTests.inTestTime(this.scheduler))
				.build();
			poller.start();
			assertThat(poller.isRunning()).isFalse();
			assertThat(this.scheduler.pending()).isZero();
			assertThat(this.imds.requests()).isEmpty();
		}
	}

	private InstanceLifecyclePollerBuilder builder() {
		return InstanceLifecyclePoller.builder(this.client, this.events::add)
			.pollInterval(POLL_INTERVAL)
			.clock(this.clock);
	}

	private <E> List<E> events(Class<E> type) {
		return this.events.stream().filter(type::isInstance).map(type::cast).toList();
	}

}
