package io.github.imds.actuate;

import io.github.imds.actuate.internal.ImdsProbe;
import io.github.imds.test.EnableImdsSimulator;
import io.github.imds.test.ImdsSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /actuator/health}, {@code /actuator/health/imds} and {@code /actuator/imds} over a real HTTP port,
 * against the IMDS simulator, healthy and in each diagnosed case. Every case gets a fresh application, so that
 * no request statistics or cached probe carry over; faults are set in the test and made visible through
 * {@code POST /actuator/imds} (which probes), so the cases hold whether or not startup already read IMDS.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=health,imds,metrics",
				"management.endpoint.health.show-details=always", "imds.read-timeout=300ms", "imds.max-attempts=1",
				// each diagnosed case shows DOWN at its first failure (ImdsHealthOutageTests: the default minute)
				"imds.health.down-after=0s",
				// the poller's requests would race with the faults; ImdsActuatorLifecycleTests covers it
				"imds.lifecycle.enabled=false" })
@EnableImdsSimulator
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_EACH_TEST_METHOD)
class ImdsActuatorSimulatorTests {

	@LocalServerPort
	int port;

	ActuatorHttp http;

	@BeforeEach
	void setUp() {
		this.http = new ActuatorHttp(this.port);
	}

	@AfterEach
	void clearFaults(ImdsSimulator imds) {
		// the next test's application starts (and loads metadata) before the extension resets the simulator
		imds.reset();
	}

	@Test
	void healthyInstanceIsUp(ImdsSimulator imds) {
		ActuatorHttp.Response refreshed = this.http.post("/actuator/imds");
		assertThat(refreshed.status()).isEqualTo(200);
		ActuatorHttp.Response health = this.http.get("/actuator/health/imds").save("healthy-health-imds");
		assertThat(health.status()).isEqualTo(200);
		assertThat(health.at("/status")).isEqualTo("UP");
		assertThat(health.at("/details/endpoint")).isEqualTo(imds.endpoint());
		assertThat(health.at("/details/protocol")).isEqualTo("IMDSv2");
		assertThat(health.at("/details/tokenState")).isEqualTo("VALID");
		assertThat(health.json().at("/details/tokenExpiresAt").isString()).isTrue();
		assertThat(health.at("/details/diagnosisCode")).isEqualTo("healthy");
		assertThat(health.json().has("lastError")).isFalse();
		ActuatorHttp.Response endpoint = this.http.get("/actuator/imds");
		assertThat(endpoint.status()).isEqualTo(200);
		assertThat(endpoint.at("/platform/availability")).isEqualTo("AVAILABLE");
		assertThat(endpoint.at("/platform/detection")).isEqualTo("SKIPPED");
		assertThat(endpoint.at("/endpoint/uri")).isEqualTo(imds.endpoint());
		assertThat(endpoint.at("/endpoint/source")).isEqualTo("imds.endpoint");
		assertThat(endpoint.at("/protocol")).isEqualTo("IMDSv2");
		assertThat(endpoint.at("/token/state")).isEqualTo("VALID");
		// the startup load may have happened before the statistics existed: the probe is counted at least
		assertThat(endpoint.json().at("/requests/counts/metadata/success").asLong()).isGreaterThanOrEqualTo(1);
		assertThat(endpoint.json().at("/requests/latency/count").asInt()).isGreaterThanOrEqualTo(1);
		assertThat(endpoint.at("/metadata/instanceId")).isEqualTo("i-0123456789abcdef0");
		assertThat(endpoint.json().has("lifecycle")).isFalse();
		assertThat(endpoint.at("/metadata/region")).isEqualTo("us-east-1");
		assertThat(endpoint.at("/metadata/availabilityZone")).isEqualTo("us-east-1a");
		assertThat(endpoint.at("/metadata/instanceType")).isEqualTo("m5.large");
		assertThat(endpoint.json().at("/metadata/keys").asInt()).isPositive();
		assertThat(endpoint.at("/diagnosis/code")).isEqualTo("healthy");
		ActuatorHttp.Response overall = this.http.get("/actuator/health").save("healthy-health");
		assertThat(overall.at("/status")).isEqualTo("UP");
		assertThat(overall.at("/components/imds/status")).isEqualTo("UP");
	}

	@Test
	void hundredHealthChecksCauseAtMostOneImdsRequest(ImdsSimulator imds) {
		imds.resetJournal();
		for (int i = 0; i < 100; i++) {
			assertThat(this.http.get("/actuator/health/imds").at("/status")).isEqualTo("UP");
		}
		// one probe at most; a token PUT only when none is held. Other requests are the lifecycle poller's.
		assertThat(imds.count("GET", ImdsProbe.PROBE_PATH)).isLessThanOrEqualTo(1);
		assertThat(imds.tokenPuts()).isLessThanOrEqualTo(1);
	}

	@Test
	void healthChecksSendNothingWhileOtherTrafficSucceeds(ImdsSimulator imds) {
		this.http.post("/actuator/imds");
		imds.resetJournal();
		for (int i = 0; i < 100; i++) {
			assertThat(this.http.get("/actuator/health/imds").at("/status")).isEqualTo("UP");
		}
		assertThat(imds.count("GET", ImdsProbe.PROBE_PATH)).isZero();
	}

