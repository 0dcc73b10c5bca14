package io.github.imds.metadata.internal;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Tests for {@link MetadataKeyMapper}: one table per rule of the {@code ec2.*} key contract.
 */
class MetadataKeyMapperTests {

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource(delimiter = '|', textBlock = """
			instance-id                                            | ec2.instance-id
			/instance-id                                           | ec2.instance-id
			''                                                     | ec2
			//                                                     | ec2
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
	void keyMapsPathToKey(String path, String key) {
		assertThat(MetadataKeyMapper.key(path)).isEqualTo(key);
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource(delimiter = '|', textBlock = """
			0e:1a:2b:3c:4d:5e   | 0e-1a-2b-3c-4d-5e
			0E:1A:2B:3C:4D:5E   | 0e-1a-2b-3c-4d-5e
			' 0e:1a:2b:3c:4d:5e' | 0e-1a-2b-3c-4d-5e
			""")
	void macSegmentReplacesColons(String mac, String segment) {
		assertThat(MetadataKeyMapper.macSegment(mac)).isEqualTo(segment);
	}

	@ParameterizedTest(name = "[{index}] -> {1}")
	@MethodSource
	void listValueJoinsLinesWithCommas(String body, String value) {
		assertThat(MetadataKeyMapper.listValue(body)).isEqualTo(value);
	}

	static Stream<Arguments> listValueJoinsLinesWithCommas() {
		return Stream.of(arguments("i-0fake00000000000a", "i-0fake00000000000a"),
				arguments("10.0.1.10\n", "10.0.1.10"), arguments("fake-web\nfake-admin", "fake-web,fake-admin"),
				arguments("sg-0fake0a\nsg-0fake0b\n", "sg-0fake0a,sg-0fake0b"),
				arguments("  10.0.1.10 \r\n\r\n 10.0.1.11\r\n", "10.0.1.10,10.0.1.11"), arguments("\n\n", ""),
				arguments("", ""));
	}

	@ParameterizedTest(name = "[{index}] -> {1}")
	@MethodSource
	void linesTrimsAndDropsEmptyLines(String body, List<String> lines) {
		assertThat(MetadataKeyMapper.lines(body)).isEqualTo(lines);
	}

	static Stream<Arguments> linesTrimsAndDropsEmptyLines() {
		return Stream.of(arguments("0e:1a:2b:3c:4d:5e/\n0e:99:88:77:66:55/\n", List.of("0e:1a:2b:3c:4d:5e/", "0e:99:88:77:66:55/")),
				arguments(" Name \r\n\r\nteam:owner", List.of("Name", "team:owner")), arguments("\n\n", List.of()),
				arguments("", List.of()));
	}

	@ParameterizedTest(name = "[{index}] {0}")
	@CsvSource(delimiter = '|', textBlock = """
			{"a":1}      | true
			'  [1]'      | true
			fake-web     | false
			''           | false
			""")
	void looksLikeJsonDetectsObjectsAndArrays(String body, boolean json) {
		assertThat(MetadataKeyMapper.looksLikeJson(body)).isEqualTo(json);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource
	void aliasesAreDerivedFromMappedKeys(String description, Map<String, String> properties,
			Map<String, String> expected) {
		assertThat(MetadataKeyMapper.aliases(properties)).containsExactlyInAnyOrderEntriesOf(expected);
	}

	static Stream<Arguments> aliasesAreDerivedFromMappedKeys() {
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
				arguments("tag aliases after the others",
						Map.of("ec2.tags.instance.aws:autoscaling:groupName", "fake-asg", "ec2.tags.instance.Name", "x"),
						Map.of("ec2.autoscaling.group-name", "fake-asg", "ec2.tags.instance.aws/autoscaling/groupName",
								"fake-asg")),
				arguments("nothing to derive", Map.of("ec2.instance-id", "i-0fake"), Map.of()));
	}

}
