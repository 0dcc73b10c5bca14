package io.github.imds.test;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the attributes of {@link EnableImdsSimulator}.
 */
@EnableImdsSimulator(acceptImdsV1 = true)
class ImdsSimulatorExtensionAttributesTests {

	@Test
	void acceptImdsV1AppliesAfterReset(ImdsSimulator simulator) throws Exception {
		simulator.reset();
		assertThat(new ImdsHttp(simulator.endpoint()).get("instance-id", null).statusCode()).isEqualTo(200);
	}

}
