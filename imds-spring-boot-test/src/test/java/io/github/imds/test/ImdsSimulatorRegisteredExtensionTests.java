package io.github.imds.test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link ImdsSimulatorExtension} registered in fields.
 */
class ImdsSimulatorRegisteredExtensionTests {

	private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

	@RegisterExtension
	static ImdsSimulatorExtension imds = ImdsSimulatorExtension.builder()
		.simulator(ImdsSimulator.builder().clock(Clock.fixed(START, ZoneOffset.UTC)).acceptImdsV1(true))
		.build();

	@RegisterExtension
	ImdsSimulatorExtension perTest = ImdsSimulatorExtension.create();

	@Test
	void staticFieldRunsOneSimulatorWithBuilderSettings() throws Exception {
		ImdsSimulator simulator = imds.simulator();
		assertThat(simulator.isRunning()).isTrue();
		assertThat(simulator.clock().instant()).isEqualTo(START);
		assertThat(new ImdsHttp(simulator.endpoint()).get("instance-id", null).statusCode()).isEqualTo(200);
	}

	@Test
	void instanceFieldRunsItsOwnSimulator() {
		assertThat(this.perTest.simulator()).isNotSameAs(imds.simulator());
		assertThat(this.perTest.simulator().isRunning()).isTrue();
	}

	@Test
	void simulatorOutsideTestsFails() {
		assertThatIllegalStateException().isThrownBy(() -> ImdsSimulatorExtension.create().simulator());
	}

}
