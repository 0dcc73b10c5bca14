package io.github.imds.observation;

import java.time.Instant;
import java.util.Map;

import io.github.imds.metadata.InstanceMetadata;
import io.github.imds.observation.internal.Ec2ResourceAttributes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link Ec2ResourceAttributes}.
 */
class Ec2ResourceAttributesTests {

	private static final InstanceMetadata METADATA = InstanceMetadata.of(Map.of("ec2.instance-id",
			"i-0123456789abcdef0", "ec2.region", "us-east-1", "ec2.availability-zone", "us-east-1a", "ec2.account-id",
			"123456789012", "ec2.instance-type", "m5.large", "ec2.ami-id", "ami-0abcdef1234567890"),
			Instant.parse("2026-01-01T00:00:00Z"));

	@Test
	void attributesAreThoseOfTheOpenTelemetryEc2Detector() {
		assertThat(Ec2ResourceAttributes.of(METADATA)).containsExactly(Map.entry("cloud.provider", "aws"),
				Map.entry("cloud.platform", "aws_ec2"), Map.entry("cloud.region", "us-east-1"),
				Map.entry("cloud.availability_zone", "us-east-1a"), Map.entry("cloud.account.id", "123456789012"),
				Map.entry("host.id", "i-0123456789abcdef0"), Map.entry("host.type", "m5.large"),
				Map.entry("host.image.id", "ami-0abcdef1234567890"));
	}

	@Test
	void missingKeysAreLeftOut() {
		InstanceMetadata partial = InstanceMetadata.of(Map.of("ec2.instance-id", "i-0123456789abcdef0"),
				Instant.parse("2026-01-01T00:00:00Z"));
		assertThat(Ec2ResourceAttributes.of(partial)).containsOnlyKeys("cloud.provider", "cloud.platform", "host.id");
	}

	@Test
	void noMetadataMeansNoAttributes() {
		assertThat(Ec2ResourceAttributes.of(InstanceMetadata.empty())).isEmpty();
	}

	@ParameterizedTest(name = "configured={0}, OTEL_RESOURCE_ATTRIBUTES={1} -> cloud.region={2}")
	@CsvSource(delimiter = '|', nullValues = "null", textBlock = """
			null                    | null                                 | us-east-1
			eu-west-1               | null                                 | eu-west-1
			''                      | null                                 | ''
			null                    | cloud.region=ap-south-1              | null
			null                    | service.name=app, cloud.region = x   | null
			null                    | service.name=app                     | us-east-1
			eu-west-1               | cloud.region=ap-south-1              | eu-west-1
			""")
	void userSettingsWin(String configured, String environment, String expected) {
		Map<String, String> user = (configured != null) ? Map.of("cloud.region", configured) : Map.of();
		Map<String, String> merged = Ec2ResourceAttributes.merge(user, Ec2ResourceAttributes.of(METADATA),
				(name) -> Ec2ResourceAttributes.OTEL_RESOURCE_ATTRIBUTES.equals(name) ? environment : null);
		assertThat(merged.get("cloud.region")).isEqualTo(expected);
		assertThat(merged).containsEntry("host.id", "i-0123456789abcdef0");
	}

}
