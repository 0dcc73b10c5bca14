package io.github.imds.client;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Validation of the builder's settings, and the derived worst-case call duration.
 */
class ImdsClientSettingsTests {

	private static ImdsClient.Builder builder() {
		return ImdsTestSupport.builder("http://127.0.0.1:" + ImdsTestSupport.closedPort());
	}

	@ParameterizedTest
	@ValueSource(longs = { 0, -1, 21601 })
	void buildWhenTokenTtlOutOfRangeNamesSetting(long seconds) {
		assertThatIllegalArgumentException().isThrownBy(() -> builder().tokenTtl(Duration.ofSeconds(seconds)).build())
			.withMessageContaining("'tokenTtl'");
	}

	@Test
	void buildWhenTokenTtlBelowOneSecondNamesSetting() {
		assertThatIllegalArgumentException().isThrownBy(() -> builder().tokenTtl(Duration.ofMillis(999)).build())
			.withMessageContaining("'tokenTtl'");
	}

	@ParameterizedTest
	@ValueSource(longs = { 1, 300, 21600 })
	void buildWhenTokenTtlInRangeAccepts(long seconds) {
		try (ImdsClient client = builder().tokenTtl(Duration.ofSeconds(seconds)).build()) {
			assertThat(client.settings().tokenTtl()).isEqualTo(Duration.ofSeconds(seconds));
		}
	}

	@Test
	void buildWhenTokenTtlSixHoursAccepts() {
		try (ImdsClient client = builder().tokenTtl(Duration.ofHours(6)).build()) {
			assertThat(client.settings().tokenTtl()).isEqualTo(Duration.ofHours(6));
		}
	}

	@ParameterizedTest
	@ValueSource(ints = { 0, -1, 11 })
	void buildWhenMaxAttemptsOutOfRangeNamesSetting(int attempts) {
		assertThatIllegalArgumentException().isThrownBy(() -> builder().maxAttempts(attempts).build())
			.withMessageContaining("'maxAttempts'");
	}

	@ParameterizedTest
	@ValueSource(ints = { 1, 10 })
	void buildWhenMaxAttemptsInRangeAccepts(int attempts) {
		try (ImdsClient client = builder().maxAttempts(attempts).build()) {
			assertThat(client.settings().maxAttempts()).isEqualTo(attempts);
		}
	}

	@Test
	void buildWhenConnectTimeoutNotPositiveNamesSetting() {
		assertThatIllegalArgumentException().isThrownBy(() -> builder().connectTimeout(Duration.ofMillis(-1)).build())
			.withMessageContaining("'connectTimeout'");
		assertThatIllegalArgumentException().isThrownBy(() -> builder().connectTimeout(Duration.ZERO).build())
			.withMessageContaining("'connectTimeout'");
	}

	@Test
	void buildWhenReadTimeoutNotPositiveNamesSetting() {
		assertThatIllegalArgumentException().isThrownBy(() -> builder().readTimeout(Duration.ofSeconds(-1)).build())
			.withMessageContaining("'readTimeout'");
		assertThatIllegalArgumentException().isThrownBy(() -> builder().readTimeout(Duration.ZERO).build())
			.withMessageContaining("'readTimeout'");
	}

	@Test
	void buildWhenTimeoutAboveOneMinuteNamesSetting() {
		assertThatIllegalArgumentException().isThrownBy(() -> builder().readTimeout(Duration.ofMinutes(2)).build())
			.withMessageContaining("'readTimeout'");
	}

	@Test
	void buildWithDefaultsExposesDocumentedDefaults() {
		try (ImdsClient client = ImdsClient.builder()
			.endpoint("http://127.0.0.1:" + ImdsTestSupport.closedPort())
			.sdkSettings(AwsSdkSettings.none())
			.build()) {
			ImdsClientSettings settings = client.settings();
			assertThat(settings.tokenTtl()).isEqualTo(Duration.ofHours(6));
			assertThat(settings.connectTimeout()).isEqualTo(Duration.ofMillis(250));
			assertThat(settings.readTimeout()).isEqualTo(Duration.ofSeconds(1));
			assertThat(settings.maxAttempts()).isEqualTo(3);
			assertThat(settings.v1Fallback()).isFalse();
			assertThat(settings.platformDetection()).isEqualTo(PlatformDetectionMode.AUTO);
			// an explicit endpoint skips the detection
			assertThat(client.availability().detection().state()).isEqualTo(PlatformDetection.State.SKIPPED);
		}
	}

	@Test
	void worstCaseCallDurationWithDefaultsIsFiniteAndAboveOneAttempt() {
		try (ImdsClient client = ImdsClient.builder()
			.endpoint("http://127.0.0.1:" + ImdsTestSupport.closedPort())
			.sdkSettings(AwsSdkSettings.none())
			.build()) {
			ImdsClientSettings settings = client.settings();
			Duration worstCase = settings.worstCaseCallDuration();
			Duration oneAttempt = settings.connectTimeout().plus(settings.readTimeout());
			System.out.println("ImdsClient worst-case get() duration with default settings (connect "
					+ settings.connectTimeout().toMillis() + " ms, read " + settings.readTimeout().toMillis()
					+ " ms, " + settings.maxAttempts() + " attempts): " + worstCase.toMillis() + " ms");
			assertThat(worstCase).isGreaterThan(oneAttempt.multipliedBy(settings.maxAttempts()));
			assertThat(worstCase).isLessThan(Duration.ofMinutes(1));
		}
	}

	@Test
	void worstCaseCallDurationGrowsWithSettings() {
		ImdsClientSettings small = new ImdsClientSettings(Duration.ofHours(6), Duration.ofMillis(100),
				Duration.ofMillis(100), 1, false, PlatformDetectionMode.OFF);
		ImdsClientSettings large = new ImdsClientSettings(Duration.ofHours(6), Duration.ofMillis(100),
				Duration.ofMillis(100), 5, false, PlatformDetectionMode.OFF);
		assertThat(small.worstCaseCallDuration()).isGreaterThanOrEqualTo(Duration.ofMillis(200));
		assertThat(large.worstCaseCallDuration()).isGreaterThan(small.worstCaseCallDuration());
	}

}
