package io.github.imds.metadata.internal;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LoadResults}: requests end in any order, yet what a load reports reads the same on every
 * start.
 */
class LoadResultsTests {

	@Test
	void closeSortsFailuresAndWarningsWhateverOrderTheyCameIn() {
		LoadResults results = new LoadResults();
		for (String path : new String[] { "/b", "/a", "/c", "/d" }) {
			assertThat(results.begin(path)).isTrue();
		}
		results.fail("/b", "b failed");
		results.fail("/a", "a failed");
		results.warn("z warning");
		results.warn("y warning");
		results.complete("/c", Map.of("ec2.fake", "fake-value"));
		LoadResults.Snapshot snapshot = results.close("1s");
		assertThat(snapshot.failures()).containsExactly("a failed", "b failed", "not loaded within 1s: /d");
		assertThat(snapshot.warnings()).containsExactly("y warning", "z warning");
		assertThat(snapshot.properties()).containsExactly(Map.entry("ec2.fake", "fake-value"));
	}

}
