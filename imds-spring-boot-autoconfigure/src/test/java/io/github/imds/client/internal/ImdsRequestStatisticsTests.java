package io.github.imds.client.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.github.imds.client.ImdsRequestEvent;
import io.github.imds.client.RequestKind;
import io.github.imds.client.RequestOutcome;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * Tests for {@link ImdsRequestStatistics}.
 */
class ImdsRequestStatisticsTests {

	private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

	private final ImdsRequestStatistics statistics = new ImdsRequestStatistics();

	@Test
	void countsByKindAndOutcome() {
		record(RequestKind.TOKEN, RequestOutcome.SUCCESS, 1, 0);
		record(RequestKind.METADATA, RequestOutcome.SUCCESS, 1, 1);
		record(RequestKind.METADATA, RequestOutcome.SUCCESS, 1, 2);
		record(RequestKind.METADATA, RequestOutcome.NOT_FOUND, 1, 3);
		record(RequestKind.CREDENTIALS, RequestOutcome.THROTTLED, 1, 4);
		assertThat(this.statistics.total()).isEqualTo(5);
		assertThat(this.statistics.counts()).containsExactly(entry("token", Map.of("success", 1L)),
				entry("metadata", Map.of("success", 2L, "not-found", 1L)),
				entry("credentials", Map.of("throttled", 1L)));
	}

	@Test
	void latencyPercentilesOfTheLatestWindow() {
		for (int i = 1; i <= 100; i++) {
			record(RequestKind.METADATA, RequestOutcome.SUCCESS, i, i);
		}
		ImdsRequestStatistics.Latency latency = this.statistics.latency();
		assertThat(latency.count()).isEqualTo(100);
		assertThat(latency.p50Ms()).isEqualTo(50.0);
		assertThat(latency.p90Ms()).isEqualTo(90.0);
		assertThat(latency.p99Ms()).isEqualTo(99.0);
		assertThat(latency.maxMs()).isEqualTo(100.0);
	}

	@Test
	void latencyPercentilesDoNotDependOnTheOrderOfTheRequests() {
		record(RequestKind.METADATA, RequestOutcome.SUCCESS, 3, 0);
		record(RequestKind.METADATA, RequestOutcome.SUCCESS, 1, 1);
		record(RequestKind.METADATA, RequestOutcome.SUCCESS, 2, 2);
		assertThat(this.statistics.latency()).isEqualTo(new ImdsRequestStatistics.Latency(3, 2.0, 3.0, 3.0, 3.0));
	}

	@Test
	void latencyWindowIsBounded() {
		for (int i = 0; i < 3000; i++) {
			record(RequestKind.METADATA, RequestOutcome.SUCCESS, (i < 3000 - ImdsRequestStatistics.LATENCY_WINDOW) ? 1000 : 1, i);
		}
		ImdsRequestStatistics.Latency latency = this.statistics.latency();
		assertThat(latency.count()).isEqualTo(ImdsRequestStatistics.LATENCY_WINDOW);
		assertThat(latency.maxMs()).isEqualTo(1.0);
	}

	@Test
	void latencyWithoutRequestsIsZero() {
		assertThat(this.statistics.latency()).isEqualTo(new ImdsRequestStatistics.Latency(0, 0, 0, 0, 0));
	}

	@Test
	void keepsLastErrorLastAnswerAndConsecutiveOutcomesPerKind() {
		record(RequestKind.METADATA, RequestOutcome.SUCCESS, 1, 0);
		record(RequestKind.METADATA, RequestOutcome.UNAUTHORIZED, 1, 1);
		record(RequestKind.METADATA, RequestOutcome.UNAUTHORIZED, 1, 2);
		record(RequestKind.LIFECYCLE, RequestOutcome.NOT_FOUND, 1, 3);
		assertThat(this.statistics.lastError().outcome()).isEqualTo(RequestOutcome.UNAUTHORIZED);
		assertThat(this.statistics.lastError().at()).isEqualTo(T0.plusSeconds(2));
		assertThat(this.statistics.lastAnswerAt()).isEqualTo(T0.plusSeconds(3));
		assertThat(this.statistics.lastEvent().kind()).isEqualTo(RequestKind.LIFECYCLE);
		assertThat(this.statistics.recent().get(RequestKind.METADATA).consecutive()).isEqualTo(2);
		assertThat(this.statistics.recent()).containsOnlyKeys(RequestKind.METADATA, RequestKind.LIFECYCLE);
	}

