package io.github.imds.actuate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The actuator of applications that do not use IMDS (off EC2, disabled) or whose endpoint refuses
 * connections. None of them sends a packet anywhere but to loopback.
 */
class ImdsActuatorOffEc2Tests {

	static final String EXPOSURE = "management.endpoints.web.exposure.include=health,imds";

	static final String DETAILS = "management.endpoint.health.show-details=always";

	// imds.enabled=true: imds-spring-boot-test disables IMDS in test contexts that do not configure it; this
	// one exercises platform detection (a fake QEMU root, so no network call)
	@Nested
	@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, classes = TestApplication.class,
			properties = { EXPOSURE, DETAILS, "imds.enabled=true" })
	class OffEc2 {

		private static final Path ROOT = fakeQemuRoot();

		@LocalServerPort
		int port;

		ActuatorHttp http;

		@DynamicPropertySource
		static void platformRoot(DynamicPropertyRegistry registry) {
			registry.add("imds.platform-root", ROOT::toString);
		}

		@BeforeEach
		void setUp() {
			this.http = new ActuatorHttp(this.port);
		}

		@Test
		void imdsIsUnknownAndTheApplicationStaysUp() {
			ActuatorHttp.Response health = this.http.get("/actuator/health/imds").save("not-ec2-health-imds");
			assertThat(health.status()).isEqualTo(200);
			assertThat(health.at("/status")).isEqualTo("UNKNOWN");
			assertThat(health.at("/details/availability")).isEqualTo("NOT_EC2");
			assertThat(health.at("/details/diagnosisCode")).isEqualTo("not-ec2");
			ActuatorHttp.Response overall = this.http.get("/actuator/health").save("not-ec2-health");
			assertThat(overall.status()).isEqualTo(200);
			assertThat(overall.at("/status")).isEqualTo("UP");
			assertThat(overall.at("/components/imds/status")).isEqualTo("UNKNOWN");
		}

		@Test
		void endpointShowsThePlatformDetectionAndSendsNothing() {
			ActuatorHttp.Response endpoint = this.http.post("/actuator/imds");
			endpoint = this.http.get("/actuator/imds").save("not-ec2-imds");
			assertThat(endpoint.at("/platform/availability")).isEqualTo("NOT_EC2");
			assertThat(endpoint.at("/platform/detection")).isEqualTo("NOT_EC2");
			assertThat(endpoint.at("/platform/detectionReason")).isNotEmpty();
			assertThat(endpoint.json().at("/requests/total").asLong()).isZero();
			assertThat(endpoint.at("/diagnosis/code")).isEqualTo("not-ec2");
		}

		private static Path fakeQemuRoot() {
			try {
				Path root = Files.createTempDirectory("imds-platform");
				Path dmi = Files.createDirectories(root.resolve("sys/devices/virtual/dmi/id"));
				Files.writeString(dmi.resolve("sys_vendor"), "QEMU\n");
				return root;
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

	@Nested
	@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, classes = TestApplication.class,
			properties = { EXPOSURE, DETAILS, "imds.enabled=false" })
	class Disabled {

		@LocalServerPort
		int port;

		@Test
		void imdsIsUnknownWithTheSettingThatDisabledIt() {
			ActuatorHttp http = new ActuatorHttp(this.port);
			ActuatorHttp.Response health = http.get("/actuator/health/imds").save("disabled-health-imds");
			assertThat(health.at("/status")).isEqualTo("UNKNOWN");
			assertThat(health.at("/details/diagnosisCode")).isEqualTo("disabled");
			assertThat(health.at("/details/diagnosis")).contains("imds.enabled=false");
			assertThat(http.get("/actuator/health").at("/status")).isEqualTo("UP");
			ActuatorHttp.Response endpoint = http.get("/actuator/imds").save("disabled-imds");
			assertThat(endpoint.at("/platform/availability")).isEqualTo("DISABLED");
			assertThat(endpoint.at("/diagnosis/code")).isEqualTo("disabled");
		}

	}

	@Nested
	@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, classes = TestApplication.class,
			// port 1 on loopback: nothing listens there, so the connection is refused at once
			properties = { EXPOSURE, DETAILS, "imds.endpoint=http://127.0.0.1:1", "imds.max-attempts=1" })
	class ConnectionRefused {

		@LocalServerPort
		int port;

		@Test
		void imdsIsDownWithConnectionRefused() {
			ActuatorHttp http = new ActuatorHttp(this.port);
			ActuatorHttp.Response health = http.get("/actuator/health/imds").save("connection-refused-health-imds");
			assertThat(health.status()).isEqualTo(503);
			assertThat(health.at("/status")).isEqualTo("DOWN");
			assertThat(health.at("/details/diagnosisCode")).isEqualTo("connection-refused");
			ActuatorHttp.Response endpoint = http.get("/actuator/imds").save("connection-refused-imds");
			assertThat(endpoint.at("/diagnosis/code")).isEqualTo("connection-refused");
			assertThat(endpoint.at("/lastError/outcome")).isEqualTo("connection-refused");
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class TestApplication {

	}

}
