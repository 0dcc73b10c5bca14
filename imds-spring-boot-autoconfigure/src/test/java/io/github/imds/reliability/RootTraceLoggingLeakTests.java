package io.github.imds.reliability;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.github.imds.client.ImdsClient;
import io.github.imds.credentials.RoleCredentialsProvider;
import io.github.imds.test.EnableImdsSimulator;
import io.github.imds.test.ImdsSimulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.bridge.SLF4JBridgeHandler;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A whole web application with the root logger at TRACE and {@code java.util.logging} at FINEST, bridged to
 * the console as Spring Boot does: the token PUT, a 401 renewal, the credentials, health and a
 * {@code POST /actuator/imds} refresh leave no IMDS token, secret access key or session token in the output.
 * The JDK's {@code HttpURLConnection} logs every request header at {@code FINE}: this test fails with a
 * transport built on it.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "logging.level.root=TRACE", "management.endpoints.web.exposure.include=health,imds",
				"management.endpoint.health.show-details=always", "imds.health.max-staleness=0s",
				"imds.lifecycle.enabled=false" })
@EnableImdsSimulator
@DirtiesContext
class RootTraceLoggingLeakTests {

	/** What the simulator's IMDS tokens, secrets and session tokens start with. */
	private static final List<String> SECRETS = List.of("AQAEAFAKE", "fake-secret", "fake-session-token");

	private static final Logger JUL_PROBE = Logger.getLogger(RootTraceLoggingLeakTests.class.getName() + ".jul");

	private final HttpClient http = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build();

	@Autowired
	private ImdsClient client;

	@Autowired
	private RoleCredentialsProvider credentials;

	@LocalServerPort
	private int port;

	@BeforeAll
	static void bridgeJulAtFinestBeforeTheApplicationStarts() {
		// The startup load runs before Spring Boot initializes logging: bridge JUL already, at its finest, so the
		// first token PUT is covered too. Boot then keeps the bridge and propagates logging.level.root to JUL.
		SLF4JBridgeHandler.removeHandlersForRootLogger();
		SLF4JBridgeHandler.install();
		Logger.getLogger("").setLevel(Level.FINEST);
	}

	@AfterAll
	static void restoreJulLevel() {
		// the JVM is shared with other test classes: FINEST must not outlive this one
		Logger.getLogger("").setLevel(Level.INFO);
	}

	@Test
	void rootTraceAndJulFinestNeverShowATokenOrSecret(ImdsSimulator imds, CapturedOutput output)
			throws Exception {
		// JUL really reaches the console at FINEST, for the JDK's own loggers as well
		assertThat(Logger.getLogger("sun.net.www.protocol.http.HttpURLConnection").isLoggable(Level.FINEST)).isTrue();
		JUL_PROBE.finest("jul-finest-probe");
		assertThat(output).contains("jul-finest-probe");
		imds.invalidateTokens();
		assertThat(this.client.get("/latest/meta-data/instance-id")).isPresent();
		assertThat(imds.tokenPuts()).isPositive();
		this.credentials.refreshNow().get();
		assertThat(this.credentials.getCredentials().accessKeyId()).startsWith("ASIAFAKE");
		assertThat(this.credentials.getCredentials().secretAccessKey()).startsWith("fake-secret");
		assertThat(get("health")).contains("\"imds\"");
		assertThat(post("imds")).isNotEmpty();
		// The client writes its exchanges itself, so no logger sees them (which is the point): the root logger
		// at TRACE is shown by a probe instead
		LogFactory.getLog("io.github.imds.reliability.probe").trace("root-trace-probe");
		assertThat(output).contains("root-trace-probe");
		for (String secret : SECRETS) {
			assertThat(output.getAll()).doesNotContain(secret);
		}
	}

	private String get(String endpoint) throws Exception {
		return this.http.send(request(endpoint).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
	}

	private String post(String endpoint) throws Exception {
		return this.http.send(request(endpoint).POST(HttpRequest.BodyPublishers.noBody()).build(),
				HttpResponse.BodyHandlers.ofString())
			.body();
	}

	private HttpRequest.Builder request(String endpoint) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/actuator/" + endpoint))
			.timeout(Duration.ofSeconds(60));
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class TestApplication {

	}

}
