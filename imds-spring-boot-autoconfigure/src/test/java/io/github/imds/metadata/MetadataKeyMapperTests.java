package io.github.imds.metadata;

import java.util.Map;
import java.util.stream.Stream;

import io.github.imds.client.ImdsResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Tests for {@link MetadataKeyMapper}: one table per rule of the {@code ec2.*} key contract.
 */
class MetadataKeyMapperTests {

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource(delimiter = '|', textBlock = """
			instance-id                                            | ec2.instance-id
			/instance-id                                           | ec2.instance-id
			ami-launch-index                                       | ec2.ami-launch-index
			placement/availability-zone                            | ec2.placement.availability-zone
			services/partition                                     | ec2.services.partition
			iam/info                                               | ec2.iam.info
			block-device-mapping/                                  | ec2.block-device-mapping
			block-device-mapping/ebs1                              | ec2.block-device-mapping.ebs1
			public-keys/0/openssh-key                              | ec2.public-keys.0.openssh-key
			tags/instance/Name                                     | ec2.tags.instance.Name
			tags/instance/aws:autoscaling:groupName                | ec2.tags.instance.aws:autoscaling:groupName
			tags/instance/a+b=c@d,e.f                              | ec2.tags.instance.a+b=c@d,e.f
			tags/instance/under_score-dash                         | ec2.tags.instance.under_score-dash
			tags/instance/0e:1a:2b:3c:4d:5e                        | ec2.tags.instance.0e:1a:2b:3c:4d:5e
			network/interfaces/macs/0e:1a:2b:3c:4d:5e/vpc-id       | ec2.network.interfaces.macs.0e-1a-2b-3c-4d-5e.vpc-id
			network/interfaces/macs/0E:1A:2B:3C:4D:5E/subnet-id    | ec2.network.interfaces.macs.0e-1a-2b-3c-4d-5e.subnet-id
			network/interfaces/macs/0e:1a:2b:3c:4d:5e/ipv4-associations/203.0.113.10 | ec2.network.interfaces.macs.0e-1a-2b-3c-4d-5e.ipv4-associations.203.0.113.10
			""")
	void keyShouldMapPathToKey(String path, String key) {
		assertThat(MetadataKeyMapper.key(path)).isEqualTo(key);
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource(delimiter = '|', textBlock = """
			0e:1a:2b:3c:4d:5e   | 0e-1a-2b-3c-4d-5e
			0E:1A:2B:3C:4D:5E   | 0e-1a-2b-3c-4d-5e
			' 0e:1a:2b:3c:4d:5e' | 0e-1a-2b-3c-4d-5e
			""")
	void macSegmentShouldReplaceColons(String mac, String segment) {
		assertThat(MetadataKeyMapper.macSegment(mac)).isEqualTo(segment);
	}

	@ParameterizedTest(name = "[{index}] -> {1}")
	@MethodSource
	void listValueShouldJoinLinesWithCommas(String body, String value) {
		assertThat(MetadataKeyMapper.listValue(body)).isEqualTo(value);
	}

	static Stream<Arguments> listValueShouldJoinLinesWithCommas() {
		return Stream.of(arguments("i-0fake00000000000a", "i-0fake00000000000a"),
				arguments("10.0.1.10\n", "10.0.1.10"), arguments("fake-web\nfake-admin", "fake-web,fake-admin"),
				arguments("sg-0fake0a\nsg-0fake0b\n", "sg-0fake0a,sg-0fake0b"),
				arguments("  10.0.1.10 \r\n\r\n 10.0.1.11\r\n", "10.0.1.10,10.0.1.11"), arguments("\n\n", ""),
				arguments("", ""));
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource(delimiter = '|', textBlock = """
			accountId           | account-id
			availabilityZone    | availability-zone
			privateIp           | private-ip
			pendingTime         | pending-time
			imageId             | image-id
			devpayProductCodes  | devpay-product-codes
			InstanceProfileArn  | instance-profile-arn
			InstanceProfileId   | instance-profile-id
			LastUpdated         | last-updated
			Code                | code
			version             | version
			IPAddress           | ip-address
			InstanceProfileARN  | instance-profile-arn
			ipv4Address         | ipv4-address
			s3Bucket            | s3-bucket
			snake_case_name     | snake-case-name
			already-kebab       | already-kebab
			trailing_           | trailing
			""")
	void kebabCaseShouldConvertJsonNames(String name, String kebab) {
		assertThat(MetadataKeyMapper.kebabCase(name)).isEqualTo(kebab);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource
	void flattenShouldFlattenJsonDocuments(String description, String prefix, String json,
			Map<String, String> expected) {
		assertThat(MetadataKeyMapper.flatten(prefix, ImdsResponse.of("/latest/test", json).asJson())).containsExactlyInAnyOrderEntriesOf(expected);
	}

	static Stream<Arguments> flattenShouldFlattenJsonDocuments() {
		return Stream.of(arguments("identity document, nulls skipped", "ec2.identity", """
				{"accountId":"123456789012","architecture":"x86_64","availabilityZone":"eu-west-1a",
				"billingProducts":null,"devpayProductCodes":null,"marketplaceProductCodes":null,
				"imageId":"ami-0fake00000000000a","instanceId":"i-0fake00000000000a","instanceType":"m5.large",
				"kernelId":null,"pendingTime":"2026-01-01T00:00:00Z","privateIp":"10.0.1.10","ramdiskId":null,
				"region":"eu-west-1","version":"2017-09-30"}""",
				Map.ofEntries(Map.entry("ec2.identity.account-id", "123456789012"),
						Map.entry("ec2.identity.architecture", "x86_64"),
						Map.entry("ec2.identity.availability-zone", "eu-west-1a"),
						Map.entry("ec2.identity.image-id", "ami-0fake00000000000a"),
						Map.entry("ec2.identity.instance-id", "i-0fake00000000000a"),
						Map.entry("ec2.identity.instance-type", "m5.large"),
						Map.entry("ec2.identity.pending-time", "2026-01-01T00:00:00Z"),
						Map.entry("ec2.identity.private-ip", "10.0.1.10"),
						Map.entry("ec2.identity.region", "eu-west-1"),
						Map.entry("ec2.identity.version", "2017-09-30"))),
				arguments("iam/info", "ec2.iam.info", """
						{"Code":"Success","LastUpdated":"2026-01-01T00:00:00Z",
						"InstanceProfileArn":"arn:aws:iam::123456789012:instance-profile/fake-profile",
						"InstanceProfileId":"AIPAFAKEFAKEFAKEFAKE"}""",
						Map.of("ec2.iam.info.code", "Success", "ec2.iam.info.last-updated", "2026-01-01T00:00:00Z",
								"ec2.iam.info.instance-profile-arn",
								"arn:aws:iam::123456789012:instance-profile/fake-profile",
								"ec2.iam.info.instance-profile-id", "AIPAFAKEFAKEFAKEFAKE")),
				arguments("array of scalars as a comma list", "ec2.identity",
						"{\"billingProducts\":[\"bp-fake1\",\"bp-fake2\"],\"marketplaceProductCodes\":[\"fake\"]}",
						Map.of("ec2.identity.billing-products", "bp-fake1,bp-fake2",
								"ec2.identity.marketplace-product-codes", "fake")),
				arguments("array of objects as indexed keys", "ec2.x",
						"{\"items\":[{\"eventId\":\"e-1\"},{\"eventId\":\"e-2\",\"state\":null}]}",
						Map.of("ec2.x.items[0].event-id", "e-1", "ec2.x.items[1].event-id", "e-2")),
				arguments("mixed array indexed", "ec2.x", "{\"a\":[\"s\",{\"b\":1}]}",
						Map.of("ec2.x.a[0]", "s", "ec2.x.a[1].b", "1")),
				arguments("top-level array", "ec2.x", "[{\"Code\":\"c\"}]", Map.of("ec2.x[0].code", "c")),
				arguments("nested objects, numbers and booleans", "ec2.x",
						"{\"outer\":{\"innerName\":{\"n\":42,\"f\":1.5,\"ok\":true}}}",
						Map.of("ec2.x.outer.inner-name.n", "42", "ec2.x.outer.inner-name.f", "1.5",
								"ec2.x.outer.inner-name.ok", "true")),
				arguments("empty array, empty object and null skipped", "ec2.x",
						"{\"a\":[],\"b\":{},\"c\":null,\"d\":[null],\"e\":\"\"}", Map.of("ec2.x.e", "")));
	}

	@ParameterizedTest(name = "[{index}] {0}")
	@CsvSource(delimiter = '|', textBlock = """
			{"a":1}      | true
			'  [1]'      | true
			fake-web     | false
			''           | false
			""")
	void looksLikeJsonShouldDetectObjectsAndArrays(String body, boolean json) {
		assertThat(MetadataKeyMapper.looksLikeJson(body)).isEqualTo(json);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource
	void aliasesShouldBeDerivedFromMappedKeys(String description, Map<String, String> properties,
			Map<String, String> expected) {
		assertThat(MetadataKeyMapper.aliases(properties)).containsExactlyInAnyOrderEntriesOf(expected);
	}

	static Stream<Arguments> aliasesShouldBeDerivedFromMappedKeys() {
		String primary = "ec2.network.interfaces.macs.0e-1a-2b-3c-4d-5e";
		String secondary = "ec2.network.interfaces.macs.0e-99-88-77-66-55";
		return Stream.of(arguments("identity document first", Map.of("ec2.identity.region", "eu-west-1",
				"ec2.placement.region", "eu-central-1", "ec2.identity.account-id", "123456789012",
				"ec2.identity.availability-zone", "eu-west-1b", "ec2.placement.availability-zone", "eu-west-1a"),
				Map.of("ec2.region", "eu-west-1", "ec2.account-id", "123456789012", "ec2.availability-zone",
						"eu-west-1a")),
				arguments("placement and instance profile when no identity document",
						Map.of("ec2.placement.region", "eu-central-1", "ec2.iam.info.instance-profile-arn",
								"arn:aws:iam::210987654321:instance-profile/fake"),
						Map.of("ec2.region", "eu-central-1", "ec2.account-id", "210987654321")),
				arguments("identity availability zone when placement is absent",
						Map.of("ec2.identity.availability-zone", "eu-west-1b"),
						Map.of("ec2.availability-zone", "eu-west-1b")),
				arguments("primary interface from mac, not the secondary", Map.of("ec2.mac", "0e:1a:2b:3c:4d:5e",
						primary + ".vpc-id", "vpc-0fakea", primary + ".subnet-id", "subnet-0fakea",
						primary + ".security-group-ids", "sg-0fakea,sg-0fakeb", primary + ".owner-id", "123456789012",
						secondary + ".vpc-id", "vpc-0fakeb", secondary + ".subnet-id", "subnet-0fakeb"),
						Map.of("ec2.vpc-id", "vpc-0fakea", "ec2.subnet-id", "subnet-0fakea", "ec2.security-group-ids",
								"sg-0fakea,sg-0fakeb", "ec2.account-id", "123456789012")),
				arguments("primary interface by device-number 0 when mac is absent",
						Map.of(primary + ".device-number", "1", primary + ".vpc-id", "vpc-0fakea",
								secondary + ".device-number", "0", secondary + ".vpc-id", "vpc-0fakeb"),
						Map.of("ec2.vpc-id", "vpc-0fakeb")),
				arguments("nothing to derive", Map.of("ec2.instance-id", "i-0fake"), Map.of()));
	}

	@ParameterizedTest(name = "[{index}] {2}")
	@MethodSource
	void isUsableUserDataShouldAcceptOnlySmallText(String text, int length, boolean usable) {
		assertThat(MetadataKeyMapper.isUsableUserData(text, length)).isEqualTo(usable);
	}

	static Stream<Arguments> isUsableUserDataShouldAcceptOnlySmallText() {
		return Stream.of(arguments("#!/bin/bash\necho fake\r\n\tdone\n", 28, true),
				arguments("app.name=fäke", 14, true), arguments("", 0, true),
				arguments("a".repeat(16 * 1024), 16 * 1024, true),
				arguments("a".repeat(16 * 1024 + 1), 16 * 1024 + 1, false), arguments("fake\u0000data", 9, false),
				arguments("fake\u001bdata", 9, false), arguments("fake\u007fdata", 9, false));
	}

	@ParameterizedTest(name = "[{index}]")
	@MethodSource
	void userDataPropertiesShouldReadPropertiesFormat(String text, Map<String, String> expected) {
		assertThat(MetadataKeyMapper.userDataProperties(text)).containsExactlyInAnyOrderEntriesOf(expected);
	}

	static Stream<Arguments> userDataPropertiesShouldReadPropertiesFormat() {
		return Stream.of(
				arguments("app.name=fake\napp.port: 8080\n# comment\n\nflag",
						Map.of("ec2.user-data.app.name", "fake", "ec2.user-data.app.port", "8080",
								"ec2.user-data.flag", "")),
				arguments("", Map.of()), arguments("a=1\\\n  2", Map.of("ec2.user-data.a", "12")));
	}

	@ParameterizedTest(name = "[{index}]")
	@CsvSource(delimiter = '|', textBlock = """
			secret=\\uZZZZfake-secret
			secret=fake-secret\\u12
			""")
	void userDataPropertiesWhenMalformedShouldThrowWithoutQuotingTheText(String text) {
		assertThatIllegalArgumentException().isThrownBy(() -> MetadataKeyMapper.userDataProperties(text))
			.withMessage("user data is not in java.util.Properties format");
	}

}
