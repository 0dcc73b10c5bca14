package io.github.imds.autoconfigure;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.imds.lifecycle.InstanceLifecyclePoller;
import io.github.imds.lifecycle.SpotInterruptionEvent;
import io.github.imds.test.EnableImdsSimulator;
import io.github.imds.test.ImdsSimulator;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A spot termination notice from the simulator turns {@code /actuator/health/readiness} to
 * {@code OUT_OF_SERVICE}, over real HTTP.
 */
@SpringBootTest(classes = ImdsLifecycleReadinessIntegrationTests.TestApplication.class,
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "management.endpoint.health.probes.enabled=true")
// a spot instance, as the startup load reads it
@EnableImdsSimulator(lifeCycle = "spot")
class ImdsLifecycleReadinessIntegrationTests {

	private static final HttpClient http = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build();

	@Autowired
	private InstanceLifecyclePoller poller;

	@Autowired
	private NoticeRecorder recorder;

	@Value("${local.server.port}")
	private int port;

	@Test
	void terminationNoticeTurnsReadinessOutOfService(ImdsSimulator imds) throws Exception {
		assertThat(readiness(this.port).statusCode()).isEqualTo(200);
		imds.spotInterruption("terminate", Instant.now().plusSeconds(120));
		this.poller.pollOnce();
		HttpResponse<String> readiness = readiness(this.port);
		assertThat(readiness.statusCode()).isEqualTo(503);
		assertThat(readiness.body()).contains("OUT_OF_SERVICE");
		this.poller.pollOnce();
		assertThat(this.recorder.notices).singleElement()
			.satisfies((event) -> assertThat(event.getAction()).isEqualTo("terminate"));
		assertThat(this.poller.status().drainTriggered()).isTrue();
	}

	static HttpResponse<String> readiness(int port) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:%d/actuator/health/readiness".formatted(port)))
			.build();
		return http.send(request, HttpResponse.BodyHandlers.ofString());
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

		final List<SpotInterruptionEvent> notices = new CopyOnWriteArrayList<>();

		@EventListener
		void onSpotInterruption(SpotInterruptionEvent event) {
			this.notices.add(event);
		}

	}

}
