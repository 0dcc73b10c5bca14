package io.github.imds.test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.github.imds.test.SimulatorOptions.Scenario;
import io.github.imds.test.SimulatorOptions.Scenario.Kind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link SimulatorOptions}.
 */
class SimulatorOptionsTests {

	@Test
	void parseWithoutArgumentsUsesDefaults() {
		assertThat(SimulatorOptions.parse()).isEqualTo(new SimulatorOptions(1338, false, false, false, null, null,
				List.of(), 0, false, Duration.ZERO, true, false));
	}

	@Test
	void parseReadsEveryOption() {
		SimulatorOptions options = SimulatorOptions.parse("--port", "0", "--ipv6", "--imds-v1", "--tags",
				"--user-data", "ud.bin", "--model=m.json", "--spot", "terminate@30s", "--rebalance@2m", "--asg",
				"Terminated@500ms", "--maintenance", "system-reboot", "--throttle", "20", "--hop-limit", "--latency",
				"250ms", "--quiet");
		assertThat(options).isEqualTo(new SimulatorOptions(0, true, true, true, Path.of("ud.bin"), Path.of("m.json"),
				List.of(new Scenario(Kind.SPOT, "terminate", Duration.ofSeconds(30)),
						new Scenario(Kind.REBALANCE, null, Duration.ofMinutes(2)),
						new Scenario(Kind.AUTO_SCALING, "Terminated", Duration.ofMillis(500)),
						new Scenario(Kind.MAINTENANCE, "system-reboot", Duration.ZERO)),
				20, true, Duration.ofMillis(250), false, false));
		assertThat(SimulatorOptions.parse("--help").help()).isTrue();
		assertThat(SimulatorOptions.parse("--rebalance").scenarios())
			.containsExactly(new Scenario(Kind.REBALANCE, null, Duration.ZERO));
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			500ms | PT0.5S
			30s   | PT30S
			2m    | PT2M
			1h    | PT1H
			45    | PT45S
			""")
	void durationReadsUnits(String text, Duration expected) {
		assertThat(SimulatorOptions.duration(text)).isEqualTo(expected);
	}

	@Test
	void parseRejectsBadInputNamingIt() {
		assertThatIllegalArgumentException().isThrownBy(() -> SimulatorOptions.parse("--port", "x"))
			.withMessageContaining("'x'");
		assertThatIllegalArgumentException().isThrownBy(() -> SimulatorOptions.parse("--port", "70000"));
		assertThatIllegalArgumentException().isThrownBy(() -> SimulatorOptions.parse("--bogus"))
			.withMessageContaining("'--bogus'");
		assertThatIllegalArgumentException().isThrownBy(() -> SimulatorOptions.parse("--spot", "explode"))
			.withMessageContaining("'explode'");
		assertThatIllegalArgumentException().isThrownBy(() -> SimulatorOptions.parse("--latency", "soon"))
			.withMessageContaining("'soon'");
		assertThatIllegalArgumentException().isThrownBy(() -> SimulatorOptions.parse("--model"))
			.withMessageContaining("'--model' needs a value");
	}

}
