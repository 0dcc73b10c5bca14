package io.github.imds.actuate;

import java.util.concurrent.TimeUnit;

import io.github.imds.test.EnableImdsSimulator;
import io.github.imds.test.ImdsSimulator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The actuator with role credentials, against the IMDS simulator. A fault that must hold at startup is an
 * attribute of {@code @EnableImdsSimulator}: the simulator's default state, kept by the reset before each
 * test, which may come before or after the startup credentials fetch. Each nested class has its own simulator
 * and application.
 */
class ImdsActuatorCredentialsTests {

	static final String EXPOSURE = "management.endpoints.web.exposure.include=health,imds,metrics";

	static final String DETAILS = "management.endpoint.health.show-details=always";

	@Nested
	@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, classes = TestApplication.class,
			properties = { EXPOSURE, DETAILS, "imds.lifecycle.enabled=false", "imds.max-attempts=1" })
	@EnableImdsSimulator
	class Valid {

		@LocalServerPort
		int port;

		@Test
		void credentialsAreShownMaskedAndHealthIsUp() {
			ActuatorHttp http = new ActuatorHttp(this.port);
			http.post("/actuator/imds");
			ActuatorHttp.Response health = http.get("/actuator/health/imds").save("credentials-health-imds");
			assertThat(health.at("/status")).isEqualTo("UP");
			assertThat(health.at("/details/credentialsState")).isEqualTo("VALID");
			assertThat(health.json().at("/details/credentialsExpiration").isString()).isTrue();
			ActuatorHttp.Response endpoint = http.get("/actuator/imds").save("credentials-imds");
			assertThat(endpoint.at("/credentials/role")).isEqualTo("sample-role");
			assertThat(endpoint.at("/credentials/accessKeyId")).matches("\\*\\*\\*\\*.{4}");
			assertThat(endpoint.json().at("/credentials/nextRefresh").isString()).isTrue();
			assertThat(endpoint.at("/diagnosis/code")).isEqualTo("healthy");
			ActuatorHttp.Response gauge = http.get("/actuator/metrics/imds.credentials.expiry");
			assertThat(gauge.status()).isEqualTo(200);
			assertThat(gauge.json().at("/measurements/0/value").asDouble()).isPositive();
		}

		@Test
		void refreshFailingWhileCredentialsAreValidIsUpAndDegraded(ImdsSimulator imds) {
			imds.failNext(10, 500, "/latest/meta-data/iam/security-credentials");
			http().post("/actuator/imds");
			ActuatorHttp.Response health = http().get("/actuator/health/imds").save("degraded-health-imds");
			assertThat(health.at("/status")).isEqualTo("UP");
			assertThat(health.json().at("/details/degraded").asBoolean()).isTrue();
			assertThat(health.at("/details/degradedCause")).isNotEmpty();
			assertThat(health.at("/details/credentialsState")).isEqualTo("DEGRADED");
		}

		private ActuatorHttp http() {
			return new ActuatorHttp(this.port);
		}

	}

	@Nested
	@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, classes = TestApplication.class,
			properties = { EXPOSURE, DETAILS, "imds.lifecycle.enabled=false", "imds.max-attempts=1" })
	@EnableImdsSimulator(instanceProfile = false)
	class NoInstanceProfile {

		@LocalServerPort
		int port;

		@Test
		void healthIsUpAndDegradedWithTheFix() throws InterruptedException {
			ActuatorHttp http = new ActuatorHttp(this.port);
			ActuatorHttp.Response health = healthOnceCredentialsFetched(http).save("no-instance-profile-health-imds");
			assertThat(health.at("/status")).isEqualTo("UP");
			assertThat(health.at("/details/degradedCause")).contains("no instance profile");
			assertThat(health.at("/details/credentialsState")).isEqualTo("NO_INSTANCE_PROFILE");
			assertThat(health.at("/details/diagnosisCode")).isEqualTo("no-instance-profile");
			assertThat(http.get("/actuator/imds").save("no-instance-profile-imds").at("/diagnosis/code"))
				.isEqualTo("no-instance-profile");
		}

	}

	@Nested
	@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, classes = TestApplication.class,
			properties = { EXPOSURE, DETAILS, "imds.lifecycle.enabled=false", "imds.max-attempts=1" })
	@EnableImdsSimulator(credentialsCode = "AssumeRoleUnauthorizedAccess")
	class CodeNotSuccess {

		@LocalServerPort
		int port;

		@Test
		void healthIsDownNamingTheCode() throws InterruptedException {
			ActuatorHttp http = new ActuatorHttp(this.port);
			ActuatorHttp.Response health = healthOnceCredentialsFetched(http).save("credentials-code-health-imds");
			assertThat(health.at("/status")).isEqualTo("DOWN");
			assertThat(health.at("/details/diagnosisCode")).isEqualTo("credentials-error");
			assertThat(health.at("/details/diagnosis")).contains("AssumeRoleUnauthorizedAccess");
			ActuatorHttp.Response endpoint = http.get("/actuator/imds").save("credentials-code-imds");
			assertThat(endpoint.at("/credentials/code")).isEqualTo("AssumeRoleUnauthorizedAccess");
		}

	}

	/**
	 * Health once the startup credentials fetch has ended: it runs in the background, and health shows
	 * {@code NOT_LOADED} until then.
	 */
	static ActuatorHttp.Response healthOnceCredentialsFetched(ActuatorHttp http) throws InterruptedException {
		long guard = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		ActuatorHttp.Response health = http.get("/actuator/health/imds");
		while ("NOT_LOADED".equals(health.at("/details/credentialsState")) && System.nanoTime() < guard) {
			Thread.sleep(20);
			health = http.get("/actuator/health/imds");
		}
		return health;
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class TestApplication {

	}

}
