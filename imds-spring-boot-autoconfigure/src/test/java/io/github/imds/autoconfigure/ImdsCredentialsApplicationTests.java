package io.github.imds.autoconfigure;

import io.github.imds.credentials.CredentialsStatus;
import io.github.imds.credentials.RoleCredentialsProvider;
import io.github.imds.test.EnableImdsSimulator;
import io.github.imds.test.ImdsSimulator;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.AwsRegionProvider;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End-to-end test: an application with the starter and the AWS SDK gets the instance role's credentials and
 * region from the IMDS simulator, with no credentials configuration.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@EnableImdsSimulator
class ImdsCredentialsApplicationTests {

	@Autowired
	private AwsCredentialsProvider credentialsProvider;

	@Autowired
	private AwsRegionProvider regionProvider;

	@Autowired
	private RoleCredentialsProvider roleCredentialsProvider;

	@Test
	void sdkProvidersGiveTheInstanceRoleCredentialsAndRegion(ImdsSimulator imds) {
		assertThat(this.credentialsProvider.resolveCredentials()).isInstanceOfSatisfying(AwsSessionCredentials.class,
				(credentials) -> {
					assertThat(credentials.accessKeyId()).startsWith("ASIAFAKE");
					assertThat(credentials.secretAccessKey()).startsWith("fake-secret-");
					assertThat(credentials.sessionToken()).startsWith("fake-session-token-");
					assertThat(credentials.expirationTime()).isPresent();
					assertThat(credentials.accountId()).contains("123456789012");
				});
		assertThat(this.regionProvider.getRegion()).isEqualTo(Region.US_EAST_1);
		assertThat(this.roleCredentialsProvider.status().state()).isEqualTo(CredentialsStatus.State.VALID);
		// Fetched when the context started; the simulator's journal is reset before each test, and the calls
		// above were served from memory.
		assertThat(imds.countMatching((request) -> request.path().contains("security-credentials"))).isZero();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class TestApplication {

	}

}
