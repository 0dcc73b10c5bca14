package io.github.imds.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ImdsFailFastFailureAnalyzer}.
 */
class ImdsFailFastFailureAnalyzerTests {

	private final ImdsFailFastFailureAnalyzer analyzer = new ImdsFailFastFailureAnalyzer();

	@Test
	void analyzeWhenStartupLoadFailedNamesTheEndpointTheCauseAndTheProperties() {
		ImdsStartupException failure = new ImdsStartupException("http://127.0.0.1:1338",
				"connection refused after 3 attempts", null);
		FailureAnalysis analysis = this.analyzer.analyze(failure);
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription()).contains("imds.fail-fast")
			.contains("http://127.0.0.1:1338")
			.contains("connection refused after 3 attempts");
		assertThat(analysis.getAction()).contains("imds.fail-fast=false").contains("imds.enabled=false");
		assertThat(analysis.getCause()).isSameAs(failure);
	}

	@Test
	void analyzeWhenWrappedFindsTheStartupException() {
		ImdsStartupException failure = new ImdsStartupException("http://127.0.0.1:1338", "HTTP 403", null);
		FailureAnalysis analysis = this.analyzer.analyze(new BeanCreationException("imdsClient", "failed", failure));
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription()).contains("HTTP 403");
	}

	@Test
	void analyzeWhenOtherFailureDoesNotAnalyze() {
		assertThat(this.analyzer.analyze(new IllegalStateException("other"))).isNull();
	}

}
