package io.github.imds.actuate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.github.imds.actuate.internal.ImdsProbe;
import io.github.imds.client.RequestKind;
import io.github.imds.client.RequestOutcome;
import io.github.imds.client.internal.ImdsRequestStatistics;
import io.github.imds.testsupport.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Tests for {@link ImdsProbe}.
 */
class ImdsProbeTests {

	private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

	private final FakeImdsClient client = new FakeImdsClient(this.clock);

	private final ImdsRequestStatistics statistics = new ImdsRequestStatistics();

	private ImdsProbe probe;

	@BeforeEach
	void setUp() {
		this.client.addListener(this.statistics);
		this.probe = new ImdsProbe(this.client, this.statistics, Duration.ofSeconds(30), this.clock);
	}

	@Test
	void checkWithoutEvidenceProbesOnce() {
		ImdsProbe.Result result = this.probe.check();
		assertThat(result.answered()).isTrue();
		assertThat(result.source()).isEqualTo(ImdsProbe.Source.PROBE);
		assertThat(this.client.gets).hasValue(1);
	}

	@Test
	void checkWithinMaxStalenessReusesTheResult() {
		this.probe.check();
		for (int i = 0; i < 100; i++) {
			this.clock.advance(Duration.ofMillis(290));
			this.probe.check();
		}
		assertThat(this.client.gets).hasValue(1);
	}

	@Test
	void checkAfterMaxStalenessProbesAgain() {
		this.probe.check();
		this.clock.advance(Duration.ofSeconds(31));
		this.probe.check();
		assertThat(this.client.gets).hasValue(2);
	}

	@Test
	void checkWhileTrafficSucceedsSendsNothing() {
		for (int i = 0; i < 100; i++) {
			this.client.traffic(RequestKind.LIFECYCLE, RequestOutcome.NOT_FOUND);
			this.clock.advance(Duration.ofSeconds(5));
			ImdsProbe.Result result = this.probe.check();
			assertThat(result.answered()).isTrue();
			assertThat(result.source()).isEqualTo(ImdsProbe.Source.TRAFFIC);
		}
		assertThat(this.client.gets).hasValue(0);
	}

	@Test
	void checkAfterRecentFailedTrafficReportsItWithoutProbing() {
		this.client.traffic(RequestKind.CREDENTIALS, RequestOutcome.THROTTLED);
		ImdsProbe.Result result = this.probe.check();
		assertThat(result.answered()).isFalse();
		assertThat(result.error()).contains("throttled");
		assertThat(this.client.gets).hasValue(0);
	}

	@Test
	void failedProbeIsReusedWithinMaxStaleness() {
		this.client.outcome = RequestOutcome.SERVER_ERROR;
		assertThat(this.probe.check().answered()).isFalse();
		this.clock.advance(Duration.ofSeconds(10));
		ImdsProbe.Result result = this.probe.check();
		assertThat(result.answered()).isFalse();
		assertThat(result.source()).isEqualTo(ImdsProbe.Source.PROBE);
		assertThat(result.error()).contains("IMDS GET /latest/meta-data/instance-id failed");
		assertThat(this.client.gets).hasValue(1);
	}

	@Test
	void newerTrafficWinsOverAnOlderProbe() {
		this.client.outcome = RequestOutcome.SERVER_ERROR;
		this.probe.check();
		this.clock.advance(Duration.ofSeconds(1));
		this.client.traffic(RequestKind.METADATA, RequestOutcome.SUCCESS);
		assertThat(this.probe.check().answered()).isTrue();
	}

	@Test
	void probeNowProbesDespiteFreshEvidence() {
		this.client.traffic(RequestKind.METADATA, RequestOutcome.SUCCESS);
		this.probe.probeNow();
		assertThat(this.client.gets).hasValue(1);
	}

	@Test
	void concurrentChecksShareOneProbe() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		this.client.blockGets = release;
		ExecutorService executor = Executors.newFixedThreadPool(16);
		try {
			List<Future<ImdsProbe.Result>> results = new ArrayList<>();
			for (int i = 0; i < 64; i++) {
				results.add(executor.submit(this.probe::check));
			}
			release.countDown();
			for (Future<ImdsProbe.Result> result : results) {
				assertThat(result.get(10, TimeUnit.SECONDS).answered()).isTrue();
			}
		}
		finally {
			executor.shutdownNow();
		}
		assertThat(this.client.gets).hasValue(1);
	}

	@Test
	void checkWhileASlowProbeIsInFlightAnswersWithTheLastResultWithoutWaiting() throws Exception {
		assertThat(this.probe.check().answered()).isTrue();
		this.clock.advance(Duration.ofMinutes(1));
		CountDownLatch release = new CountDownLatch(1);
		this.client.blockGets = release;
		ExecutorService executor = Executors.newSingleThreadExecutor();
		try {
			Future<ImdsProbe.Result> slow = executor.submit(this.probe::check);
			await().atMost(Duration.ofSeconds(10)).until(() -> this.client.gets.get() == 2);
			// the probe in flight holds the lock: this check must not queue behind it
			ImdsProbe.Result meanwhile = assertTimeoutPreemptively(Duration.ofSeconds(10), this.probe::check);
			assertThat(meanwhile.answered()).isTrue();
			assertThat(slow.isDone()).isFalse();
			release.countDown();
			assertThat(slow.get(10, TimeUnit.SECONDS).answered()).isTrue();
		}
		finally {
			release.countDown();
			executor.shutdownNow();
		}
	}

}
