package io.github.imds.autoconfigure;

import java.time.Instant;

import io.github.imds.autoconfigure.ImdsLifecycleReadinessIntegrationTests.NoticeRecorder;
import io.github.imds.autoconfigure.ImdsLifecycleReadinessIntegrationTests.TestApplication;
import io.github.imds.lifecycle.InstanceLifecyclePoller;
import io.github.imds.test.EnableImdsSimulator;
import io.github.imds.test.ImdsSimulator;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code imds.lifecycle.drain-on-termination=false}, a spot termination notice is published but
 * {@code /actuator/health/readiness} stays {@code UP}.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoint.health.probes.enabled=true", "imds.lifecycle.drain-on-termination=false" })
@EnableImdsSimulator(lifeCycle = "spot")
class ImdsLifecycleDrainOffIntegrationTests {

	@Autowired
	private InstanceLifecyclePoller poller;

	@Autowired
	private NoticeRecorder recorder;

	@Value("${local.server.port}")
	private int port;

	@Test
	void terminationNoticeLeavesReadinessAlone(ImdsSimulator imds) throws Exception {
		imds.spotInterruption("terminate", Instant.now().plusSeconds(120));
		this.poller.pollOnce();
		assertThat(this.recorder.notices).hasSize(1);
		assertThat(ImdsLifecycleReadinessIntegrationTests.readiness(this.port).statusCode()).isEqualTo(200);
		assertThat(this.poller.status().drainTriggered()).isFalse();
	}

}
