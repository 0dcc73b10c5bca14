package io.github.imds.test;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the credentials attributes of {@link EnableImdsSimulator}: they are the simulator's default state,
 * so they hold after the reset before each test, as a startup fetch that runs at any time sees them.
 */
class ImdsSimulatorCredentialsAttributesTests {

	@Nested
	@EnableImdsSimulator(instanceProfile = false)
	class WithoutInstanceProfile {

		@Test
		void noRoleIsListedAfterReset(ImdsSimulator simulator) throws Exception {
			simulator.reset();
			ImdsHttp http = new ImdsHttp(simulator.endpoint());
			assertThat(http.get("iam/security-credentials/", http.token()).statusCode()).isEqualTo(404);
		}

	}

	@Nested
	@EnableImdsSimulator(credentialsCode = "AssumeRoleUnauthorizedAccess")
	class WithACredentialsCode {

		@Test
		void theCodeIsServedAfterReset(ImdsSimulator simulator) throws Exception {
			simulator.reset();
			ImdsHttp http = new ImdsHttp(simulator.endpoint());
			String token = http.token();
			String role = http.get("iam/security-credentials/", token).body().trim();
			assertThat(http.get("iam/security-credentials/" + role, token).body())
				.contains("\"Code\" : \"AssumeRoleUnauthorizedAccess\"");
		}

	}

	@Nested
	@EnableImdsSimulator
	class ByDefault {

		@Test
		void theRoleHasCredentials(ImdsSimulator simulator) throws Exception {
			ImdsHttp http = new ImdsHttp(simulator.endpoint());
			String token = http.token();
			String role = http.get("iam/security-credentials/", token).body().trim();
			assertThat(http.get("iam/security-credentials/" + role, token).body()).contains("\"Code\" : \"Success\"");
		}

	}

}
