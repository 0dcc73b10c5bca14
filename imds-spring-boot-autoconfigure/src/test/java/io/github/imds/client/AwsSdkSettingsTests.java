package io.github.imds.client;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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

	@ParameterizedTest
	@CsvSource(textBlock = """
			60,    60000
			0.001, 1
			1.5,   1500
			' 7 ', 7000
			""")
	void timeoutAcceptsMoreThanZeroUpToSixtySeconds(String value, long millis) {
		assertThat(AwsSdkSettings.of(Map.of(), Map.of("AWS_METADATA_SERVICE_TIMEOUT", value)).timeout())
			.isEqualTo(Duration.ofMillis(millis));
	}

	@ParameterizedTest
	@ValueSource(strings = { "0", "-1", "60.001", "61" })
	void timeoutOutsideTheRangeNamesTheSettingAndTheValue(String value) {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> AwsSdkSettings.of(Map.of("aws.ec2MetadataServiceTimeout", value), Map.of()).timeout())
			.withMessage("aws.ec2MetadataServiceTimeout must be a number of seconds, more than 0 and at most 60, but was '"
					+ value + "'");
	}

	@ParameterizedTest
	@ValueSource(ints = { 1, 10 })
	void numAttemptsAcceptsTheBounds(int attempts) {
		assertThat(AwsSdkSettings.of(Map.of(), Map.of("AWS_METADATA_SERVICE_NUM_ATTEMPTS", " " + attempts + " "))
			.numAttempts()).isEqualTo(attempts);
	}

	@ParameterizedTest
	@ValueSource(strings = { "11", "-1", "two", "1.5" })
	void numAttemptsOutsideTheRangeNamesTheSettingAndTheValue(String value) {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> AwsSdkSettings.none()
				.withProfile(Map.of("metadata_service_num_attempts", value)::get)
				.numAttempts())
			.withMessage("profile property metadata_service_num_attempts must be a whole number from 1 to 10, but was '"
					+ value + "'");
	}

	@Test
	void numAttemptsHasNoSystemProperty() {
		assertThat(AwsSdkSettings.of(Map.of("aws.ec2MetadataServiceNumAttempts", "4"), Map.of()).numAttempts())
			.isNull();
		assertThat(AwsSdkSettings.none().numAttempts()).isNull();
	}

	@Test
	void blankValuesFallThroughToTheNextSource() {
		AwsSdkSettings settings = AwsSdkSettings
			.of(Map.of("aws.ec2MetadataServiceEndpoint", " "), Map.of("AWS_EC2_METADATA_SERVICE_ENDPOINT", ""))
			.withProfile(Map.of("ec2_metadata_service_endpoint", "http://127.0.0.1:4")::get);
		assertThat(settings.endpoint()).isEqualTo(new AwsSdkSettings.Setting(
				"profile property ec2_metadata_service_endpoint", "http://127.0.0.1:4"));
		assertThat(AwsSdkSettings.of(Map.of("aws.ec2MetadataServiceEndpointMode", "IPv6"), Map.of()).endpointMode())
			.isEqualTo(new AwsSdkSettings.Setting("aws.ec2MetadataServiceEndpointMode", "IPv6"));
		assertThat(AwsSdkSettings.none().withProfile(Map.of("ec2_metadata_service_endpoint", " ")::get).endpoint())
			.isNull();
	}

	@Test
	void disabledHasNoProfileProperty() {
		assertThat(AwsSdkSettings.none().withProfile(Map.of("ec2_metadata_disabled", "true")::get).disabledBy()).isNull();
		assertThat(AwsSdkSettings.of(Map.of("aws.disableEc2Metadata", "true"), Map.of()).disabledBy())
			.isEqualTo("aws.disableEc2Metadata=true");
		assertThat(AwsSdkSettings.of(Map.of("aws.disableEc2MetadataV1", " True "), Map.of()).v1DisabledBy())
			.isEqualTo("aws.disableEc2MetadataV1=True");
	}

	@Test
	void fromSystemReadsTheSystemProperties() {
		String previous = System.getProperty("aws.disableEc2MetadataV1");
		System.setProperty("aws.disableEc2MetadataV1", "true");
		try {
			assertThat(AwsSdkSettings.fromSystem().v1DisabledBy()).isEqualTo("aws.disableEc2MetadataV1=true");
			assertThat(AwsSdkSettings.fromSystem()
				.withProfile(Map.of("ec2_metadata_service_endpoint_mode", "IPv6")::get)
				.endpointMode()).isEqualTo(new AwsSdkSettings.Setting(
						"profile property ec2_metadata_service_endpoint_mode", "IPv6"));
		}
		finally {
			if (previous != null) {
				System.setProperty("aws.disableEc2MetadataV1", previous);
			}
			else {
				System.clearProperty("aws.disableEc2MetadataV1");
			}
		}
	}

}
