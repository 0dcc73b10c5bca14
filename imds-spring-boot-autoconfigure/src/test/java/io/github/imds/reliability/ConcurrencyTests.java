package io.github.imds.reliability;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Phaser;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.github.imds.client.AwsSdkSettings;
import io.github.imds.client.ImdsClient;
import io.github.imds.client.PlatformDetectionMode;
import io.github.imds.credentials.ImdsRoleCredentialsProvider;
import io.github.imds.credentials.RoleCredentials;
import io.github.imds.test.ImdsRequest;
import io.github.imds.test.ImdsSimulator;
import io.github.imds.test.ImdsSimulatorExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * 64 threads share one client and one credentials provider for four hours of IMDS time, across credential
 * rotations and token expiries: no call fails, every rotation costs one credentials fetch, and every token
 * lifetime one token PUT, however many threads find the token due at the same moment.
 */
class ConcurrencyTests {

	private static final int THREADS = 64;

	private static final Duration STEP = Duration.ofMinutes(1);

	private static final int STEPS = 240;

	private static final Duration TOKEN_TTL = Duration.ofMinutes(10);

	private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

	@RegisterExtension
	static final ImdsSimulatorExtension simulator = ImdsSimulatorExtension.builder()
		.simulator(ImdsSimulator.builder().clock(Clock.fixed(START, ZoneOffset.UTC)))
		.build();

	@Test
	void sixtyFourThreadsAcrossRotationsAndTokenExpiriesNeverFailAndFetchOncePerLifetime(ImdsSimulator imds)
			throws Exception {
		// credentials live 1 h and are renewed by IMDS every 15 min; tokens live 10 min
		imds.credentialsLifetime(Duration.ofHours(1)).credentialsRotation(Duration.ofMinutes(15)).role("sample-role");
		ImdsClient client = ImdsClient.builder()
			.endpoint(imds.endpoint())
			.platformDetection(PlatformDetectionMode.OFF)
			.sdkSettings(AwsSdkSettings.none())
			.connectTimeout(ReliabilityApplication.CONNECT_TIMEOUT)
			.readTimeout(ReliabilityApplication.READ_TIMEOUT)
			.tokenTtl(TOKEN_TTL)
			.clock(imds.clock())
			.build();
		// Refreshes are started by callers once due (a refresh timer in real time never fires in this test's
		// minutes): the path a host waking from suspension takes, with 64 callers finding it due at once.
		ImdsRoleCredentialsProvider provider = ImdsRoleCredentialsProvider.builder(client)
			.clock(imds.clock())
			.refreshBeforeExpiry(Duration.ofMinutes(15))
			.build();
		try (client; provider) {
			provider.start();
			provider.refreshNow().get();
			run(imds, client, provider);
		}
	}

	private void run(ImdsSimulator imds, ImdsClient client, ImdsRoleCredentialsProvider provider) throws Exception {
		Phaser phaser = new Phaser(THREADS + 1);
		AtomicReference<Throwable> failure = new AtomicReference<>();
		AtomicLong calls = new AtomicLong();
		Set<String> seen = ConcurrentHashMap.newKeySet();
		Clock clock = imds.clock();
		List<Thread> threads = new ArrayList<>();
		for (int i = 0; i < THREADS; i++) {
			Thread thread = new Thread(() -> {
				for (int step = 0; step < STEPS; step++) {
					try {
						Instant now = clock.instant();
						RoleCredentials credentials = provider.getCredentials();
						if (!credentials.expiration().isAfter(now)) {
							throw new AssertionError("expired credentials " + credentials + " served at " + now);
						}
						seen.add(credentials.accessKeyId());
						if (client.get("/latest/meta-data/instance-id").isEmpty()) {
							throw new AssertionError("instance-id absent");
						}
						calls.addAndGet(2);
					}
					catch (Throwable ex) {
						failure.compareAndSet(null, ex);
					}
					phaser.arriveAndAwaitAdvance();
				}
				phaser.arriveAndDeregister();
			}, "concurrency-" + i);
			threads.add(thread);
			thread.start();
		}
		assertTimeoutPreemptively(Duration.ofMinutes(2), () -> {
			for (int step = 0; step < STEPS; step++) {
				phaser.arriveAndAwaitAdvance();
				imds.advanceClock(STEP);
			}
			phaser.arriveAndDeregister();
			for (Thread thread : threads) {
				thread.join();
			}
		});
		assertThat(failure.get()).isNull();
		assertThat(calls.get()).isEqualTo(2L * THREADS * STEPS);
		long minutes = STEP.multipliedBy(STEPS).toMinutes();
		// credentials issued at the last rotation (at most 15 min ago) live at least 45 min more, and are refreshed
		// 15 min (plus up to 3 min of jitter) before they expire: a new set every 27 to 46 min
		assertThat(seen).hasSizeGreaterThanOrEqualTo((int) (minutes / 46));
		List<Instant> fetches = imds.requests()
			.stream()
			.filter((request) -> "GET".equals(request.method())
					&& request.path().endsWith("iam/security-credentials-extended/sample-role"))
			.map(ImdsRequest::at)
			.toList();
		// every fetch brought a new set (one still in flight at the end may not have been read yet) ...
		assertThat((long) fetches.size()).isBetween((long) seen.size(), seen.size() + 1L);
		// ... and there was one per refresh cycle, not one per caller that found the refresh due: the earliest
		// refresh of credentials fetched at t is 18 min before an expiry of at least t + 45 min
		for (int i = 1; i < fetches.size(); i++) {
			assertThat(Duration.between(fetches.get(i - 1), fetches.get(i)))
				.as("time between credentials fetches %d and %d", i, i + 1)
				.isGreaterThanOrEqualTo(Duration.ofMinutes(27));
		}
		// one PUT per token lifetime (renewed a minute before its 10 min expiry), not one per thread
		long lifetimes = minutes / TOKEN_TTL.minusMinutes(1).toMinutes();
		assertThat(imds.tokenPuts()).isBetween(minutes / TOKEN_TTL.toMinutes(), lifetimes + 1);
	}

}
