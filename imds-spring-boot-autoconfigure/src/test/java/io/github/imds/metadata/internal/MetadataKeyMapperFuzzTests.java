package io.github.imds.metadata.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.imds.testsupport.FuzzInput;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzz tests for {@link MetadataKeyMapper}: listings, paths and leaf bodies from IMDS map to {@code ec2.*}
 * keys without an exception, and the aliases derived from any set of keys never fail. Seeds in
 * {@code src/test/resources/.../MetadataKeyMapperFuzzTestsInputs/}; docs/reliability.md, "Fuzzing".
 */
class MetadataKeyMapperFuzzTests {

	@FuzzTest
	@Timeout(value = 10, unit = TimeUnit.SECONDS)
	void keyOfEveryListedPath(byte[] input) {
		String listing = FuzzInput.text(input);
		for (String line : MetadataKeyMapper.lines(listing)) {
			String key = MetadataKeyMapper.key(line);
			assertThat(key).startsWith(MetadataKeyMapper.PREFIX).doesNotContain("\n");
			if (line.startsWith("network/interfaces/macs/")) {
				String[] segments = line.split("/");
				if (segments.length > 3 && MetadataKeyMapper.isMac(segments[3])) {
					assertThat(key).startsWith(MetadataKeyMapper.MACS_KEY + MetadataKeyMapper.macSegment(segments[3]));
				}
			}
		}
		String value = MetadataKeyMapper.listValue(listing);
		assertThat(value).doesNotContain("\n").doesNotContain("\r");
		MetadataKeyMapper.looksLikeJson(listing);
	}

	@FuzzTest
	@Timeout(value = 10, unit = TimeUnit.SECONDS)
	void aliasesOfAnyKeys(byte[] input) {
		// one "key=value" a line: the keys the loader mapped, as IMDS could make them
		Map<String, String> properties = new LinkedHashMap<>();
		for (String line : FuzzInput.text(input).split("\n", -1)) {
			int equals = line.indexOf('=');
			String key = (equals >= 0) ? line.substring(0, equals) : line;
			properties.put(key.startsWith("ec2") ? key : MetadataKeyMapper.key(key),
					(equals >= 0) ? line.substring(equals + 1) : "");
		}
		Map<String, String> aliases = MetadataKeyMapper.aliases(properties);
		assertThat(aliases.keySet()).allSatisfy((alias) -> assertThat(alias).startsWith("ec2."));
		assertThat(aliases.values()).allSatisfy((alias) -> assertThat(alias).isNotBlank());
	}

}
