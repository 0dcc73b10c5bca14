package io.github.imds.metadata.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MetadataPaths}: identity shortcuts, the interface listing, encoding and budgets.
 */
class MetadataPathsTests {

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource(delimiter = '|', textBlock = """
			tags/instance/Name                       | tags/instance/Name
			tags/instance/aws:autoscaling:groupName  | tags/instance/aws:autoscaling:groupName
			tags/instance/a+b=c@d,e.f                | tags/instance/a+b=c@d,e.f
			tags/instance/under_score-dash~          | tags/instance/under_score-dash~
			tags/instance/Kostenstelle-ä             | tags/instance/Kostenstelle-%C3%A4
			tags/instance/100%                       | tags/instance/100%25
			'tags/instance/with space'               | tags/instance/with%20space
			""")
	void encodeEscapesOnlyWhatAUriPathCannotHold(String path, String encoded) {
		assertThat(MetadataPaths.encode(path)).isEqualTo(encoded);
	}

	@Test
	void encodeKeepsLettersAndDigitsToTheEndsOfTheirRangesAndEscapesTheirNeighbours() {
		assertThat(MetadataPaths.encode("azAZ09")).isEqualTo("azAZ09");
		// the characters just before and after each range: ` { @ [ / :
		assertThat(MetadataPaths.encode("`{[")).isEqualTo("%60%7B%5B");
		assertThat(MetadataPaths.encode("@/:")).isEqualTo("@/:");
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource(delimiter = '|', textBlock = """
			2000 | 2s
			1500 | 1500ms
			500  | 500ms
			""")
	void formatPrefersSeconds(long millis, String text) {
		assertThat(MetadataPaths.format(Duration.ofMillis(millis))).isEqualTo(text);
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource(delimiter = '|', nullValues = "null", textBlock = """
			instance-id                  | i-0fake00000000000a
			placement/availability-zone  | eu-west-1a
			local-ipv4                   | 10.0.1.10
			ami-id                       | null
			hostname                     | null
			""")
	void fromIdentityTakesOnlyLeavesTheDocumentHolds(String leaf, String value) {
		Map<String, String> identity = Map.of("ec2.identity.instance-id", "i-0fake00000000000a",
				"ec2.identity.availability-zone", "eu-west-1a", "ec2.identity.private-ip", "10.0.1.10",
				"ec2.identity.architecture", "x86_64");
		assertThat(MetadataPaths.fromIdentity(leaf, identity)).isEqualTo(value);
	}

	@Test
	void inIdentityNamesOnlyLeavesThatAreLoaded() {
		assertThat(MetadataPaths.LEAVES).containsAll(MetadataPaths.IN_IDENTITY.keySet());
	}

	@Test
	void macsKeepListingOrderAndDropWhatIsNotAMac() {
		assertThat(MetadataPaths.macs(List.of("0e:99:88:77:66:55/", "0e:1a:2b:3c:4d:5e/", "0e:1a:2b:3c:4d:5f",
				"not-a-mac/", "../")))
			.containsExactly("0e:99:88:77:66:55", "0e:1a:2b:3c:4d:5e", "0e:1a:2b:3c:4d:5f");
	}

}
