package io.github.imds.autoconfigure;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.imds.lifecycle.InstanceLifecyclePoller;
import io.github.imds.lifecycle.SpotInterruptionEvent;
import io.github.imds.lifecycle.TargetLifecycleStateChangedEvent;
import io.github.imds.test.EnableImdsSimulator;
import io.github.imds.test.ImdsSimulator;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The readiness drain over real HTTP, against the simulator. A termination notice already posted when the
 * application starts (an application restarted while its instance is reclaimed): the first poll runs before
 * {@code SpringApplication} publishes {@code ACCEPTING_TRAFFIC}, and readiness must still be
 * {@code OUT_OF_SERVICE} ({@code 503}) once the application is ready, and stay so while the notice persists.
 * A {@code hibernate} notice withdrawn (the instance resumed): readiness is back to {@code UP}.
 */
class ImdsLifecycleDrainIntegrationTests {

	static final Instant NOTICE_TIME = Instant.now().plus(2, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);

	@Nested
	@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = "management.endpoint.health.probes.enabled=true")
	@EnableImdsSimulator(lifeCycle = "spot")
	class SpotTerminate {

		@LocalServerPort
		int port;

		@Autowired
		InstanceLifecyclePoller poller;

		@Autowired
		NoticeRecorder recorder;

		@BeforeAll
		static void noticeBeforeTheApplicationStarts(ImdsSimulator imds) {
			imds.spotInterruption("terminate", NOTICE_TIME);
		}

		@Test
		void readinessIsOutOfServiceAfterStartupAndStays(ImdsSimulator imds) throws Exception {
			// the extension resets the simulator before each test: the notice is still posted
			imds.spotInterruption("terminate", NOTICE_TIME);
			awaitOutOfService(this.port);
			for (int i = 0; i < 3; i++) {
				this.poller.pollOnce();
				assertOutOfService(this.port);
			}
			assertThat(this.recorder.spot).singleElement()
				.satisfies((event) -> assertThat(event.getTime()).isEqualTo(NOTICE_TIME));
			assertThat(this.poller.status().drainTriggered()).isTrue();
			assertThat(this.poller.status().drainReason()).contains("terminate");
		}

	}

	@Nested
	@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = "management.endpoint.health.probes.enabled=true")
	@EnableImdsSimulator(lifeCycle = "on-demand")
	class TargetStateTerminated {

		@LocalServerPort
		int port;

		@Autowired
		InstanceLifecyclePoller poller;

		@Autowired
		NoticeRecorder recorder;

		@BeforeAll
		static void terminatingBeforeTheApplicationStarts(ImdsSimulator imds) {
			// held in Terminating:Wait by a lifecycle hook
			imds.targetLifecycleState("Terminated");
		}

		@Test
		void readinessIsOutOfServiceAfterStartupAndStays(ImdsSimulator imds) throws Exception {
			imds.targetLifecycleState("Terminated");
			awaitOutOfService(this.port);
			for (int i = 0; i < 3; i++) {
				this.poller.pollOnce();
				assertOutOfService(this.port);
			}
			assertThat(this.recorder.targetStates).singleElement()
				.satisfies((event) -> assertThat(event.getCurrent()).isEqualTo("Terminated"));
			assertThat(this.poller.status().drainTriggered()).isTrue();
		}

	}

	@Nested
	@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = "management.endpoint.health.probes.enabled=true")
	@EnableImdsSimulator(lifeCycle = "spot")
	class HibernateWithdrawn {

		@LocalServerPort
		int port;

		@Autowired
		InstanceLifecyclePoller poller;

		@Test
		void readinessReturnsWhenTheNoticeIsWithdrawn(ImdsSimulator imds) throws Exception {
			assertThat(ImdsLifecycleReadinessIntegrationTests.readiness(this.port).statusCode()).isEqualTo(200);
			imds.spotInterruption("hibernate", NOTICE_TIME);
			this.poller.pollOnce();
			assertOutOfService(this.port);
			this.poller.pollOnce();
			assertOutOfService(this.port);
			imds.clearSpotInterruption();
			this.poller.pollOnce();
			HttpResponse<String> readiness = ImdsLifecycleReadinessIntegrationTests.readiness(this.port);
			assertThat(readiness.statusCode()).isEqualTo(200);
			assertThat(readiness.body()).contains("UP");
			assertThat(this.poller.status().drainTriggered()).isFalse();
			assertThat(this.poller.status().spotInterruption()).isNull();
		}

		@Test
		@DirtiesContext
		void terminateNeverReturns(ImdsSimulator imds) throws Exception {
			imds.spotInterruption("terminate", NOTICE_TIME.plusSeconds(600));
			this.poller.pollOnce();
			imds.clearSpotInterruption();
			this.poller.pollOnce();
			assertOutOfService(this.port);
		}

	}

	// The drain overrules SpringApplication's ACCEPTING_TRAFFIC once that is recorded, on the poller's thread
	static void awaitOutOfService(int port) {
		Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertOutOfService(port));
	}

	static void assertOutOfService(int port) throws Exception {
		HttpResponse<String> readiness = ImdsLifecycleReadinessIntegrationTests.readiness(port);
		assertThat(readiness.statusCode()).isEqualTo(503);
		assertThat(readiness.body()).contains("OUT_OF_SERVICE");
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class TestApplication {

		@Bean
		NoticeRecorder noticeRecorder() {
			return new NoticeRecorder();
		}

	}

	static class NoticeRecorder {

		final List<SpotInterruptionEvent> spot = new CopyOnWriteArrayList<>();

		final List<TargetLifecycleStateChangedEvent> targetStates = new CopyOnWriteArrayList<>();

		@EventListener
		void onSpotInterruption(SpotInterruptionEvent event) {
			this.spot.add(event);
		}

		@EventListener
		void onTargetLifecycleState(TargetLifecycleStateChangedEvent event) {
			this.targetStates.add(event);
		}

	}

}
