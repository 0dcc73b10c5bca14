package io.github.imds.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.imds.test.ImdsSimulator;

/**
 * Benchmark 5: 1 000 {@code GET /actuator/health} in a row against the sample app (its own JVM) pointed at
 * the loopback simulator, and the IMDS requests they cause, the first call's included. Lifecycle polling is
 * turned off ({@code imds.lifecycle.enabled=false}) so that its 5 s polls are not counted as health traffic.
 */
final class HealthProbes {

	static final int CALLS = 1_000;

	private HealthProbes() {
	}

	static Result run() throws Exception {
		try (ImdsSimulator simulator = ImdsSimulator.builder().build().start()) {
			String endpoint = Loopback.requireLoopback(simulator.endpoint());
			// The child's AWS SDK (if anything in it used IMDS) would go to the simulator too.
			List<String> jvmOptions = List.of("-D" + Loopback.SDK_ENDPOINT_PROPERTY + "=" + endpoint);
			try (SampleAppProcess app = SampleAppProcess.start(jvmOptions, "--sample.simulator=false",
					"--server.port=0", "--imds.endpoint=" + endpoint, "--imds.platform-detection=off",
					"--imds.lifecycle.enabled=false")) {
				app.awaitStarted(600);
				Loopback.requireRequestsReached(simulator, "The sample app");
				long startupRequests = simulator.requests().size();
				// Let the credentials provider's first fetch (asynchronous) end before counting: wait for it and
				// then for 2 s without any IMDS request (a loaded machine can take longer than a fixed pause).
				awaitQuiet(simulator);
				HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
				URI health = URI.create("http://127.0.0.1:" + app.port() + "/actuator/health");
				simulator.resetJournal();
				List<Double> millis = new ArrayList<>();
				String first = null;
				int notOk = 0;
				long start = System.nanoTime();
				for (int i = 0; i < CALLS; i++) {
					long t0 = System.nanoTime();
					HttpResponse<String> response = http.send(HttpRequest.newBuilder(health).build(),
							HttpResponse.BodyHandlers.ofString());
					millis.add((System.nanoTime() - t0) / 1e6);
					if (first == null) {
						first = response.body();
					}
					if (response.statusCode() != 200) {
						notOk++;
					}
				}
				boolean indicatorPresent = first.contains("\"imds\"");
				double seconds = (System.nanoTime() - start) / 1e9;
				long caused = simulator.requests().size();
				String paths = simulator.requests()
					.stream()
					.map((request) -> request.method() + " " + request.path())
					.distinct()
					.collect(java.util.stream.Collectors.joining(", "));
				return new Result(indicatorPresent, caused, startupRequests, notOk, seconds, Stats.of(millis),
						excerpt(first), paths);
			}
		}
	}

	private static void awaitQuiet(ImdsSimulator simulator) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
		int seen = -1;
		long quietSince = System.nanoTime();
		while (System.nanoTime() < deadline) {
			int now = simulator.requests().size();
			boolean credentials = simulator.requests()
				.stream()
				.anyMatch((request) -> request.path().matches(".*/security-credentials(-extended)?/[^/]+"));
			if (now != seen) {
				seen = now;
				quietSince = System.nanoTime();
			}
			else if (credentials && System.nanoTime() - quietSince > Duration.ofSeconds(2).toNanos()) {
				return;
			}
			Thread.sleep(100);
		}
		throw new IllegalStateException("The sample app's IMDS traffic did not settle within 5 min");
	}

	private static String excerpt(String body) {
		int at = body.indexOf("\"imds\"");
		if (at < 0) {
			return "";
		}
		return body.substring(at, Math.min(body.length(), at + 300));
	}

	/**
	 * @param indicatorPresent whether the health response has an {@code imds} component
	 * @param requests IMDS requests received during the 1 000 calls
	 * @param startupRequests IMDS requests of the app's startup, for reference
	 * @param notOk health calls not answered 200
	 * @param seconds wall time of the 1 000 calls
	 * @param millis per-call latency
	 * @param imdsExcerpt the start of the {@code imds} component of the first response
	 * @param paths the distinct requests received during the calls
	 */
	record Result(boolean indicatorPresent, long requests, long startupRequests, int notOk, double seconds,
			Stats millis, String imdsExcerpt, String paths) {

	}

}
