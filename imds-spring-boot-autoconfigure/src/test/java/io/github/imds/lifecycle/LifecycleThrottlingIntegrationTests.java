package io.github.imds.lifecycle;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.imds.actuate.internal.ImdsProbe;
import io.github.imds.client.AwsSdkSettings;
import io.github.imds.client.ImdsClient;
import io.github.imds.client.ImdsRequestEvent;
import io.github.imds.client.PlatformDetectionMode;
import io.github.imds.client.internal.ImdsRequestStatistics;
import io.github.imds.test.EnableImdsSimulator;
import io.github.imds.test.ImdsSimulator;
import io.github.imds.testsupport.MutableClock;
import io.github.imds.testsupport.TestTimeScheduler;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * IMDS answers 429 on every lifecycle path (throttled by another process on the host) for five minutes of
 * simulated time, while the token and the credentials are fine: the spot path is still read at least every
 * 20 seconds, the maintenance path backs off much further, and {@code /actuator/health} answers {@code 200}
 * throughout (the latest request is a 429 within {@code imds.health.max-staleness}: IMDS is reachable). The
 * client, the health probe and the poller run in test time (a clock that only the test moves), over real
 * HTTP.
 */
@SpringBootTest(classes = LifecycleThrottlingIntegrationTests.TestApplication.class,
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "ec2.instance-life-cycle=spot", "management.endpoint.health.show-details=always" })
@EnableImdsSimulator
class LifecycleThrottlingIntegrationTests {

	private static final HttpClient http = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build();

	private static final List<String> LIFECYCLE_PATHS = List.of("spot/", "events/", "autoscaling/");

	/** Test time for the client, the health probe and the poller: it moves only when the scheduler does. */
	static final MutableClock clock = new MutableClock(Instant.now());

	/** Every request of the client, on test time. */
	static final List<ImdsRequestEvent> requests = new CopyOnWriteArrayList<>();

	static ImdsSimulator simulator;

	@LocalServerPort
	int port;

	@Autowired
	TestTimeScheduler scheduler;

	@BeforeAll
	static void simulator(ImdsSimulator imds) {
		simulator = imds;
	}

	@Test
	void throttledLifecyclePathsKeepTheSpotPathReadAndHealthUp(ImdsSimulator imds) throws Exception {
		imds.targetLifecycleState("InService");
		LIFECYCLE_PATHS.forEach((path) -> imds.failNext(Integer.MAX_VALUE, 429, path));
		Instant start = clock.instant();
		for (int i = 0; i < 30; i++) {
			this.scheduler.advance(Duration.ofSeconds(10));
			HttpResponse<String> health = get("/actuator/health");
			assertThat(health.statusCode()).as("health after %d s", (i + 1) * 10).isEqualTo(200);
			assertThat(health.body()).contains("\"status\":\"UP\"");
		}
		Instant end = clock.instant();
		List<Instant> spotReads = reads(InstanceLifecyclePoller.SPOT_PATH, start);
		assertThat(spotReads).hasSizeGreaterThanOrEqualTo(300 / 20);
		assertThat(longestGap(spotReads, start, end)).isLessThanOrEqualTo(Duration.ofSeconds(20));
		assertThat(longestGap(reads(InstanceLifecyclePoller.TARGET_STATE_PATH, start), start, end))
			.isLessThanOrEqualTo(Duration.ofSeconds(20));
		// the slow path keeps its long backoff: far fewer reads than the spot path
		assertThat(reads(InstanceLifecyclePoller.MAINTENANCE_PATH, start)).hasSizeLessThan(spotReads.size() / 2);
		// and the simulator did answer 429 to them
		assertThat(imds.countMatching((request) -> request.path().equals(InstanceLifecyclePoller.SPOT_PATH)
				&& request.status() == 429)).isGreaterThanOrEqualTo(spotReads.size());
	}

	private static List<Instant> reads(String path, Instant since) {
		// the client retries a 429 at once: one read is a burst of requests at the same instant of test time
		return requests.stream()
			.filter((request) -> request.path().equals(path) && !request.at().isBefore(since))
			.map(ImdsRequestEvent::at)
			.distinct()
			.sorted()
			.toList();
	}

	private static Duration longestGap(List<Instant> reads, Instant start, Instant end) {
		Duration longest = Duration.ZERO;
		Instant previous = start;
		for (Instant read : reads) {
			longest = max(longest, Duration.between(previous, read));
			previous = read;
		}
		return max(longest, Duration.between(previous, end));
	}

	private static Duration max(Duration a, Duration b) {
		return (a.compareTo(b) >= 0) ? a : b;
	}

	private HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class TestApplication {

		// the client, the health probe and the poller all on the simulator's clock
		@Bean
		ImdsClient testTimeImdsClient() {
			ImdsClient client = ImdsClient.builder()
				.endpoint(simulator.endpoint())
				.platformDetection(PlatformDetectionMode.OFF)
				.sdkSettings(AwsSdkSettings.none())
				.clock(clock)
				.build();
			client.addListener(requests::add);
			return client;
		}

		// the statistics of this client (the startup load's statistics follow the startup client)
		@Bean
		ImdsRequestStatistics testTimeStatistics(ImdsClient client) {
			ImdsRequestStatistics statistics = new ImdsRequestStatistics();
			client.addListener(statistics);
			return statistics;
		}

		@Bean
		ImdsProbe testTimeImdsProbe(ImdsClient client, ImdsRequestStatistics statistics) {
			return new ImdsProbe(client, statistics, Duration.ofSeconds(30), Duration.ofMinutes(1), clock);
		}

		@Bean
		TestTimeScheduler testTimeScheduler() {
			return new TestTimeScheduler(clock);
		}

		@Bean
		InstanceLifecyclePoller testTimePoller(ImdsClient client, ApplicationEventPublisher publisher,
				ObjectProvider<ApplicationAvailability> availability, TestTimeScheduler scheduler) {
			return InstanceLifecyclePoller.builder(client, publisher)
				.instanceLifeCycle("spot")
				.clock(clock)
				.availability(availability::getIfAvailable)
				.random(new Random(13))
				.scheduler(() -> inTestTime(scheduler))
				.build();
		}

	}

	/**
	 * The package's {@link LifecycleScheduler} on the shared test-time scheduler.
	 */
	static LifecycleScheduler inTestTime(TestTimeScheduler scheduler) {
		return new LifecycleScheduler() {

			@Override
			public void schedule(Runnable task, Duration delay) {
				scheduler.schedule(task, delay);
			}

			@Override
			public void close(Duration timeout) {
				scheduler.close();
			}

		};
	}

}
