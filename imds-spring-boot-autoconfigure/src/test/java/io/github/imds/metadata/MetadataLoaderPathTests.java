package io.github.imds.metadata;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the pure path rules of {@link MetadataLoader}: which extra paths are refused, how they are
 * normalized and encoded.
 */
class MetadataLoaderPathTests {

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
	void refusalShouldNameTheReason(String path, String reason) {
		assertThat(MetadataLoader.refusal(path)).isEqualTo(reason);
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
	void relativeExtraPathShouldAcceptOnlyMetaDataPaths(String path, String relative) {
		assertThat(MetadataLoader.relativeExtraPath(path)).isEqualTo(relative);
	}

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
	void encodeShouldEscapeOnlyWhatAUriPathCannotHold(String path, String encoded) {
		assertThat(MetadataLoader.encode(path)).isEqualTo(encoded);
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource(delimiter = '|', textBlock = """
			2000 | 2s
			1500 | 1500ms
			500  | 500ms
			""")
	void formatShouldPreferSeconds(long millis, String text) {
		assertThat(MetadataLoader.format(Duration.ofMillis(millis))).isEqualTo(text);
	}

}
