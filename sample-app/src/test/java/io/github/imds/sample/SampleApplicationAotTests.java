package io.github.imds.sample;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The AOT-processed sample jar (built by the {@code aot} profile, which {@code ./mvnw verify} activates) started
 * with {@code -Dspring.aot.enabled=true} against its embedded simulator: the same {@code ec2.*} values, health
 * and credentials as in JVM mode. Runs in the {@code integration-test} phase, after the jar is repackaged.
 */
class SampleApplicationAotTests {

	private static final HttpClient http = HttpClient.newBuilder()
		.proxy(HttpClient.Builder.NO_PROXY)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	@TempDir
	static Path temp;

	private static Process process;

	private static Path log;

	private static int port;

	@BeforeAll
	static void startAotProcessedJar() throws IOException {
		String jar = System.getProperty("sample.jar");
		// set by the aot profile's execution; a -Dtest=... run of the default execution has no jar yet
		assumeTrue(jar != null, "needs the repackaged jar: runs in the integration-test phase of the aot profile");
		port = freePort();
		log = temp.resolve("sample.log");
		List<String> command = new ArrayList<>();
		command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-Dspring.aot.enabled=true");
		command.add("-jar");
		command.add(jar);
		command.add("--server.address=127.0.0.1");
		command.add("--server.port=" + port);
		// a loaded build machine must not turn into "no metadata": this test is about AOT, not speed
		command.add("--imds.read-timeout=20s");
		command.add("--imds.metadata.startup-timeout=40s");
		process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		await().atMost(Duration.ofMinutes(3))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> !process.isAlive() || Files.readString(log).contains("Started SampleApplication"));
		assertThat(process.isAlive()).as("the sample is running; its output:%n%s", Files.readString(log)).isTrue();
	}

	@AfterAll
	static void stop() throws InterruptedException {
		if (process != null) {
			process.destroy();
			process.waitFor();
		}
	}

	@Test
	void startsAsTheAotProcessedApplication() throws IOException {
		assertThat(Files.readString(log)).contains("Starting AOT-processed SampleApplication")
			.containsPattern("Loaded \\d+ ec2\\.\\* properties for i-0123456789abcdef0");
	}

	@Test
	void rootShowsInjectedInstanceMetadata() throws Exception {
		HttpResponse<String> response = get("/");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"instanceId\":\"i-0123456789abcdef0\"")
			.contains("\"region\":\"us-east-1\"");
	}

	@Test
	void healthIsUpWithTheImdsContributor() throws Exception {
		HttpResponse<String> response = get("/actuator/health");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"status\":\"UP\"").contains("\"protocol\":\"IMDSv2\"");
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
	void imdsEndpointAnswers() throws Exception {
		HttpResponse<String> response = get("/actuator/imds");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"instanceId\":\"i-0123456789abcdef0\"").doesNotContain("fake-secret");
	}

	private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.timeout(Duration.ofSeconds(30))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
