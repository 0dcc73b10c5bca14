package io.github.imds.client;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static io.github.imds.client.ImdsTestSupport.INSTANCE_ID_PATH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Every switch that disables the client means zero requests.
 */
class ImdsClientDisabledTests {

	@RegisterExtension
	static WireMockExtension wm = ImdsTestSupport.loopbackWireMock();

	private final List<ImdsRequestEvent> events = new CopyOnWriteArrayList<>();

	@BeforeEach
	void stubEverything() {
		wm.stubFor(any(anyUrl()).willReturn(ok("fake-anything")));
	}

	@Test
	void getWhenDisabledByPropertySendsNothing() {
		assertDisabled(ImdsTestSupport.builder(wm).enabled(false), "enabled(false)");
	}

	@Test
	void getWhenDisabledByAwsSystemPropertySendsNothing() {
		assertDisabled(ImdsTestSupport.builder(wm)
			.sdkSettings(AwsSdkSettings.of(Map.of("aws.disableEc2Metadata", "true"), Map.of())),
				"aws.disableEc2Metadata=true");
	}

	@Test
	void getWhenDisabledByAwsEnvironmentVariableSendsNothing() {
		assertDisabled(ImdsTestSupport.builder(wm)
			.sdkSettings(AwsSdkSettings.of(Map.of(), Map.of("AWS_EC2_METADATA_DISABLED", "true"))),
				"AWS_EC2_METADATA_DISABLED=true");
	}

	@Test
	void getWhenAwsSwitchIsTrueInAnyCaseSendsNothing() {
		assertDisabled(ImdsTestSupport.builder(wm)
			.sdkSettings(AwsSdkSettings.of(Map.of(), Map.of("AWS_EC2_METADATA_DISABLED", " TRUE "))),
				"AWS_EC2_METADATA_DISABLED");
	}

	@Test
	void buildWhenAwsSwitchIsFalseStaysAvailable() {
		try (ImdsClient client = ImdsTestSupport.builder(wm)
			.sdkSettings(AwsSdkSettings.of(Map.of("aws.disableEc2Metadata", "false"), Map.of()))
			.build()) {
			assertThat(client.availability().isAvailable()).isTrue();
		}
	}

	@Test
	void awsSdkSettingsPreferSystemPropertyOverEnvironment() {
		AwsSdkSettings settings = AwsSdkSettings.of(Map.of("aws.ec2MetadataServiceEndpoint", "http://127.0.0.1:1"),
				Map.of("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:2", "AWS_EC2_METADATA_DISABLED", "true"));
		assertThat(settings.endpoint()).isEqualTo(new AwsSdkSettings.Setting("aws.ec2MetadataServiceEndpoint",
				"http://127.0.0.1:1"));
		assertThat(settings.disabledBy()).isEqualTo("AWS_EC2_METADATA_DISABLED=true");
		assertThat(AwsSdkSettings.none().disabledBy()).isNull();
		assertThat(AwsSdkSettings.none().endpoint()).isNull();
	}

	private void assertDisabled(ImdsClient.Builder builder, String setting) {
		try (ImdsClient client = builder.listener(this.events::add).build()) {
			ImdsAvailability availability = client.availability();
			assertThat(availability.state()).isEqualTo(ImdsAvailability.State.DISABLED);
			assertThat(availability.isAvailable()).isFalse();
			assertThat(availability.reason()).contains(setting);
			assertThatExceptionOfType(ImdsUnavailableException.class).isThrownBy(() -> client.get(INSTANCE_ID_PATH))
				.satisfies((ex) -> {
					assertThat(ex.getAvailability()).isEqualTo(availability);
					assertThat(ex.getPath()).isEqualTo(INSTANCE_ID_PATH);
					assertThat(ex.getStatus()).isZero();
					assertThat(ex.getMessage()).contains(setting).contains(INSTANCE_ID_PATH);
				});
			assertThat(client.tokenStatus().state()).isEqualTo(TokenStatus.State.NONE);
		}
		assertThat(wm.getAllServeEvents()).isEmpty();
		assertThat(this.events).isEmpty();
	}

}
