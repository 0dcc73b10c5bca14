package io.github.imds.sample;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import io.github.imds.lifecycle.InstanceLifecyclePoller;
import io.github.imds.test.EnableImdsSimulator;
import io.github.imds.test.ImdsSimulator;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample over real HTTP, against the simulator, as a user sees it.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
// a spot instance, as the startup load reads it
@EnableImdsSimulator(lifeCycle = "spot")
class SampleApplicationTests {

	private static final HttpClient http = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build();

	@Value("${local.server.port}")
	int port;

	@Autowired
	InstanceLifecyclePoller poller;

	@Test
	void rootShowsInjectedInstanceMetadata() throws Exception {
		HttpResponse<String> response = get("/");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"instanceId\":\"i-0123456789abcdef0\"")
			.contains("\"region\":\"us-east-1\"")
			.contains("\"instanceType\":\"m5.large\"");
	}

	@Test
	void awsClientUsesTheInstanceRoleWithoutShowingSecrets() throws Exception {
		HttpResponse<String> response = get("/aws");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"s3ClientRegion\":\"us-east-1\"")
			.contains("\"role\":\"sample-role\"")
			.contains("\"accessKeyId\":\"****")
			.doesNotContain("fake-secret")
			.doesNotContain("fake-session-token");
	}

	@Test
	void healthIsUp() throws Exception {
		HttpResponse<String> response = get("/actuator/health");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"status\":\"UP\"");
	}

	@Test
	@DirtiesContext
	void spotInterruptionTriggeredThroughTheSimulatorControllerDrainsTheInstance(ImdsSimulator imds)
			throws Exception {
		assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(200);
		assertThat(post("/simulator/spot-interruption").statusCode()).isEqualTo(200);
		try {
			this.poller.pollOnce();
			HttpResponse<String> readiness = get("/actuator/health/readiness");
			assertThat(readiness.statusCode()).isEqualTo(503);
			assertThat(readiness.body()).contains("OUT_OF_SERVICE");
			assertThat(imds.count("GET", "/latest/meta-data/spot/instance-action")).isPositive();
		}
		finally {
			// A terminate drain holds while the notice persists, and the context is shared by the other tests of
			// this class: withdraw the notice, then start a new context for them.
			imds.clearSpotInterruption();
		}
	}

	private HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> post(String path) throws IOException, InterruptedException {
		return http.send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody()).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

}
