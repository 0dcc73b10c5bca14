package io.github.imds.credentials;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link CredentialsStatus}: what it keeps, what it masks, and which states serve credentials.
 */
class CredentialsStatusTests {

	private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

	private static CredentialsStatus status(CredentialsStatus.State state, @Nullable String accessKeyId,
			Map<String, Long> refreshFailures) {
		return new CredentialsStatus(state, "sample-role", accessKeyId, T0.plusSeconds(3600), T0, T0.plusSeconds(60), 2,
				"IMDS answered HTTP 500", "Failure", "Role cannot be assumed", Boolean.TRUE, "instance-profile",
				refreshFailures);
	}

	@ParameterizedTest
	@CsvSource(nullValues = "null", textBlock = """
			ASIAFAKE000000000001, ****0001
			****0001,             ****0001
			AB,                   ****B
			****B,                ****B
			'',                   null
			null,                 null
			""")
	void constructorMasksTheAccessKeyIdOnceWhateverItIsGiven(@Nullable String given, @Nullable String shown) {
		assertThat(status(CredentialsStatus.State.VALID, given, Map.of()).accessKeyId()).isEqualTo(shown);
	}

	@Test
	void constructorCopiesTheFailureCountsSoThatLaterChangesDoNotShow() {
		Map<String, Long> failures = new HashMap<>(Map.of("http-5xx", 2L));
		CredentialsStatus status = status(CredentialsStatus.State.DEGRADED, null, failures);
		failures.put("timeout", 1L);
		assertThat(status.refreshFailures()).containsExactly(Map.entry("http-5xx", 2L));
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> status.refreshFailures().put("other", 1L));
	}

	@Test
	void notUsedNamesTheSourceAndKnowsNothingElse() {
		CredentialsStatus status = CredentialsStatus.notUsed("environment");
		assertThat(status.state()).isEqualTo(CredentialsStatus.State.NOT_USED);
		assertThat(status.source()).isEqualTo("environment");
		assertThat(status.role()).isNull();
		assertThat(status.accessKeyId()).isNull();
		assertThat(status.expiration()).isNull();
		assertThat(status.lastRefresh()).isNull();
		assertThat(status.nextRefresh()).isNull();
		assertThat(status.consecutiveFailures()).isZero();
		assertThat(status.lastError()).isNull();
		assertThat(status.code()).isNull();
		assertThat(status.message()).isNull();
		assertThat(status.extendedPath()).isNull();
		assertThat(status.refreshFailures()).isEmpty();
		assertThat(status.servesValidCredentials()).isFalse();
	}

	@Test
	void withSourceChangesOnlyTheSource() {
		CredentialsStatus status = status(CredentialsStatus.State.DEGRADED, "ASIAFAKE000000000001",
				Map.of("http-5xx", 2L));
		CredentialsStatus changed = status.withSource("application");
		assertThat(changed.source()).isEqualTo("application");
		assertThat(changed).usingRecursiveComparison().ignoringFields("source").isEqualTo(status);
		assertThat(changed.accessKeyId()).isEqualTo("****0001");
		assertThat(status.source()).isEqualTo("instance-profile");
	}

	@ParameterizedTest
	@CsvSource(nullValues = "null", textBlock = """
			ASIAFAKE000000000001, ****0001
			ABCDEFGH,             ****EFGH
			ABC,                  ****C
			'',                   null
			null,                 null
			""")
	void maskKeepsAtMostFourCharactersAndHalfTheValue(@Nullable String accessKeyId, @Nullable String masked) {
		assertThat(CredentialsStatus.mask(accessKeyId)).isEqualTo(masked);
	}

	@ParameterizedTest
	@EnumSource(CredentialsStatus.State.class)
	void servesValidCredentialsOnlyWhenValidOrDegraded(CredentialsStatus.State state) {
		boolean expected = state == CredentialsStatus.State.VALID || state == CredentialsStatus.State.DEGRADED;
		assertThat(status(state, null, Map.of()).servesValidCredentials()).isEqualTo(expected);
	}

}
