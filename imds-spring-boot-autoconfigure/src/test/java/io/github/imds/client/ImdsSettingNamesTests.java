package io.github.imds.client;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.Arrays;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.imds.client.ImdsSettingNames.Setting;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.status;
import static io.github.imds.client.ImdsTestSupport.INSTANCE_ID_PATH;
import static io.github.imds.client.ImdsTestSupport.TOKEN_PATH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The Spring-free client names its builder options in hints, availability reasons and endpoint sources, never
 * an {@code imds.*} property; code that configures it otherwise passes its own {@link ImdsSettingNames}.
 */
class ImdsSettingNamesTests {

	@RegisterExtension
	static WireMockExtension wm = ImdsTestSupport.loopbackWireMock();

	/** Names every setting {@code my.<option>} and writes assignments {@code my.<option>:<value>}. */
	private static final ImdsSettingNames CUSTOM = new ImdsSettingNames() {

		@Override
		public String name(Setting setting) {
			return "my." + setting.builderOption();
		}

		@Override
		public String assignment(Setting setting, Object value) {
			return name(setting) + ":" + value;
		}

	};

	@TempDir
	Path root;

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			ENABLED            | enabled(boolean)
			ENDPOINT           | endpoint(String)
			ENDPOINT_MODE      | endpointMode(EndpointMode)
			PLATFORM_DETECTION | platformDetection(PlatformDetectionMode)
			TOKEN_TTL          | tokenTtl(Duration)
			CONNECT_TIMEOUT    | connectTimeout(Duration)
			READ_TIMEOUT       | readTimeout(Duration)
			MAX_ATTEMPTS       | maxAttempts(int)
			V1_FALLBACK        | v1Fallback(boolean)
			""")
	void builderOptionsNameEachSettingAsItsBuilderMethod(Setting setting, String name) {
		assertThat(ImdsSettingNames.builderOptions().name(setting)).isEqualTo(name);
	}

	@Test
	void builderOptionsWriteAssignmentsAsBuilderCalls() {
		ImdsSettingNames names = ImdsSettingNames.builderOptions();
		assertThat(names.assignment(Setting.V1_FALLBACK, true)).isEqualTo("v1Fallback(true)");
		assertThat(names.assignment(Setting.ENABLED, false)).isEqualTo("enabled(false)");
		assertThat(names.assignment(Setting.PLATFORM_DETECTION, PlatformDetectionMode.OFF))
			.isEqualTo("platformDetection(PlatformDetectionMode.OFF)");
	}

	@ParameterizedTest
	@EnumSource(Setting.class)
	void everySettingIsAMethodOfTheBuilder(Setting setting) {
		assertThat(Arrays.stream(ImdsClient.Builder.class.getMethods()).map(Method::getName))
			.contains(setting.builderOption());
	}

	@Test
	void disabledClientNamesTheBuilderOption() {
		try (ImdsClient client = ImdsTestSupport.builder(wm).enabled(false).build()) {
			assertThat(client.availability().reason()).isEqualTo("IMDS is disabled by enabled(false)");
			assertThatExceptionOfType(ImdsUnavailableException.class).isThrownBy(() -> client.get(INSTANCE_ID_PATH))
				.withMessageContaining("enabled(false)")
				.withMessageNotContaining("imds.");
		}
	}

	@Test
	void platformDetectionOffNamesTheBuilderOption() {
		try (ImdsClient client = ImdsClient.builder()
			.sdkSettings(AwsSdkSettings.none())
			.platformDetection(PlatformDetectionMode.OFF)
			.platformRoot(this.root)
			.build()) {
			assertThat(client.availability().detection().reason())
				.isEqualTo("platform detection is off (platformDetection(PlatformDetectionMode.OFF))");
			assertThat(client.endpoint().source()).isEqualTo("endpoint mode IPV4 (default)");
		}
	}

	@Test
	void explicitEndpointIsSetByTheBuilderOption() {
		try (ImdsClient client = ImdsTestSupport.builder(wm).build()) {
			assertThat(client.endpoint().source()).isEqualTo("endpoint(String)");
		}
	}

	@Test
	void tokenRefusalHintNamesTheBuilderOptions() {
		wm.stubFor(put(TOKEN_PATH).willReturn(status(404)));
		try (ImdsClient client = ImdsTestSupport.builder(wm).build()) {
			assertThatExceptionOfType(ImdsTokenException.class).isThrownBy(() -> client.get(INSTANCE_ID_PATH))
				.satisfies((ex) -> assertThat(ex.getHint()).isEqualTo("The endpoint does not support IMDSv2 tokens "
						+ "(HTTP 404): check that endpoint(String) points at IMDS, or set v1Fallback(true) to allow "
						+ "IMDSv1"));
		}
	}

	@Test
	void otherNamesAppearWhereTheBuilderOptionsWould() {
		wm.stubFor(put(TOKEN_PATH).willReturn(status(404)));
		try (ImdsClient client = ImdsTestSupport.builder(wm).settingNames(CUSTOM).build()) {
			assertThat(client.endpoint().source()).isEqualTo("my.endpoint");
			assertThatExceptionOfType(ImdsTokenException.class).isThrownBy(() -> client.get(INSTANCE_ID_PATH))
				.satisfies((ex) -> assertThat(ex.getHint()).contains("check that my.endpoint points at IMDS")
					.contains("set my.v1Fallback:true"));
		}
		try (ImdsClient client = ImdsTestSupport.builder(wm).settingNames(CUSTOM).enabled(false).build()) {
			assertThat(client.availability().reason()).isEqualTo("IMDS is disabled by my.enabled:false");
		}
		try (ImdsClient client = ImdsClient.builder()
			.sdkSettings(AwsSdkSettings.none())
			.settingNames(CUSTOM)
			.platformDetection(PlatformDetectionMode.OFF)
			.endpointMode(EndpointMode.IPV6)
			.build()) {
			assertThat(client.availability().detection().reason()).contains("my.platformDetection:OFF");
			assertThat(client.endpoint().source()).isEqualTo("endpoint mode IPV6 (my.endpointMode)");
		}
	}

	@Test
	void invalidEndpointNamesTheSettingItCameFrom() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ImdsClient.builder()
				.sdkSettings(AwsSdkSettings.none())
				.settingNames(CUSTOM)
				.endpoint("https://127.0.0.1")
				.build())
			.withMessageContaining("from my.endpoint");
	}

	@Test
	void builderOptionsNameThemselvesInToString() {
		assertThat(ImdsSettingNames.builderOptions()).hasToString("ImdsSettingNames.builderOptions()");
	}

}
