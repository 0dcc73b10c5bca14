package io.github.imds.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.Set;

import io.github.imds.client.ImdsClient;
import io.github.imds.client.ImdsSettingNames.Setting;
import io.github.imds.client.ImdsTokenException;
import io.github.imds.client.PlatformDetectionMode;
import io.github.imds.test.ImdsSimulator;
import io.github.imds.test.ImdsSimulatorExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link ImdsPropertyNames}: the client that the auto-configuration builds names the {@code imds.*}
 * properties in its hints, reasons and endpoint sources where the plain client names its builder options.
 */
class ImdsPropertyNamesTests {

	@RegisterExtension
	static final ImdsSimulatorExtension simulator = ImdsSimulatorExtension.create();

	private final ImdsSimulator imds;

	ImdsPropertyNamesTests(ImdsSimulator imds) {
		this.imds = imds;
	}

	@ParameterizedTest
	@EnumSource(Setting.class)
	void everySettingIsNamedByAnImdsProperty(Setting setting) throws IOException {
		assertThat(propertyNames()).contains(ImdsPropertyNames.INSTANCE.name(setting));
	}

	@Test
	void assignmentsAreWrittenAsProperties() {
		assertThat(ImdsPropertyNames.INSTANCE.assignment(Setting.V1_FALLBACK, true)).isEqualTo("imds.v1-fallback=true");
		assertThat(ImdsPropertyNames.INSTANCE.assignment(Setting.ENABLED, false)).isEqualTo("imds.enabled=false");
		assertThat(ImdsPropertyNames.INSTANCE.assignment(Setting.PLATFORM_DETECTION, PlatformDetectionMode.OFF))
			.isEqualTo("imds.platform-detection=off");
	}

	@Test
	void autoConfiguredClientNamesPropertiesInItsHints() {
		this.imds.failNext(1, 404, "/latest/api/token");
		MockEnvironment environment = new MockEnvironment().withProperty("imds.endpoint", this.imds.endpoint())
			.withProperty("imds.max-attempts", "1");
		try (ImdsClient client = ImdsClientFactory.create(ImdsClientFactory.bind(environment), environment)) {
			assertThat(client.endpoint().source()).isEqualTo("imds.endpoint");
			assertThatExceptionOfType(ImdsTokenException.class)
				.isThrownBy(() -> client.get("/latest/meta-data/instance-id"))
				.satisfies((ex) -> assertThat(ex.getHint()).contains("check that imds.endpoint points at IMDS")
					.contains("set imds.v1-fallback=true")
					.doesNotContain("v1Fallback("));
		}
	}

	@Test
	void autoConfiguredClientNamesPropertiesInItsReasons() {
		MockEnvironment environment = new MockEnvironment().withProperty("imds.platform-detection", "off")
			.withProperty("imds.endpoint-mode", "ipv6");
		try (ImdsClient client = ImdsClientFactory.create(ImdsClientFactory.bind(environment), environment)) {
			assertThat(client.availability().detection().reason())
				.isEqualTo("platform detection is off (imds.platform-detection=off)");
			assertThat(client.endpoint().source()).isEqualTo("endpoint mode IPV6 (imds.endpoint-mode)");
		}
		environment.setProperty("imds.enabled", "false");
		try (ImdsClient client = ImdsClientFactory.create(ImdsClientFactory.bind(environment), environment)) {
			assertThat(client.availability().reason()).isEqualTo("IMDS is disabled by imds.enabled=false");
		}
	}

	private Set<String> propertyNames() throws IOException {
		Set<String> names = new HashSet<>();
		try (InputStream input = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			assertThat(input).isNotNull();
			for (JsonNode property : JsonMapper.builder().build().readTree(input).get("properties")) {
				names.add(property.get("name").asString());
			}
		}
		return names;
	}

}
