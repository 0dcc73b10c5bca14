package io.github.imds.observation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.github.imds.client.ImdsRequestEvent;
import io.github.imds.client.RequestKind;
import io.github.imds.observation.internal.ImdsStartupRequests;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ImdsStartupRequests}.
 */
class ImdsStartupRequestsTests {

	private final ImdsStartupRequests startup = new ImdsStartupRequests();

	private final List<ImdsRequestEvent> received = Collections.synchronizedList(new ArrayList<>());

	@Test
	void replayHandsOverTheRecordedExchangesInOrderThenForwards() {
		ImdsRequestEvent token = Events.success(RequestKind.TOKEN, Duration.ofMillis(1));
		ImdsRequestEvent metadata = Events.success(RequestKind.METADATA, Duration.ofMillis(2));
		ImdsRequestEvent later = Events.success(RequestKind.CREDENTIALS, Duration.ofMillis(3));
		this.startup.onRequest(token);
		this.startup.onRequest(metadata);
		assertThat(this.received).isEmpty();
		assertThat(this.startup.replayTo(this.received::add)).isTrue();
		assertThat(this.received).containsExactly(token, metadata);
		this.startup.onRequest(later);
		assertThat(this.received).containsExactly(token, metadata, later);
	}

	@Test
	void secondReplayIsRefusedSoTheStartupLoadIsReplayedOnce() {
		this.startup.onRequest(Events.success(RequestKind.TOKEN, Duration.ofMillis(1)));
		this.startup.replayTo(this.received::add);
		List<ImdsRequestEvent> second = new ArrayList<>();
		assertThat(this.startup.replayTo(second::add)).isFalse();
		assertThat(second).isEmpty();
		assertThat(this.received).hasSize(1);
	}

	@Test
	void keepsAtMostCapacityExchangesAndCountsTheRest() {
		for (int i = 0; i < ImdsStartupRequests.CAPACITY + 5; i++) {
			this.startup.onRequest(Events.success(RequestKind.METADATA, Duration.ofMillis(1)));
		}
		assertThat(this.startup.dropped()).isEqualTo(5);
		this.startup.replayTo(this.received::add);
		assertThat(this.received).hasSize(ImdsStartupRequests.CAPACITY);
	}

	@Test
	void stopEndsForwarding() {
		this.startup.replayTo(this.received::add);
		this.startup.stop();
		this.startup.onRequest(Events.success(RequestKind.METADATA, Duration.ofMillis(1)));
		assertThat(this.received).isEmpty();
	}

	@Test
	void exchangesDuringTheHandOverAreNeitherLostNorDoubled() throws Exception {
		int threads = 4;
		int perThread = 200;
		CountDownLatch halfway = new CountDownLatch(threads);
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			List<Future<?>> futures = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				futures.add(executor.submit(() -> {
					for (int i = 0; i < perThread; i++) {
						if (i == perThread / 2) {
							halfway.countDown();
						}
						this.startup.onRequest(Events.success(RequestKind.METADATA, Duration.ofNanos(i + 1)));
					}
				}));
			}
			halfway.await();
			assertThat(this.startup.replayTo(this.received::add)).isTrue();
			for (Future<?> future : futures) {
				future.get();
			}
		}
		finally {
			executor.shutdownNow();
		}
		assertThat(this.received).hasSize(threads * perThread);
		Set<ImdsRequestEvent> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
		distinct.addAll(this.received);
		assertThat(distinct).hasSize(threads * perThread);
	}

}
