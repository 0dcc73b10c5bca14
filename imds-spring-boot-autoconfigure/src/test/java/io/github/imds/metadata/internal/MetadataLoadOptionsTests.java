package io.github.imds.metadata.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.imds.metadata.UserDataMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link MetadataLoadOptions}.
 */
class MetadataLoadOptionsTests {

	@Test
	void defaultsMatchTheDesign() {
		MetadataLoadOptions defaults = MetadataLoadOptions.defaults();
		assertThat(defaults.extraPaths()).isEmpty();
		assertThat(defaults.userData()).isEqualTo(UserDataMode.NONE);
		assertThat(defaults.tags()).isTrue();
		assertThat(defaults.startupTimeout()).isEqualTo(Duration.ofSeconds(2));
		assertThat(defaults.parallelism()).isEqualTo(8);
	}

	@Test
	void withersChangeOneOption() {
		MetadataLoadOptions options = MetadataLoadOptions.defaults()
			.withExtraPaths(List.of("block-device-mapping/"))
			.withUserData(UserDataMode.PROPERTIES)
			.withTags(false)
			.withStartupTimeout(Duration.ofMillis(500))
			.withParallelism(4);
		assertThat(options).isEqualTo(new MetadataLoadOptions(List.of("block-device-mapping/"),
				UserDataMode.PROPERTIES, false, Duration.ofMillis(500), 4));
	}

	@Test
	void extraPathsAreCopied() {
		List<String> paths = new ArrayList<>(List.of("a"));
		MetadataLoadOptions options = MetadataLoadOptions.defaults().withExtraPaths(paths);
		paths.add("b");
		assertThat(options.extraPaths()).containsExactly("a");
	}

	@ParameterizedTest
	@ValueSource(ints = { 0, -1, 33 })
	void parallelismOutOfRangeIsRejected(int parallelism) {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> MetadataLoadOptions.defaults().withParallelism(parallelism))
			.withMessageContaining("'parallelism'")
			.withMessageContaining(Integer.toString(parallelism));
	}

	@ParameterizedTest
	@ValueSource(longs = { 0, -1 })
	void startupTimeoutNotPositiveIsRejected(long millis) {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> MetadataLoadOptions.defaults().withStartupTimeout(Duration.ofMillis(millis)))
			.withMessageContaining("'startupTimeout'");
	}

}
