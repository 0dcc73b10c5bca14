package io.github.imds.test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.github.imds.test.ImdsSimulatorMain.Options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link ImdsSimulatorMain}.
 */
class ImdsSimulatorMainTests {

	@Test
	void parseWithoutArgumentsShouldUseDefaultPort() {
		assertThat(Options.parse()).isEqualTo(new Options(1338, false, false));
	}

	@Test
	void parseShouldReadPortAndFlags() {
		assertThat(Options.parse("--port", "0", "--imds-v1")).isEqualTo(new Options(0, true, false));
		assertThat(Options.parse("--port=1400")).isEqualTo(new Options(1400, false, false));
		assertThat(Options.parse("--help").help()).isTrue();
	}

	@Test
	void parseShouldRejectBadInput() {
		assertThatIllegalArgumentException().isThrownBy(() -> Options.parse("--port", "x")).withMessageContaining("'x'");
		assertThatIllegalArgumentException().isThrownBy(() -> Options.parse("--port", "70000"));
		assertThatIllegalArgumentException().isThrownBy(() -> Options.parse("--bogus")).withMessageContaining("'--bogus'");
	}

	@Test
	void startShouldServeAndPrintEndpointAndCurlExample() throws Exception {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (ImdsSimulator simulator = ImdsSimulatorMain.start(new Options(0, false, false),
				new PrintStream(out, true, StandardCharsets.UTF_8))) {
			String printed = out.toString(StandardCharsets.UTF_8);
			assertThat(printed).contains(simulator.endpoint())
				.contains("curl -s -X PUT " + simulator.endpoint() + "/latest/api/token")
				.contains("X-aws-ec2-metadata-token: $TOKEN");
			assertThat(new ImdsHttp(simulator.endpoint()).body("instance-id")).isEqualTo("i-0123456789abcdef0");
		}
	}

}
