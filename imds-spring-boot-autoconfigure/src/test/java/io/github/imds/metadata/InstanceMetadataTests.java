package io.github.imds.metadata;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Tests for {@link InstanceMetadata}.
 */
class InstanceMetadataTests {

	private static final Instant LOADED_AT = Instant.parse("2026-01-01T00:00:00Z");

	private static final InstanceMetadata FULL = InstanceMetadata.of(Map.ofEntries(
			Map.entry("ec2.instance-id", "i-0fake00000000000a"), Map.entry("ec2.region", "eu-west-1"),
			Map.entry("ec2.account-id", "123456789012"), Map.entry("ec2.availability-zone", "eu-west-1a"),
			Map.entry("ec2.instance-type", "m5.large"), Map.entry("ec2.ami-id", "ami-0fake00000000000a"),
			Map.entry("ec2.local-ipv4", "10.0.1.10"), Map.entry("ec2.identity.private-ip", "10.0.1.11"),
			Map.entry("ec2.public-ipv4", "203.0.113.10"), Map.entry("ec2.vpc-id", "vpc-0fake0000000000a"),
			Map.entry("ec2.subnet-id", "subnet-0fake000000000a"),
			Map.entry("ec2.security-group-ids", "sg-0fakea,sg-0fakeb"), Map.entry("ec2.instance-life-cycle", "spot"),
			Map.entry("ec2.user-data", "fake-secret-user-data")), LOADED_AT);

	/** Only the identity document: the getters fall back to it. */
	private static final InstanceMetadata IDENTITY_ONLY = InstanceMetadata.of(Map.of("ec2.identity.instance-id",
			"i-0fake00000000000b", "ec2.identity.region", "eu-central-1", "ec2.identity.account-id", "210987654321",
			"ec2.identity.availability-zone", "eu-central-1b", "ec2.identity.instance-type", "t3.micro",
			"ec2.identity.image-id", "ami-0fake00000000000b", "ec2.identity.private-ip", "10.0.9.9"), LOADED_AT);

	@ParameterizedTest(name = "{0}")
	@MethodSource
	void typedGetterReadsItsKey(String getter, Function<InstanceMetadata, Optional<String>> accessor,
			String full, String identityOnly) {
		assertThat(accessor.apply(FULL)).as("all keys").isEqualTo(Optional.ofNullable(full));
		assertThat(accessor.apply(IDENTITY_ONLY)).as("identity document only")
			.isEqualTo(Optional.ofNullable(identityOnly));
		assertThat(accessor.apply(InstanceMetadata.empty())).as("empty").isEmpty();
	}

	static Stream<Arguments> typedGetterReadsItsKey() {
		return Stream.of(
				getter("instanceId", InstanceMetadata::instanceId, "i-0fake00000000000a", "i-0fake00000000000b"),
				getter("region", InstanceMetadata::region, "eu-west-1", "eu-central-1"),
				getter("accountId", InstanceMetadata::accountId, "123456789012", "210987654321"),
				getter("availabilityZone", InstanceMetadata::availabilityZone, "eu-west-1a", "eu-central-1b"),
				getter("instanceType", InstanceMetadata::instanceType, "m5.large", "t3.micro"),
				getter("amiId", InstanceMetadata::amiId, "ami-0fake00000000000a", "ami-0fake00000000000b"),
				getter("localIpv4", InstanceMetadata::localIpv4, "10.0.1.10", "10.0.9.9"),
				getter("privateIp", InstanceMetadata::privateIp, "10.0.1.11", "10.0.9.9"),
				getter("publicIpv4", InstanceMetadata::publicIpv4, "203.0.113.10", null),
				getter("vpcId", InstanceMetadata::vpcId, "vpc-0fake0000000000a", null),
				getter("subnetId", InstanceMetadata::subnetId, "subnet-0fake000000000a", null),
				getter("instanceLifeCycle", InstanceMetadata::instanceLifeCycle, "spot", null));
	}

