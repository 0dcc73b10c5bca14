package io.github.imds.benchmarks;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.imds.client.ImdsClient;
import io.github.imds.metadata.InstanceMetadata;
import io.github.imds.metadata.MetadataLoadOptions;
import io.github.imds.metadata.MetadataLoader;
import io.github.imds.test.ImdsRequest;
import io.github.imds.test.ImdsSimulator;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.imds.Ec2MetadataClient;

/**
 * Benchmark 3: the startup metadata load with 0, 2 and 10 ms of simulator latency per request.
 * <ul>
 * <li>ours: {@code new MetadataLoader().load(client, MetadataLoadOptions.defaults())}, what the starter's
 * {@code EnvironmentPostProcessor} runs (one token, then parallel requests);</li>
 * <li>baseline "Spring Cloud AWS": the AWS SDK's {@code Ec2MetadataClient} reads {@code ami-id} (its IMDS
 * detection), then the {@link #SPRING_CLOUD_AWS_KEYS} one after another, as Spring Cloud AWS 3.3+/4.x's
 * {@code ImdsUtils} does;</li>
 * <li>baseline "same paths": the SDK client reads exactly the paths our loader requested in the same run,
 * one after another, to show what parallelism alone is worth;</li>
 * <li>ours sequential: our client reads the same paths one after another, to show its cost per request
 * against the SDK client's.</li>
 * </ul>
 * Each run builds a new client (so a new IMDSv2 token, as at startup); client construction is not timed, for
 * either side. Runs are interleaved.
 */
final class StartupMetadataLoad {

	/**
	 * The meta-data keys of Spring Cloud AWS's {@code ImdsUtils}, in its order: 32 entries naming 31 distinct
	 * keys ({@code reservation-id} is listed twice, and fetched twice).
	 */
	static final List<String> SPRING_CLOUD_AWS_KEYS = List.of("ami-id", "ami-launch-index", "ami-manifest-path",
			"hostname", "instance-action", "instance-id", "instance-life-cycle", "instance-type", "local-hostname",
			"local-ipv4", "mac", "profile", "public-hostname", "public-ipv4", "reservation-id", "security-groups",
			"ipv6", "kernel-id", "iam/info", "product-codes", "ramdisk-id", "reservation-id", "services/domain",
			"services/partition", "tags/instance", "autoscaling/target-lifecycle-state", "placement/availability-zone",
			"placement/availability-zone-id", "placement/group-name", "placement/host-id",
			"placement/partition-number", "placement/region");

	static final List<Duration> LATENCIES = List.of(Duration.ZERO, Duration.ofMillis(2), Duration.ofMillis(10));

	static final int WARMUP_RUNS = 10;

	static final int RUNS = 9;

	private StartupMetadataLoad() {
	}

	static List<LatencyResult> run() {
		List<LatencyResult> results = new ArrayList<>();
		try (ImdsSimulator simulator = ImdsSimulator.builder().build().start()) {
			URI endpoint = URI.create(Loopback.pointSdkAt(simulator));
			Providers.warmUp(simulator);
			for (int i = 0; i < WARMUP_RUNS; i++) {
				Run ours = ours(simulator);
				sdk(simulator, endpoint, sccaPaths());
				sdk(simulator, endpoint, ours.paths);
				oursSequential(simulator, ours.paths);
			}
			for (Duration latency : LATENCIES) {
				simulator.latency(latency);
				List<Run> ours = new ArrayList<>();
				List<Run> scca = new ArrayList<>();
				List<Run> same = new ArrayList<>();
				List<Run> oursSequential = new ArrayList<>();
				for (int i = 0; i < RUNS; i++) {
					Run run = ours(simulator);
					ours.add(run);
					scca.add(sdk(simulator, endpoint, sccaPaths()));
					same.add(sdk(simulator, endpoint, run.paths));
					oursSequential.add(oursSequential(simulator, run.paths));
				}
				results.add(new LatencyResult(latency, ours, scca, same, oursSequential));
			}
		}
		return results;
	}

