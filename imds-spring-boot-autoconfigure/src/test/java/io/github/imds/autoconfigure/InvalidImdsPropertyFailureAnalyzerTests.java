package io.github.imds.autoconfigure;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Tests for {@link InvalidImdsPropertyFailureAnalyzer}.
 */
class InvalidImdsPropertyFailureAnalyzerTests {

	private final InvalidImdsPropertyFailureAnalyzer analyzer = new InvalidImdsPropertyFailureAnalyzer();

	@Test
	void analyzeWhenSetterRejectedValueNamesThePropertyTheRangeAndTheFix() {
		InvalidImdsPropertyException failure = catchThrowableOfType(InvalidImdsPropertyException.class,
				() -> new ImdsProperties().setTokenTtl(Duration.ofHours(7)));
		FailureAnalysis analysis = this.analyzer.analyze(failure);
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription()).contains("imds.token-ttl").contains("between 1s and 6h").contains("PT7H");
		assertThat(analysis.getAction()).contains("'imds.token-ttl'").contains("remove it to use the default");
	}

	@Test
	void analyzeWhenNestedPropertyRejectedNamesTheNestedProperty() {
		InvalidImdsPropertyException failure = catchThrowableOfType(InvalidImdsPropertyException.class,
				() -> new ImdsProperties().getLifecycle().setPollInterval(Duration.ZERO));
		FailureAnalysis analysis = this.analyzer.analyze(failure);
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription()).contains("imds.lifecycle.poll-interval").contains("at least 1ms");
		assertThat(analysis.getAction()).contains("'imds.lifecycle.poll-interval'");
	}

	@Test
	void analyzeWhenBuilderRejectedAnSdkValueNamesTheProperty() {
		IllegalArgumentException builder = new IllegalArgumentException(
				"'connectTimeout' must be more than 0 and at most 1m, was PT0S");
		InvalidImdsPropertyException failure = new InvalidImdsPropertyException(
				ImdsClientFactory.toPropertyNames(builder.getMessage()), builder);
		FailureAnalysis analysis = this.analyzer.analyze(failure);
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription()).contains("imds.connect-timeout (or the AWS SDK setting it falls back to)")
			.doesNotContain("'connectTimeout'");
		assertThat(analysis.getAction()).contains("'imds.connect-timeout'");
	}

	@Test
	void analyzeWhenOtherFailureDoesNotAnalyze() {
		assertThat(this.analyzer.analyze(new IllegalArgumentException("other"))).isNull();
	}

}
