package io.github.imds.autoconfigure;

import java.time.Duration;

import io.github.imds.client.ImdsClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ImdsClientFactory}: the AWS SDK's settings where {@code imds.*} does not set them.
 */
class ImdsClientFactoryTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ImdsAutoConfiguration.class));

	@AfterEach
	void tearDown() {
		System.clearProperty("aws.ec2MetadataServiceTimeout");
		System.clearProperty("aws.disableEc2Metadata");
	}

	@Test
	void sdkTimeoutAppliesWhereImdsPropertiesDoNotSetThem() {
		System.setProperty("aws.ec2MetadataServiceTimeout", "2");
		MockEnvironment environment = new MockEnvironment().withProperty("imds.endpoint", "http://127.0.0.1:9")
			.withProperty("imds.connect-timeout", "100ms");
		try (ImdsClient client = ImdsClientFactory.create(ImdsClientFactory.bind(environment), environment)) {
			assertThat(client.settings().readTimeout()).isEqualTo(Duration.ofSeconds(2));
			assertThat(client.settings().connectTimeout()).isEqualTo(Duration.ofMillis(100));
		}
	}

	@Test
	void withoutSdkSettingsTheDefaultsApply() {
		StandardEnvironment environment = new StandardEnvironment();
		try (ImdsClient client = ImdsClientFactory.create(ImdsClientFactory.bind(environment), environment)) {
			assertThat(client.settings().readTimeout()).isEqualTo(Duration.ofSeconds(1));
			assertThat(client.settings().connectTimeout()).isEqualTo(Duration.ofMillis(250));
		}
	}

	@Test
	void invalidDisabledValueFailsStartupNamingTheSetting() {
		System.setProperty("aws.disableEc2Metadata", "yes");
		this.contextRunner.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("aws.disableEc2Metadata")
				.hasMessageContaining("'true' or 'false'"));
	}

}
