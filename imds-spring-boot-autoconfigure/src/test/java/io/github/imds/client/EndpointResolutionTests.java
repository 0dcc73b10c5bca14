package io.github.imds.client;

import java.net.URI;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Pure resolution checks: these clients are built but never asked to send anything, since some of them
 * point at the real IMDS addresses.
 */
class EndpointResolutionTests {

	private static final String SDK_PROPERTY = "aws.ec2MetadataServiceEndpoint";

	private static final String SDK_ENV = "AWS_EC2_METADATA_SERVICE_ENDPOINT";

	private static final String MODE_PROPERTY = "aws.ec2MetadataServiceEndpointMode";

	private static final String MODE_ENV = "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE";

	private static ResolvedEndpoint resolve(ImdsClient.Builder builder) {
		// build() makes no network call; the client is closed without a single get()
		try (ImdsClient client = builder.platformDetection(PlatformDetectionMode.OFF).build()) {
			return client.endpoint();
		}
	}

	private static ImdsClient.Builder builder(AwsSdkSettings sdk) {
		return ImdsClient.builder().sdkSettings(sdk);
	}

	@Test
	void explicitEndpointWinsOverEverything() {
		AwsSdkSettings sdk = AwsSdkSettings.of(Map.of(SDK_PROPERTY, "http://127.0.0.1:2", MODE_PROPERTY, "IPv6"),
				Map.of(SDK_ENV, "http://127.0.0.1:3"));
		ResolvedEndpoint endpoint = resolve(builder(sdk).endpoint("http://127.0.0.1:1").endpointMode(EndpointMode.IPV6));
		assertThat(endpoint.uri()).isEqualTo(URI.create("http://127.0.0.1:1"));
		assertThat(endpoint.source()).isEqualTo("endpoint(String)");
		assertThat(endpoint.isDefault()).isFalse();
	}

	@Test
	void sdkSystemPropertyWinsOverEnvironmentAndMode() {
		AwsSdkSettings sdk = AwsSdkSettings.of(Map.of(SDK_PROPERTY, "http://127.0.0.1:2"),
				Map.of(SDK_ENV, "http://127.0.0.1:3"));
		ResolvedEndpoint endpoint = resolve(builder(sdk).endpointMode(EndpointMode.IPV6));
		assertThat(endpoint.uri()).isEqualTo(URI.create("http://127.0.0.1:2"));
		assertThat(endpoint.source()).isEqualTo(SDK_PROPERTY);
		assertThat(endpoint.isDefault()).isFalse();
	}

	@Test
	void sdkEnvironmentVariableWinsOverMode() {
		AwsSdkSettings sdk = AwsSdkSettings.of(Map.of(), Map.of(SDK_ENV, "http://127.0.0.1:3"));
		ResolvedEndpoint endpoint = resolve(builder(sdk).endpointMode(EndpointMode.IPV6));
		assertThat(endpoint.uri()).isEqualTo(URI.create("http://127.0.0.1:3"));
		assertThat(endpoint.source()).isEqualTo(SDK_ENV);
	}

	@Test
	void blankExplicitEndpointFallsThroughToSdkSetting() {
		AwsSdkSettings sdk = AwsSdkSettings.of(Map.of(), Map.of(SDK_ENV, "http://127.0.0.1:3"));
		assertThat(resolve(builder(sdk).endpoint("  ")).source()).isEqualTo(SDK_ENV);
	}

	@Test
	void explicitIpv6ModeUsesIpv6Address() {
		ResolvedEndpoint endpoint = resolve(builder(AwsSdkSettings.none()).endpointMode(EndpointMode.IPV6));
		assertThat(endpoint.uri()).isEqualTo(URI.create("http://[fd00:ec2::254]"));
		assertThat(endpoint.isDefault()).isTrue();
		assertThat(endpoint.source()).isEqualTo("endpoint mode IPV6 (endpointMode(EndpointMode))");
	}

	@Test
	void explicitModeWinsOverSdkMode() {
		AwsSdkSettings sdk = AwsSdkSettings.of(Map.of(MODE_PROPERTY, "IPv6"), Map.of());
		URI resolved = resolve(builder(sdk).endpointMode(EndpointMode.IPV4)).uri(); // resolved only, never contacted
		assertThat(resolved).isEqualTo(URI.create("http://169.254.169.254"));
	}

