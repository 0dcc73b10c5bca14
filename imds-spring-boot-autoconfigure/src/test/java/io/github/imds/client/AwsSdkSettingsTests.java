package io.github.imds.client;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link AwsSdkSettings}: precedence (system property, environment, profile) and validation.
 */
class AwsSdkSettingsTests {

	@ParameterizedTest
	@ValueSource(strings = { "yes", "1", "on", "tru" })
	void disabledWithAValueOtherThanTrueOrFalseNamesTheVariable(String value) {
		AwsSdkSettings settings = AwsSdkSettings.of(Map.of(), Map.of("AWS_EC2_METADATA_DISABLED", value));
		assertThatIllegalArgumentException().isThrownBy(settings::disabledBy)
			.withMessageContaining("AWS_EC2_METADATA_DISABLED")
			.withMessageContaining("'true' or 'false'")
			.withMessageContaining("'" + value + "'");
	}

	@Test
	void disabledAcceptsTrueAndFalseInAnyCase() {
		assertThat(AwsSdkSettings.of(Map.of(), Map.of("AWS_EC2_METADATA_DISABLED", " TRUE ")).disabledBy())
			.isEqualTo("AWS_EC2_METADATA_DISABLED=TRUE");
		assertThat(AwsSdkSettings.of(Map.of(), Map.of("AWS_EC2_METADATA_DISABLED", "False")).disabledBy()).isNull();
		assertThat(AwsSdkSettings.of(Map.of("aws.disableEc2Metadata", "false"),
				Map.of("AWS_EC2_METADATA_DISABLED", "true")).disabledBy()).isNull();
	}

	@Test
	void profileComesAfterSystemPropertiesAndEnvironment() {
		Map<String, String> profile = Map.of("ec2_metadata_service_endpoint", "http://127.0.0.1:3",
				"ec2_metadata_service_endpoint_mode", "IPv6", "ec2_metadata_v1_disabled", "true");
		AwsSdkSettings onlyProfile = AwsSdkSettings.none().withProfile(profile::get);
		assertThat(onlyProfile.endpoint().name()).isEqualTo("profile property ec2_metadata_service_endpoint");
		assertThat(onlyProfile.endpoint().value()).isEqualTo("http://127.0.0.1:3");
		assertThat(onlyProfile.endpointMode().value()).isEqualTo("IPv6");
		assertThat(onlyProfile.v1DisabledBy()).isEqualTo("profile property ec2_metadata_v1_disabled=true");
		AwsSdkSettings withEnv = AwsSdkSettings.of(Map.of(), Map.of("AWS_EC2_METADATA_SERVICE_ENDPOINT",
				"http://127.0.0.1:2", "AWS_EC2_METADATA_V1_DISABLED", "false")).withProfile(profile::get);
		assertThat(withEnv.endpoint().value()).isEqualTo("http://127.0.0.1:2");
		assertThat(withEnv.v1DisabledBy()).isNull();
	}

	@Test
	void timeoutAcceptsSecondsAsTheSdkDoes() {
		assertThat(AwsSdkSettings.of(Map.of(), Map.of("AWS_METADATA_SERVICE_TIMEOUT", "2")).timeout())
			.isEqualTo(Duration.ofSeconds(2));
		assertThat(AwsSdkSettings.of(Map.of("aws.ec2MetadataServiceTimeout", "0.5"),
				Map.of("AWS_METADATA_SERVICE_TIMEOUT", "2")).timeout()).isEqualTo(Duration.ofMillis(500));
		assertThat(AwsSdkSettings.none().withProfile(Map.of("metadata_service_timeout", "3")::get).timeout())
			.isEqualTo(Duration.ofSeconds(3));
		assertThat(AwsSdkSettings.none().timeout()).isNull();
		assertThatIllegalArgumentException()
			.isThrownBy(() -> AwsSdkSettings.of(Map.of(), Map.of("AWS_METADATA_SERVICE_TIMEOUT", "1s")).timeout())
			.withMessageContaining("AWS_METADATA_SERVICE_TIMEOUT");
	}

	@Test
	void numAttemptsIsAWholeNumberFromOneToTen() {
		assertThat(AwsSdkSettings.of(Map.of(), Map.of("AWS_METADATA_SERVICE_NUM_ATTEMPTS", "4")).numAttempts())
			.isEqualTo(4);
		assertThat(AwsSdkSettings.none().withProfile(Map.of("metadata_service_num_attempts", "2")::get).numAttempts())
			.isEqualTo(2);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> AwsSdkSettings.of(Map.of(), Map.of("AWS_METADATA_SERVICE_NUM_ATTEMPTS", "0")).numAttempts())
			.withMessageContaining("AWS_METADATA_SERVICE_NUM_ATTEMPTS");
	}

}