	private static Arguments getter(String name, Function<InstanceMetadata, Optional<String>> accessor,
			String full, String identityOnly) {
		return arguments(name, accessor, full, identityOnly);
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource(delimiter = '|', textBlock = """
			spot        | true
			on-demand   | false
			scheduled   | false
			""")
	void isSpotIsTrueOnlyForSpot(String lifeCycle, boolean spot) {
		InstanceMetadata metadata = InstanceMetadata.of(Map.of("ec2.instance-life-cycle", lifeCycle), LOADED_AT);
		assertThat(metadata.isSpot()).isEqualTo(spot);
	}

	@Test
	void securityGroupIdsSplitsTheCommaList() {
		assertThat(FULL.securityGroupIds()).containsExactly("sg-0fakea", "sg-0fakeb");
		assertThat(InstanceMetadata.empty().securityGroupIds()).isEmpty();
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			ec2.instance-id  | i-0fake00000000000a
			instance-id      | i-0fake00000000000a
			ec2.vpc-id       | vpc-0fake0000000000a
			vpc-id           | vpc-0fake0000000000a
			""")
	void getAcceptsKeyWithOrWithoutPrefix(String key, String value) {
		assertThat(FULL.get(key)).hasValue(value);
	}

	@Test
	void getWhenAbsentIsEmpty() {
		assertThat(FULL.get("placement.host-id")).isEmpty();
		assertThat(FULL.get("ec2.placement.host-id")).isEmpty();
	}

	@Test
	void propertiesAreSortedAndUnmodifiable() {
		assertThat(List.copyOf(FULL.properties().keySet())).isSorted();
		assertThat(FULL.size()).isEqualTo(14);
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> FULL.properties().put("ec2.x", "y"));
	}

	@Test
	void toStringShowsIdRegionAndCountsButNoValue() {
		assertThat(FULL.toString()).contains("i-0fake00000000000a", "eu-west-1", "keys=14")
			.doesNotContain("fake-secret-user-data");
	}

	@Test
	void emptyHasNothing() {
		InstanceMetadata empty = InstanceMetadata.empty();
		assertThat(empty.isEmpty()).isTrue();
		assertThat(empty.size()).isZero();
		assertThat(empty.complete()).isTrue();
		assertThat(empty.failures()).isEmpty();
		assertThat(empty.warnings()).isEmpty();
		assertThat(empty.isSpot()).isFalse();
		assertThat(empty.toString()).contains("instanceId=none", "keys=0");
	}

	@Test
	void completeIsFalseWithFailures() {
		InstanceMetadata metadata = InstanceMetadata.of(Map.of("ec2.instance-id", "i-0fake"), LOADED_AT,
				List.of("not loaded within 2s: /latest/meta-data/placement/host-id"), List.of("a warning"));
		assertThat(metadata.complete()).isFalse();
		assertThat(metadata.failures()).hasSize(1);
		assertThat(metadata.warnings()).containsExactly("a warning");
		assertThat(metadata.loadedAt()).isEqualTo(LOADED_AT);
	}

	@Test
	void metadataWithKeysIsNotEmptyAndEqualsItself() {
		assertThat(FULL.isEmpty()).isFalse();
		assertThat(FULL.equals(FULL)).isTrue();
		assertThat(FULL.equals(InstanceMetadata.of(FULL.properties(), FULL.loadedAt()))).isTrue();
		assertThat(FULL.equals(InstanceMetadata.empty())).isFalse();
	}

	@Test
	void equalsComparesContent() {
		InstanceMetadata one = InstanceMetadata.of(Map.of("ec2.a", "1", "ec2.b", "2"), LOADED_AT);
		InstanceMetadata same = InstanceMetadata.of(Map.of("ec2.b", "2", "ec2.a", "1"), LOADED_AT);
		assertThat(one).isEqualTo(same).hasSameHashCodeAs(same);
		assertThat(one).isNotEqualTo(InstanceMetadata.of(Map.of("ec2.a", "1"), LOADED_AT));
	}

}
