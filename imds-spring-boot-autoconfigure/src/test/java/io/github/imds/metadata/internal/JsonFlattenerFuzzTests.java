package io.github.imds.metadata.internal;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.imds.testsupport.FuzzInput;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzz tests for {@link JsonFlattener}: any text either flattens into keys that stay in proportion to it, or
 * throws {@link IllegalArgumentException} naming a position, never the text. Seeds in
 * {@code src/test/resources/.../JsonFlattenerFuzzTestsInputs/}; docs/reliability.md, "Fuzzing".
 */
class JsonFlattenerFuzzTests {

	private static final String PREFIX = "ec2.identity";


	@FuzzTest
	@Timeout(value = 10, unit = TimeUnit.SECONDS)
	void flatten(byte[] input) {
		String json = FuzzInput.text(input);
		Map<String, String> keys;
		try {
			keys = JsonFlattener.flatten(PREFIX, json);
		}
		catch (IllegalArgumentException ex) {
			FuzzInput.assertNoSecretIn(ex);
			return;
		}
		long size = 0;
		for (Map.Entry<String, String> entry : keys.entrySet()) {
			// a scalar document is the prefix itself, an array's elements are indexed
			assertThat(entry.getKey()).matches((key) -> key.equals(PREFIX) || key.startsWith(PREFIX + ".")
					|| key.startsWith(PREFIX + "["), "is the prefix or below it");
			size += entry.getKey().length() + entry.getValue().length();
		}
		assertThat(size).as("characters of keys and values for a document of %d", json.length())
			.isLessThanOrEqualTo((long) JsonFlattener.MAX_EXPANSION * (json.length() + PREFIX.length()));
	}

	@FuzzTest
	@Timeout(value = 10, unit = TimeUnit.SECONDS)
	void kebabCase(byte[] input) {
		String kebab = JsonFlattener.kebabCase(FuzzInput.text(input));
		assertThat(kebab).doesNotContain("--").doesNotEndWith("-");
	}

}
