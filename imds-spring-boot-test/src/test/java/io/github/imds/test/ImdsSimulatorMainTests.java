package io.github.imds.test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ImdsSimulatorMain}.
 */
class ImdsSimulatorMainTests {

	@Test
	void startServesAndPrintsEndpointAndCurlExample() throws Exception {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (ImdsSimulator simulator = ImdsSimulatorMain.start(SimulatorOptions.parse("--port", "0", "--quiet"),
				new PrintStream(out, true, StandardCharsets.UTF_8))) {
			String printed = out.toString(StandardCharsets.UTF_8);
			assertThat(printed).contains(simulator.endpoint())
				.contains("curl -s -X PUT " + simulator.endpoint() + "/latest/api/token")
				.contains("X-aws-ec2-metadata-token: $TOKEN");
			assertThat(new ImdsHttp(simulator.endpoint()).body("instance-id")).isEqualTo("i-0123456789abcdef0");
		}
	}

	@Test
	void startAppliesModelUserDataTagsAndFaults(@TempDir Path directory) throws Exception {
		Path model = Files.writeString(directory.resolve("model.json"), """
				{ "instanceId": "i-0fedcba9876543210", "region": "eu-west-1", "role": "my-role",
				  "tags": { "Team": "platform" }, "metadata": { "instance-type": "t3.micro" } }
				""");
		Path userData = Files.write(directory.resolve("user-data"), new byte[] { 1, 2, 3 });
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (ImdsSimulator simulator = ImdsSimulatorMain.start(SimulatorOptions.parse("--port=0", "--tags", "--model",
				model.toString(), "--user-data", userData.toString(), "--imds-v1"),
				new PrintStream(out, true, StandardCharsets.UTF_8))) {
			ImdsHttp http = new ImdsHttp(simulator.endpoint());
			assertThat(http.body("instance-id")).isEqualTo("i-0fedcba9876543210");
			assertThat(http.body("placement/availability-zone")).isEqualTo("eu-west-1a");
			assertThat(http.body("instance-type")).isEqualTo("t3.micro");
			assertThat(http.body("iam/security-credentials/")).isEqualTo("my-role");
			assertThat(http.body("tags/instance/Team")).isEqualTo("platform");
			assertThat(http.getBytes("/latest/user-data", http.token()).body()).containsExactly(1, 2, 3);
			assertThat(http.get("instance-id", null).statusCode()).isEqualTo(200);
			simulator.reset();
			assertThat(http.body("instance-id")).as("options survive a reset").isEqualTo("i-0fedcba9876543210");
		}
	}

	@Test
	void startLogsEachRequestWithoutTheToken() throws Exception {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (ImdsSimulator simulator = ImdsSimulatorMain.start(SimulatorOptions.parse("--port=0"),
				new PrintStream(out, true, StandardCharsets.UTF_8))) {
			ImdsHttp http = new ImdsHttp(simulator.endpoint());
			String token = http.token();
			http.get("instance-id", token);
			String printed = out.toString(StandardCharsets.UTF_8);
			assertThat(printed).contains(" PUT /latest/api/token 200 no-token")
				.contains(" GET /latest/meta-data/instance-id 200 token")
				.doesNotContain(token);
		}
	}

	@Test
	void scenariosIssueTheirNotices() throws Exception {
		try (ImdsSimulator simulator = ImdsSimulator.startDefault()) {
			ImdsHttp http = new ImdsHttp(simulator.endpoint());
			for (SimulatorOptions.Scenario scenario : SimulatorOptions
				.parse("--spot", "stop", "--rebalance", "--asg", "Terminated", "--maintenance", "system-reboot")
				.scenarios()) {
				ImdsSimulatorMain.issue(simulator, scenario);
			}
			assertThat(http.body("spot/instance-action")).contains("\"action\": \"stop\"");
			assertThat(http.body("events/recommendations/rebalance")).contains("noticeTime");
			assertThat(http.body("autoscaling/target-lifecycle-state")).isEqualTo("Terminated");
			assertThat(http.body("events/maintenance/scheduled")).contains("\"Code\" : \"system-reboot\"");
		}
	}

	@Test
	void faultOptionsApply() throws Exception {
		try (ImdsSimulator simulator = ImdsSimulatorMain.start(SimulatorOptions.parse("--port=0", "--quiet",
				"--throttle", "1"), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))) {
			ImdsHttp http = new ImdsHttp(simulator.endpoint());
			http.putToken("60");
			assertThat(http.putToken("60").statusCode()).isEqualTo(429);
		}
	}

}
