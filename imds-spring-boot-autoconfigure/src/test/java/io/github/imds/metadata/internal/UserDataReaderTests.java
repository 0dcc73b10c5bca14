package io.github.imds.metadata.internal;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Stream;

import io.github.imds.metadata.UserDataMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Tests for {@link UserDataReader}: what user data is usable, the properties format, the warnings.
 */
class UserDataReaderTests {

	@ParameterizedTest(name = "[{index}] {2}")
	@MethodSource
	void readAcceptsOnlySmallText(String text, int length, boolean usable) {
		assertThat(text.getBytes(StandardCharsets.UTF_8)).hasSize(length);
		assertThat(UserDataReader.read(text, UserDataMode.RAW).warning() == null).isEqualTo(usable);
	}

	static Stream<Arguments> readAcceptsOnlySmallText() {
		return Stream.of(arguments("#!/bin/bash\necho fake\r\n\tdone\n", 29, true),
				arguments("app.name=fäke", 14, true), arguments("", 0, true),
				arguments("a".repeat(16 * 1024), 16 * 1024, true),
				arguments("a".repeat(16 * 1024 + 1), 16 * 1024 + 1, false), arguments("fake\u0000data", 9, false),
				arguments("fake\u001bdata", 9, false), arguments("fake\u007fdata", 9, false),
				// what a lenient decoder makes of a first byte that is not UTF-8
				arguments("\uFFFDfake", 7, false));
	}

	@ParameterizedTest(name = "[{index}]")
	@MethodSource
	void userDataPropertiesReadsPropertiesFormat(String text, Map<String, String> expected) {
		assertThat(UserDataReader.properties(text)).containsExactlyInAnyOrderEntriesOf(expected);
	}

	static Stream<Arguments> userDataPropertiesReadsPropertiesFormat() {
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
	void userDataPropertiesWhenMalformedThrowsWithoutQuotingTheText(String text) {
		assertThatIllegalArgumentException().isThrownBy(() -> UserDataReader.properties(text))
			.withMessage("user data is not in java.util.Properties format");
	}

	@ParameterizedTest(name = "[{index}] {1}")
	@MethodSource
	void readGivesKeysOrOneWarningThatNeverQuotesTheData(String text, UserDataMode mode,
			Map<String, String> properties, String warning) {
		UserDataReader.Result result = UserDataReader.read(text, mode);
		assertThat(result.properties()).containsExactlyInAnyOrderEntriesOf(properties);
		if (warning.isEmpty()) {
			assertThat(result.warning()).isNull();
		}
		else {
			assertThat(result.warning()).contains(warning).doesNotContain("fake-secret");
		}
	}

	static Stream<Arguments> readGivesKeysOrOneWarningThatNeverQuotesTheData() {
		String skipped = "binary or oversized user data skipped: ";
		return Stream.of(
				arguments("#!/bin/bash\necho fake\n", UserDataMode.RAW, Map.of("ec2.user-data", "#!/bin/bash\necho fake\n"),
						""),
				arguments("app.name=fake\n", UserDataMode.PROPERTIES, Map.of("ec2.user-data.app.name", "fake"), ""),
				arguments("fake-secret\u0000binary", UserDataMode.RAW, Map.of(), skipped + "contains control characters"),
				arguments("fake-secret\uFFFD", UserDataMode.RAW, Map.of(), skipped + "not UTF-8 text"),
				arguments("fake-secret=" + "x".repeat(16 * 1024), UserDataMode.PROPERTIES, Map.of(),
						skipped + "16396 bytes, more than 16384"),
				arguments("fake-secret=\\uZZZZ", UserDataMode.PROPERTIES, Map.of(),
						"user data is not in java.util.Properties format; no ec2.user-data.* keys"));
	}

}
