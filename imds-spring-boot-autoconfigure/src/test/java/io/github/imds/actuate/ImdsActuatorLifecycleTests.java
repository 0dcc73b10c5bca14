package io.github.imds.actuate;

import io.github.imds.test.EnableImdsSimulator;
import io.github.imds.test.ImdsSimulator;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /actuator/imds} of a healthy instance with everything on, lifecycle polling included: the poller's
 * requests keep the health indicator from probing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=health,imds",
				"management.endpoint.health.show-details=always" })
@EnableImdsSimulator
class ImdsActuatorLifecycleTests {

	@LocalServerPort
	int port;

	@Test
	void endpointShowsMetadataLifecycleAndRequests(ImdsSimulator imds) {
		ActuatorHttp http = new ActuatorHttp(this.port);
		http.post("/actuator/imds");
		ActuatorHttp.Response endpoint = http.get("/actuator/imds").save("healthy-imds");
		assertThat(endpoint.at("/metadata/instanceId")).isEqualTo("i-0123456789abcdef0");
		assertThat(endpoint.json().at("/lifecycle/running").asBoolean()).isTrue();
		assertThat(endpoint.at("/diagnosis/code")).isEqualTo("healthy");
		assertThat(http.get("/actuator/health/imds").at("/status")).isEqualTo("UP");
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class TestApplication {

	}

}