	@Test
	void tokenPutTimingOutWhileGetsAnswerIsTheHopLimit(ImdsSimulator imds) {
		imds.acceptImdsV1(true).dropTokenResponses(true).invalidateTokens();
		this.http.post("/actuator/imds");
		ActuatorHttp.Response health = this.http.get("/actuator/health/imds").save("hop-limit-health-imds");
		assertThat(health.status()).isEqualTo(503);
		assertThat(health.at("/status")).isEqualTo("DOWN");
		assertThat(health.at("/details/tokenState")).isEqualTo("FAILED");
		assertThat(health.at("/details/lastError")).contains("/latest/api/token").contains("timed out");
		assertThat(health.at("/details/diagnosisCode")).isEqualTo("hop-limit");
		assertThat(health.at("/details/diagnosis")).contains("--http-put-response-hop-limit 2");
		ActuatorHttp.Response endpoint = this.http.get("/actuator/imds").save("hop-limit-imds");
		assertThat(endpoint.at("/diagnosis/code")).isEqualTo("hop-limit");
		assertThat(endpoint.at("/lastError/kind")).isEqualTo("token");
		assertThat(endpoint.at("/lastError/outcome")).isEqualTo("read-timeout");
		assertThat(endpoint.json().at("/requests/counts/token/read-timeout").asLong()).isGreaterThanOrEqualTo(1);
	}

	@Test
	void forbiddenTokenPutIsTokensDisabled(ImdsSimulator imds) {
		imds.tokensDisabled().invalidateTokens();
		this.http.post("/actuator/imds");
		ActuatorHttp.Response health = this.http.get("/actuator/health/imds").save("token-forbidden-health-imds");
		assertThat(health.at("/status")).isEqualTo("DOWN");
		assertThat(health.at("/details/diagnosisCode")).isEqualTo("token-forbidden");
		assertThat(this.http.get("/actuator/imds").save("token-forbidden-imds").at("/diagnosis/code"))
			.isEqualTo("token-forbidden");
	}

	@Test
	void repeated401IsUnauthorized(ImdsSimulator imds) {
		imds.failNext(2, 401, "/latest/meta-data/instance-id");
		this.http.post("/actuator/imds");
		ActuatorHttp.Response health = this.http.get("/actuator/health/imds").save("unauthorized-health-imds");
		assertThat(health.at("/status")).isEqualTo("DOWN");
		assertThat(health.at("/details/diagnosisCode")).isEqualTo("unauthorized");
		assertThat(this.http.get("/actuator/imds").save("unauthorized-imds").at("/diagnosis/code"))
			.isEqualTo("unauthorized");
	}

	@Test
	void status429IsThrottled(ImdsSimulator imds) {
		imds.failNext(1, 429, "/latest/meta-data/instance-id");
		this.http.post("/actuator/imds");
		ActuatorHttp.Response health = this.http.get("/actuator/health/imds").save("throttled-health-imds");
		// a 429 is an answer: IMDS is there, only throttled; taking the instance out would not help
		assertThat(health.status()).isEqualTo(200);
		assertThat(health.at("/status")).isEqualTo("UP");
		assertThat(health.json().at("/details/degraded").asBoolean()).isTrue();
		assertThat(health.at("/details/degradedCause")).contains("429");
		assertThat(health.at("/details/diagnosisCode")).isEqualTo("throttled");
		ActuatorHttp.Response endpoint = this.http.get("/actuator/imds").save("throttled-imds");
		assertThat(endpoint.at("/diagnosis/code")).isEqualTo("throttled");
		assertThat(endpoint.json().at("/requests/counts/metadata/throttled").asLong()).isEqualTo(1);
	}

	@Test
	void recoversOnceImdsAnswersAgain(ImdsSimulator imds) {
		imds.failNext(1, 500, "/latest/meta-data/instance-id");
		this.http.post("/actuator/imds");
		assertThat(this.http.get("/actuator/health/imds").at("/status")).isEqualTo("DOWN");
		this.http.post("/actuator/imds");
		ActuatorHttp.Response health = this.http.get("/actuator/health/imds");
		assertThat(health.at("/status")).isEqualTo("UP");
		assertThat(health.at("/details/diagnosisCode")).isEqualTo("healthy");
	}

	@Test
	void metricsShowRequestsAndTokenExpiry() {
		this.http.post("/actuator/imds");
		ActuatorHttp.Response timer = this.http.get("/actuator/metrics/imds.requests").save("metrics-imds-requests");
		assertThat(timer.status()).isEqualTo(200);
		assertThat(timer.body()).contains("\"kind\"").contains("\"outcome\"").contains("\"status\"");
		assertThat(timer.json().at("/measurements/0/value").asDouble()).isGreaterThanOrEqualTo(1);
		ActuatorHttp.Response token = this.http.get("/actuator/metrics/imds.token.expiry");
		assertThat(token.status()).isEqualTo(200);
		assertThat(token.json().at("/measurements/0/value").asDouble()).isPositive();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class TestApplication {

	}

}