	@Test
	void sdkModeSettingSelectsIpv6() {
		AwsSdkSettings sdk = AwsSdkSettings.of(Map.of(), Map.of(MODE_ENV, "IPv6"));
		ResolvedEndpoint endpoint = resolve(builder(sdk));
		assertThat(endpoint.uri()).isEqualTo(URI.create("http://[fd00:ec2::254]"));
		assertThat(endpoint.source()).contains(MODE_ENV);
		assertThat(endpoint.isDefault()).isTrue();
	}

	@Test
	void sdkModeSettingWhenInvalidNamesSettingAndValue() {
		AwsSdkSettings sdk = AwsSdkSettings.of(Map.of(MODE_PROPERTY, "IPv5"), Map.of());
		assertThatIllegalArgumentException().isThrownBy(() -> resolve(builder(sdk)))
			.withMessageContaining(MODE_PROPERTY)
			.withMessageContaining("IPv5");
	}

	@Test
	void nothingConfiguredUsesIpv4Default() {
		ResolvedEndpoint endpoint = resolve(builder(AwsSdkSettings.none()));
		assertThat(endpoint.uri()).isEqualTo(URI.create("http://169.254.169.254"));
		assertThat(endpoint.isDefault()).isTrue();
		assertThat(endpoint.source()).contains("IPV4").contains("default");
	}

	@Test
	void endpointModeFromValueAcceptsSdkSpellings() {
		assertThat(EndpointMode.fromValue("IPv4")).isEqualTo(EndpointMode.IPV4);
		assertThat(EndpointMode.fromValue(" ipv6 ")).isEqualTo(EndpointMode.IPV6);
		assertThatIllegalArgumentException().isThrownBy(() -> EndpointMode.fromValue("v6")).withMessageContaining("'v6'");
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://127.0.0.1:1338/", " http://127.0.0.1:1338 ", "HTTP://127.0.0.1:1338" })
	void explicitEndpointIsNormalized(String value) {
		assertThat(resolve(builder(AwsSdkSettings.none()).endpoint(value)).uri())
			.isEqualTo(URI.create("http://127.0.0.1:1338"));
	}

	@Test
	void explicitEndpointWithIpv6LiteralAndPortIsKept() {
		assertThat(resolve(builder(AwsSdkSettings.none()).endpoint("http://[::1]:1338/")).uri())
			.isEqualTo(URI.create("http://[::1]:1338"));
		assertThat(resolve(builder(AwsSdkSettings.none()).endpoint("http://[::1]")).uri())
			.isEqualTo(URI.create("http://[::1]"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "https://x", "http://user:pw@h", "http://h/path", "http://h?q=1", "http://h#f", "ftp://h",
			"not a uri", "http://", "h:1338" })
	void explicitEndpointWhenNotPlainHttpHostPortIsRefusedClearly(String value) {
		assertThatIllegalArgumentException().isThrownBy(() -> resolve(builder(AwsSdkSettings.none()).endpoint(value)))
			.withMessageContaining("Invalid IMDS endpoint")
			.withMessageContaining("from endpoint(String)")
			.withMessageContaining("http://host[:port]");
	}

	@Test
	void sdkEndpointWhenInvalidNamesSdkSetting() {
		AwsSdkSettings sdk = AwsSdkSettings.of(Map.of(), Map.of(SDK_ENV, "https://127.0.0.1"));
		assertThatIllegalArgumentException().isThrownBy(() -> resolve(builder(sdk))).withMessageContaining(SDK_ENV);
	}

	@Test
	void explicitEndpointWithUserInfoDoesNotEchoPassword() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> resolve(builder(AwsSdkSettings.none()).endpoint("http://user:fake-password@127.0.0.1")))
			.withMessageContaining("user info")
			.withMessageNotContaining("fake-password");
	}

	@ParameterizedTest
	@ValueSource(strings = { "http:user:fake-password@host//x@y", "http:user:fake-password@host", "ftp://u:fake-password@h",
			"http://u:fake-password@host/path", "http://u:fake-password@host:1/@x", "fake-password@//host" })
	void explicitEndpointWhenInvalidWithAnAtNeverEchoesWhatPrecedesIt(String value) {
		// fuzzing finding: a "//" after the password used to be taken for the start of the authority
		assertThatIllegalArgumentException().isThrownBy(() -> EndpointResolver.parse(value, "imds.endpoint"))
			.withMessageNotContaining("fake-password");
	}

}
