package io.github.imds.actuate;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.imds.client.ImdsAvailability;
import io.github.imds.client.ImdsClient;
import io.github.imds.client.ImdsClientSettings;
import io.github.imds.client.ImdsRequestEvent;
import io.github.imds.client.ImdsRequestListener;
import io.github.imds.client.ImdsResponse;
import io.github.imds.client.ImdsResponseException;
import io.github.imds.client.PlatformDetection;
import io.github.imds.client.PlatformDetectionMode;
import io.github.imds.client.RequestKind;
import io.github.imds.client.RequestOutcome;
import io.github.imds.client.ResolvedEndpoint;
import io.github.imds.client.TokenStatus;
import org.jspecify.annotations.Nullable;

/**
 * An {@link ImdsClient} without network: {@link #get(String)} publishes one event with the outcome set by
 * the test, and counts calls.
 */
class FakeImdsClient implements ImdsClient {

	static final ImdsAvailability AVAILABLE = new ImdsAvailability(ImdsAvailability.State.AVAILABLE,
			"IMDS at http://127.0.0.1:1338 (imds.endpoint)",
			new PlatformDetection(PlatformDetection.State.SKIPPED, "platform detection skipped"));

	private final List<ImdsRequestListener> listeners = new CopyOnWriteArrayList<>();

	private final Clock clock;

	final AtomicInteger gets = new AtomicInteger();

	volatile ImdsAvailability availability = AVAILABLE;

	volatile TokenStatus tokenStatus = new TokenStatus(TokenStatus.State.NONE, null, null, null);

	volatile RequestOutcome outcome = RequestOutcome.SUCCESS;

	volatile @Nullable CountDownLatch blockGets;

	FakeImdsClient(Clock clock) {
		this.clock = clock;
	}

	/** Publishes an event as if the application had made a request. */
	void traffic(RequestKind kind, RequestOutcome outcome) {
		publish(new ImdsRequestEvent(kind, (kind == RequestKind.TOKEN) ? "PUT" : "GET",
				(kind == RequestKind.TOKEN) ? "/latest/api/token" : "/latest/meta-data/ami-id",
				outcome.isAnswer() ? 200 : 0, outcome, Duration.ofMillis(2), this.clock.instant(), 1,
				outcome.isAnswer() ? null : outcome.tag()));
	}

	@Override
	public Optional<ImdsResponse> get(String path) {
		this.gets.incrementAndGet();
		CountDownLatch latch = this.blockGets;
		if (latch != null) {
			try {
				latch.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		RequestOutcome current = this.outcome;
		publish(new ImdsRequestEvent(RequestKind.of(path), "GET", path, current.isAnswer() ? 404 : 500, current,
				Duration.ofMillis(1), this.clock.instant(), 1, current.isAnswer() ? null : current.tag()));
		if (!current.isAnswer()) {
			throw new ImdsResponseException("IMDS GET %s failed: %s".formatted(path, current.tag()), path, 500, null);
		}
		return Optional.empty();
	}

	private void publish(ImdsRequestEvent event) {
		this.listeners.forEach((listener) -> listener.onRequest(event));
	}

	@Override
	public ImdsAvailability availability() {
		return this.availability;
	}

	@Override
	public ResolvedEndpoint endpoint() {
		return new ResolvedEndpoint(URI.create("http://127.0.0.1:1338"), "imds.endpoint", false);
	}

	@Override
	public TokenStatus tokenStatus() {
		return this.tokenStatus;
	}

	void validToken() {
		Instant now = this.clock.instant();
		this.tokenStatus = new TokenStatus(TokenStatus.State.VALID, now, now.plusSeconds(21600), null);
	}

	@Override
	public void addListener(ImdsRequestListener listener) {
		this.listeners.add(listener);
	}

	@Override
	public void removeListener(ImdsRequestListener listener) {
		this.listeners.remove(listener);
	}

	int listenerCount() {
		return this.listeners.size();
	}

	@Override
	public ImdsClientSettings settings() {
		return new ImdsClientSettings(Duration.ofHours(6), Duration.ofMillis(250), Duration.ofSeconds(1), 3, false,
				PlatformDetectionMode.AUTO);
	}

	@Override
	public void close() {
	}

}
