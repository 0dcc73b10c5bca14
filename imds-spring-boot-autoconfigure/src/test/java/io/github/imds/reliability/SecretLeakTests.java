package io.github.imds.reliability;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.imds.client.ImdsClient;
import io.github.imds.credentials.RoleCredentialsProvider;
import io.github.imds.test.EnableImdsSimulator;
import io.github.imds.test.ImdsSimulator;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A whole web application with TRACE logging for the starter and every actuator endpoint exposed with
 * values shown, driven through every path (startup, credentials, SDK adapter, token renewal, outages,
 * refused and malformed answers, the endpoint's refresh): neither the logs nor any endpoint's body contain
 * a secret access key, a session token or an IMDS token.
 */
@ExtendWith(OutputCaptureExtension.class)
@EnableImdsSimulator
class SecretLeakTests {

	/** What the simulator's secrets and IMDS tokens start with; none may appear anywhere. */
	private static final List<String> SECRETS = List.of("fake-secret", "fake-session-token", "AQAEAFAKE");

	private static final List<String> ENDPOINTS = List.of("health", "health/imds", "imds", "env", "configprops",
			"beans", "metrics", "metrics/imds.requests", "metrics/imds.credentials.expiry", "loggers",
			"loggers/io.github.imds", "info");

	private final HttpClient http = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build();

	@Test
	void logsAndEndpointsNeverShowASecretOnAnyPath(ImdsSimulator imds, CapturedOutput output) throws Exception {
		Map<String, String> bodies = new LinkedHashMap<>();
		List<String> messages = new ArrayList<>();
		imds.userData("worker.pool=blue\n");
		SpringApplication application = new SpringApplication(ReliabilityApplication.App.class);
		try (ConfigurableApplicationContext context = application.run(ReliabilityApplication.onSimulator(imds,
				"--server.port=0", "--logging.level.io.github.imds=TRACE",
				"--management.endpoints.web.exposure.include=*", "--management.endpoint.health.show-details=always",
				"--management.endpoint.env.show-values=ALWAYS",
				"--management.endpoint.configprops.show-values=ALWAYS", "--imds.health.max-staleness=0s",
				"--imds.metadata.user-data=raw", "--imds.lifecycle.poll-interval=100ms"))) {
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			// the starter's categories really log at TRACE in this run: a probe in one of them
			LogFactory.getLog("io.github.imds.reliability.probe").trace("imds-trace-probe");
			ImdsClient client = context.getBean(ImdsClient.class);
			RoleCredentialsProvider credentials = context.getBean(RoleCredentialsProvider.class);
			AwsCredentialsProvider sdk = context.getBean(AwsCredentialsProvider.class);
			List<Runnable> paths = List.of(() -> { }, () -> imds.invalidateTokens(),
					() -> imds.failNext(Integer.MAX_VALUE, 500), () -> imds.credentialsCode("Failure", "fake message"),
					() -> imds.malformedJson("iam/security-credentials-extended/sample-role"),
					() -> imds.failNext(Integer.MAX_VALUE, 400, ImdsSimulator.TOKEN_PATH),
					() -> imds.noInstanceProfile(), () -> imds.role("other-role"));
			for (Runnable path : paths) {
				imds.clearFaults();
				path.run();
				messages.add(outcome(() -> client.get("/latest/meta-data/instance-id")));
				messages.add(outcome(() -> client.get("/latest/meta-data/iam/security-credentials/")));
				messages.add(outcome(() -> credentials.refreshNow().get().toString()));
				messages.add(outcome(() -> credentials.getCredentials().toString()));
				messages.add(outcome(() -> sdk.resolveCredentials().toString()));
				messages.add(outcome(() -> credentials.status().toString()));
				messages.add(client.toString() + client.tokenStatus() + credentials);
				bodies.put("POST imds " + bodies.size(), post(port, "imds"));
				for (String endpoint : ENDPOINTS) {
					bodies.put(endpoint + " " + bodies.size(), get(port, endpoint));
				}
			}
		}
		assertThat(bodies).hasSize(paths() * (ENDPOINTS.size() + 1));
		assertThat(bodies.values()).anySatisfy((body) -> assertThat(body).contains("\"diagnosisCode\""));
		assertThat(bodies.values()).anySatisfy((body) -> assertThat(body).contains("ec2.instance-id"));
		assertThat(bodies.values()).anySatisfy((body) -> assertThat(body).contains("imds.requests"));
		assertThat(output).contains("imds-trace-probe").hasSizeGreaterThan(10_000);
		for (String secret : SECRETS) {
			assertThat(output.getAll()).doesNotContain(secret);
			assertThat(messages).allSatisfy((message) -> assertThat(message).doesNotContain(secret));
			bodies.forEach((endpoint, body) -> assertThat(body).as(endpoint).doesNotContain(secret));
		}
	}

	private static int paths() {
		return 8;
	}

	private String get(int port, String endpoint) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/" + endpoint))
			.timeout(Duration.ofSeconds(30))
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString()).body();
	}

	private String post(int port, String endpoint) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/" + endpoint))
			.timeout(Duration.ofSeconds(60))
			.POST(HttpRequest.BodyPublishers.noBody())
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString()).body();
	}

	private static String outcome(ThrowingSupplier supplier) {
		try {
			return String.valueOf(supplier.get());
		}
		catch (Throwable ex) {
			StringBuilder all = new StringBuilder();
			for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
				all.append(cause).append(" | ");
			}
			return all.toString();
		}
	}

	@FunctionalInterface
	interface ThrowingSupplier {

		Object get() throws Exception;

	}

}
