package io.github.imds.metadata.internal;

import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Tests for {@link ExtraPathPolicy}: which extra paths are refused, how they are normalized, what a sub-tree
 * listing adds.
 */
class ExtraPathPolicyTests {

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource(delimiter = '|', nullValues = "null", textBlock = """
			iam/security-credentials/                        | role credentials are never loaded as properties
			iam/security-credentials                         | role credentials are never loaded as properties
			IAM/Security-Credentials/fake-role               | role credentials are never loaded as properties
			iam/security-credentials-extended/fake-role      | role credentials are never loaded as properties
			identity-credentials/ec2/security-credentials/x  | role credentials are never loaded as properties
			spot/instance-action                             | spot, events and autoscaling change while the application runs; they are lifecycle notices, not startup properties
			events/                                          | spot, events and autoscaling change while the application runs; they are lifecycle notices, not startup properties
			autoscaling/target-lifecycle-state               | spot, events and autoscaling change while the application runs; they are lifecycle notices, not startup properties
			iam/info                                         | null
			iam/                                             | null
			''                                               | null
			block-device-mapping/                            | null
			spotty                                           | null
			tags/instance/spot                               | null
			""")
	void refusalNamesTheReason(String path, String reason) {
		assertThat(ExtraPathPolicy.refusal(path)).isEqualTo(reason);
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource(delimiter = '|', nullValues = "null", textBlock = """
			instance-id                                 | instance-id
			/instance-id                                | instance-id
			'  placement/region  '                      | placement/region
			/latest/meta-data/placement/region          | placement/region
			/latest/meta-data/block-device-mapping/     | block-device-mapping/
			/latest/meta-data/                          | ''
			/latest/meta-data                           | ''
			/latest/user-data                           | null
			/latest/dynamic/instance-identity/document  | null
			/latest                                     | null
			""")
	void relativeExtraPathAcceptsOnlyMetaDataPaths(String path, String relative) {
		assertThat(ExtraPathPolicy.relativeExtraPath(path)).isEqualTo(relative);
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@MethodSource
	void decideLoadsALeafOrASubTreeOrSkipsWithTheReason(String configured, ExtraPathPolicy.Decision decision) {
		assertThat(ExtraPathPolicy.decide(configured)).isEqualTo(decision);
	}

	static Stream<Arguments> decideLoadsALeafOrASubTreeOrSkipsWithTheReason() {
		String lifecycle = "spot, events and autoscaling change while the application runs; they are lifecycle "
				+ "notices, not startup properties";
		return Stream.of(arguments("public-keys/0/openssh-key", new ExtraPathPolicy.Leaf("public-keys/0/openssh-key")),
				arguments(" /latest/meta-data/block-device-mapping/ ",
						new ExtraPathPolicy.SubTree("block-device-mapping/")),
				arguments("/latest/meta-data/", new ExtraPathPolicy.SubTree("")),
				arguments("iam/security-credentials/", new ExtraPathPolicy.Skip(
						"extra path 'iam/security-credentials/' skipped: role credentials are never loaded as properties")),
				arguments("events/", new ExtraPathPolicy.Skip("extra path 'events/' skipped: " + lifecycle)),
				arguments("/latest/user-data", new ExtraPathPolicy.Skip("extra path '/latest/user-data' skipped: only "
						+ "paths under /latest/meta-data/ can be added; user data is loaded by its own setting")),
				arguments("/latest/dynamic/instance-identity/signature", new ExtraPathPolicy.Skip(
						"extra path '/latest/dynamic/instance-identity/signature' skipped: only paths under "
								+ "/latest/meta-data/ can be added")),
				arguments("../user-data", invalid("../user-data")),
				arguments("a//b", invalid("a//b")),
				arguments("instance-id?x", invalid("instance-id?x")),
				arguments("iam/%73ecurity-credentials/", invalid("iam/%73ecurity-credentials/")),
				arguments("./iam/security-credentials/", invalid("./iam/security-credentials/")),
				arguments("./", invalid("./")),
				arguments("a/./b", invalid("a/./b")),
				arguments("iam\\security-credentials", invalid("iam\\security-credentials")),
				arguments("tags/instance/a#b", invalid("tags/instance/a#b")));
	}

	private static ExtraPathPolicy.Skip invalid(String configured) {
		return new ExtraPathPolicy.Skip("extra path '" + configured + "' skipped: not a valid meta-data path (write "
				+ "it plainly, without '.' or '..' segments, '//', '%', '\\', '?' or '#')");
	}

	@ParameterizedTest(name = "{0} + {1} -> {2}")
	@CsvSource(delimiter = '|', nullValues = "null", textBlock = """
			block-device-mapping/  | ami                    | block-device-mapping/ami
			public-keys/           | 0=fake-key             | public-keys/0/
			public-keys/0/         | openssh-key            | public-keys/0/openssh-key
			''                     | iam/                   | iam/
			iam/                   | info                   | iam/info
			iam/                   | security-credentials/  | null
			''                     | identity-credentials/  | null
			''                     | spot/                  | null
			''                     | events/                | null
			tags/                  | a=b                    | tags/a=b
			iam/                   | %73ecurity-credentials/ | null
			''                     | ./                     | null
			""")
	void childFollowsListingsAndSkipsWhatIsNeverLoaded(String directory, String line, String child) {
		assertThat(ExtraPathPolicy.child(directory, line)).isEqualTo(child);
	}

}
