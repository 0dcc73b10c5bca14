package io.github.imds.actuate;

import java.time.Duration;
import java.time.Instant;

import io.github.imds.actuate.internal.ImdsProbe;
import io.github.imds.autoconfigure.ImdsHealthProperties;
import io.github.imds.autoconfigure.ImdsProperties;
import io.github.imds.client.AwsSdkSettings;
import io.github.imds.client.ImdsClient;
import io.github.imds.client.PlatformDetectionMode;
import io.github.imds.client.internal.ImdsRequestStatistics;
import io.github.imds.test.EnableImdsSimulator;
import io.github.imds.test.ImdsSimulator;
import io.github.imds.testsupport.MutableClock;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code imds} health with the default {@code imds.health.down-after} (1 minute), over real HTTP against the
 * simulator, in test time: one failed probe followed by recovery is never {@code DOWN}; an outage is
 * {@code UP} with {@code degraded} details until it has lasted a minute, then {@code DOWN} ({@code 503}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=health",
				"management.endpoint.health.show-details=always", "imds.lifecycle.enabled=false",
				"imds.credentials.enabled=false" })
@EnableImdsSimulator
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_EACH_TEST_METHOD)
class ImdsHealthOutageTests {

	private static final Duration BEYOND_MAX_STALENESS = Duration.ofSeconds(31);

	static final MutableClock clock = new MutableClock(Instant.now());

	static ImdsSimulator simulator;

	@LocalServerPort
	int port;

	ActuatorHttp http;

	@BeforeAll
	static void simulator(ImdsSimulator imds) {
		simulator = imds;
	}

	@BeforeEach
	void setUp() {
		this.http = new ActuatorHttp(this.port);
	}

	@Test
	void oneFailedProbeThenRecoveryIsNeverDown(ImdsSimulator imds) {
		imds.failNext(1, 500, ImdsProbe.PROBE_PATH);
		clock.advance(BEYOND_MAX_STALENESS);
		ActuatorHttp.Response failed = this.http.get("/actuator/health/imds").save("failing-health-imds");
		assertThat(failed.status()).isEqualTo(200);
		assertThat(failed.at("/status")).isEqualTo("UP");
		assertThat(failed.json().at("/details/degraded").asBoolean()).isTrue();
		assertThat(failed.at("/details/degradedCause")).contains("imds.health.down-after");
		assertThat(failed.json().at("/details/failingSince").isString()).isTrue();
		clock.advance(BEYOND_MAX_STALENESS);
		ActuatorHttp.Response recovered = this.http.get("/actuator/health/imds");
		assertThat(recovered.status()).isEqualTo(200);
		assertThat(recovered.at("/status")).isEqualTo("UP");
		assertThat(recovered.json().has("degraded")).isFalse();
		assertThat(recovered.json().at("/details/failingSince").isMissingNode()).isTrue();
		assertThat(imds.count("GET", ImdsProbe.PROBE_PATH)).isEqualTo(2);
	}

	@Test
	void sustainedOutageIsDownAfterDownAfter(ImdsSimulator imds) {
		imds.failNext(1000, 500, ImdsProbe.PROBE_PATH);
		clock.advance(BEYOND_MAX_STALENESS);
		assertThat(this.http.get("/actuator/health").status()).isEqualTo(200);
		clock.advance(BEYOND_MAX_STALENESS);
		ActuatorHttp.Response stillUp = this.http.get("/actuator/health/imds");
		assertThat(stillUp.status()).isEqualTo(200);
		assertThat(stillUp.at("/status")).isEqualTo("UP");
		clock.advance(BEYOND_MAX_STALENESS);
		ActuatorHttp.Response down = this.http.get("/actuator/health/imds").save("outage-health-imds");
		assertThat(down.status()).isEqualTo(503);
		assertThat(down.at("/status")).isEqualTo("DOWN");
		assertThat(down.json().has("degraded")).isFalse();
		assertThat(this.http.get("/actuator/health").status()).isEqualTo(503);
		imds.clearFaults();
		clock.advance(BEYOND_MAX_STALENESS);
		assertThat(this.http.get("/actuator/health/imds").at("/status")).isEqualTo("UP");
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class TestApplication {

		// the client and the probe in test time (the startup load keeps its own client and statistics)
		@Bean
		ImdsClient testTimeImdsClient() {
			return ImdsClient.builder()
				.endpoint(simulator.endpoint())
				.platformDetection(PlatformDetectionMode.OFF)
				.sdkSettings(AwsSdkSettings.none())
				.maxAttempts(1)
				.clock(clock)
				.build();
		}

		@Bean
		ImdsRequestStatistics testTimeStatistics(ImdsClient client) {
			ImdsRequestStatistics statistics = new ImdsRequestStatistics();
			client.addListener(statistics);
			return statistics;
		}

		@Bean
		ImdsProbe testTimeImdsProbe(ImdsClient client, ImdsRequestStatistics statistics, ImdsProperties properties) {
			// the defaults of imds.health.*: max-staleness 30 s, down-after 1 min
			ImdsHealthProperties health = properties.getHealth();
			return new ImdsProbe(client, statistics, health.getMaxStaleness(), health.getDownAfter(), clock);
		}

	}

}
