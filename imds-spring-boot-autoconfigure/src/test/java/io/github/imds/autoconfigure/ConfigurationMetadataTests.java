package io.github.imds.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The IDE metadata that the build generates: every {@code imds.*} property and the common {@code ec2.*} keys
 * complete with a description.
 */
class ConfigurationMetadataTests {

	@Test
	void everyPropertyHasADescription() throws IOException {
		Map<String, String> descriptions = descriptions();
		assertThat(descriptions).containsKeys("imds.enabled", "imds.endpoint", "imds.endpoint-mode",
				"imds.platform-detection", "imds.token-ttl", "imds.connect-timeout", "imds.read-timeout",
				"imds.max-attempts", "imds.v1-fallback", "imds.fail-fast", "imds.metadata.user-data",
				"imds.metadata.startup-timeout", "imds.credentials.refresh-before-expiry",
				"imds.health.max-staleness", "imds.health.down-after", "imds.lifecycle.poll-interval",
				"imds.metrics.common-tags");
		assertThat(descriptions).containsKeys("imds.ssrf-guard.enabled", "imds.ssrf-guard.mode");
		assertThat(descriptions).containsKeys("ec2.instance-id", "ec2.region", "ec2.account-id",
				"ec2.availability-zone", "ec2.vpc-id", "ec2.subnet-id", "ec2.security-group-ids");
		assertThat(descriptions).allSatisfy((name, description) -> assertThat(description).as(name).isNotBlank());
	}

	private Map<String, String> descriptions() throws IOException {
		Map<String, String> descriptions = new HashMap<>();
		try (InputStream input = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			assertThat(input).isNotNull();
			JsonNode root = JsonMapper.builder().build().readTree(input);
			for (JsonNode property : root.get("properties")) {
				JsonNode description = property.get("description");
				descriptions.put(property.get("name").asString(), (description != null) ? description.asString() : "");
			}
		}
		return descriptions;
	}

}