	@Test
	void recentTellsTheLatestOutcomeOfEachKindWithItsStatusAndError() {
		this.statistics.onRequest(new ImdsRequestEvent(RequestKind.TOKEN, "PUT", "/latest/api/token", 0,
				RequestOutcome.READ_TIMEOUT, Duration.ofMillis(1), T0, 1, "no response within 1000 ms"));
		this.statistics.onRequest(new ImdsRequestEvent(RequestKind.TOKEN, "PUT", "/latest/api/token", 200,
				RequestOutcome.SUCCESS, Duration.ofMillis(1), T0.plusSeconds(1), 2, null));
		ImdsRequestStatistics.Recent token = this.statistics.recent().get(RequestKind.TOKEN);
		assertThat(token).isEqualTo(new ImdsRequestStatistics.Recent(RequestOutcome.SUCCESS, 200, T0.plusSeconds(1),
				null, 1));
		assertThat(token.isAnswer()).isTrue();
		assertThat(this.statistics.lastError().error()).isEqualTo("no response within 1000 ms");
		assertThat(this.statistics.lastAnswerAt()).isEqualTo(T0.plusSeconds(1));
		assertThat(new ImdsRequestStatistics.Recent(RequestOutcome.THROTTLED, 429, T0, "HTTP 429", 3).isAnswer()).isFalse();
	}

	@Test
	void nothingIsKnownBeforeTheFirstRequest() {
		assertThat(this.statistics.lastEvent()).isNull();
		assertThat(this.statistics.lastError()).isNull();
		assertThat(this.statistics.lastAnswerAt()).isNull();
		assertThat(this.statistics.recent()).isEmpty();
		assertThat(this.statistics.counts()).isEmpty();
		assertThat(this.statistics.total()).isZero();
	}

	@Test
	void latencyIsInMillisecondsRoundedToHundredths() {
		this.statistics.onRequest(new ImdsRequestEvent(RequestKind.METADATA, "GET", "/latest/meta-data/x", 200,
				RequestOutcome.SUCCESS, Duration.ofNanos(1_234_567), T0, 1, null));
		assertThat(this.statistics.latency()).isEqualTo(new ImdsRequestStatistics.Latency(1, 1.23, 1.23, 1.23, 1.23));
		this.statistics.onRequest(new ImdsRequestEvent(RequestKind.METADATA, "GET", "/latest/meta-data/x", 200,
				RequestOutcome.SUCCESS, Duration.ofNanos(2_345_678), T0, 1, null));
		assertThat(this.statistics.latency()).isEqualTo(new ImdsRequestStatistics.Latency(2, 1.23, 2.35, 2.35, 2.35));
	}

	@Test
	void recentAndCountsAreCopies() {
		record(RequestKind.METADATA, RequestOutcome.SUCCESS, 1, 0);
		Map<RequestKind, ImdsRequestStatistics.Recent> recent = this.statistics.recent();
		record(RequestKind.TOKEN, RequestOutcome.SUCCESS, 1, 1);
		assertThat(recent).containsOnlyKeys(RequestKind.METADATA);
		assertThat(this.statistics.recent()).containsOnlyKeys(RequestKind.TOKEN, RequestKind.METADATA);
		assertThat(this.statistics.recent().keySet()).containsExactly(RequestKind.TOKEN, RequestKind.METADATA);
	}

	private void record(RequestKind kind, RequestOutcome outcome, int millis, int second) {
		this.statistics.onRequest(new ImdsRequestEvent(kind, "GET", "/latest/meta-data/x", 200, outcome,
				Duration.ofMillis(millis), T0.plusSeconds(second), 1, outcome.isAnswer() ? null : outcome.tag()));
	}

}