	static List<String> sccaPaths() {
		List<String> paths = new ArrayList<>();
		paths.add("/latest/meta-data/ami-id");
		for (String key : SPRING_CLOUD_AWS_KEYS) {
			paths.add("/latest/meta-data/" + key);
		}
		return paths;
	}

	private static Run ours(ImdsSimulator simulator) {
		try (ImdsClient client = Providers.ourClient(simulator, Clock.systemUTC())) {
			MetadataLoader loader = new MetadataLoader();
			simulator.resetJournal();
			long start = System.nanoTime();
			InstanceMetadata metadata = loader.load(client, MetadataLoadOptions.defaults());
			long nanos = System.nanoTime() - start;
			if (!metadata.failures().isEmpty()) {
				throw new IllegalStateException("our metadata load failed: " + metadata.failures());
			}
			List<ImdsRequest> requests = simulator.requests();
			List<String> paths = requests.stream()
				.filter((request) -> !request.isTokenRequest())
				.map(ImdsRequest::path)
				.toList();
			return new Run(nanos / 1e6, requests.size(), metadata.size(), paths);
		}
	}

	/** Our client reading {@code paths} one after another: its cost per request, without parallelism. */
	private static Run oursSequential(ImdsSimulator simulator, List<String> paths) {
		try (ImdsClient client = Providers.ourClient(simulator, Clock.systemUTC())) {
			simulator.resetJournal();
			int found = 0;
			long start = System.nanoTime();
			for (String path : paths) {
				if (client.get(path).isPresent()) {
					found++;
				}
			}
			long nanos = System.nanoTime() - start;
			return new Run(nanos / 1e6, simulator.requests().size(), found, paths);
		}
	}

	private static Run sdk(ImdsSimulator simulator, URI endpoint, List<String> paths) {
		Loopback.requireSdkEndpointIsLoopback();
		Loopback.requireLoopback(endpoint.toString());
		try (SdkHttpClient http = UrlConnectionHttpClient.create();
				Ec2MetadataClient client = Ec2MetadataClient.builder().endpoint(endpoint).httpClient(http).build()) {
			simulator.resetJournal();
			long start = System.nanoTime();
			int found = readEach(client, paths);
			long nanos = System.nanoTime() - start;
			Loopback.requireRequestsReached(simulator, "Ec2MetadataClient");
			return new Run(nanos / 1e6, simulator.requests().size(), found, paths);
		}
	}

	/**
	 * Reads {@code paths} one after another, as Spring Cloud AWS does, ignoring the keys that are absent.
	 * @param client the SDK client
	 * @param paths the paths
	 * @return how many were present
	 */
	static int readEach(Ec2MetadataClient client, List<String> paths) {
		int found = 0;
		for (String path : paths) {
			try {
				client.get(path);
				found++;
			}
			catch (SdkClientException ex) {
				// 404: the key does not exist on this instance, as Spring Cloud AWS ignores it
			}
		}
		return found;
	}

	/**
	 * One load.
	 *
	 * @param millis wall time of the load
	 * @param requests requests the simulator received, token PUT included
	 * @param values keys or values obtained
	 * @param paths the GET paths requested
	 */
	record Run(double millis, int requests, int values, List<String> paths) {

	}

	record LatencyResult(Duration latency, List<Run> ours, List<Run> springCloudAws, List<Run> samePaths,
			List<Run> oursSequential) {

		Stats oursMillis() {
			return Stats.of(this.ours.stream().map(Run::millis).toList());
		}

		Stats millis(List<Run> runs) {
			return Stats.of(runs.stream().map(Run::millis).toList());
		}

		Stats requests(List<Run> runs) {
			return Stats.of(runs.stream().map((run) -> (double) run.requests()).toList());
		}

		/** Per-run speed-up: baseline time / our time of the same round. */
		Stats speedUp(List<Run> baseline) {
			List<Double> ratios = new ArrayList<>();
			for (int i = 0; i < this.ours.size(); i++) {
				ratios.add(baseline.get(i).millis() / this.ours.get(i).millis());
			}
			return Stats.of(ratios);
		}

	}

}
