package io.github.imds.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.imds.client.ImdsClient;
import io.github.imds.client.ImdsResponse;
import io.github.imds.metadata.InstanceMetadata;
import io.github.imds.metadata.internal.MetadataLoadOptions;
import io.github.imds.metadata.internal.MetadataLoader;
import io.github.imds.test.ImdsSimulator;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.imds.Ec2MetadataClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * Benchmark 3, cold: the same two loads as {@link StartupMetadataLoad} (ours, and the Spring Cloud AWS way),
 * each in a fresh JVM, as a real start on EC2 runs them once: class loading and the HTTP stack's
 * initialization are part of the cost. The parent runs the simulator (2 ms per request) and forks one JVM per
 * load, interleaved; the child times from the start of its {@code main} to the end of the load, client
 * construction included, and prints the result. Then one token PUT alone over each bare HTTP stack, and one
 * small document read with Jackson, each in a fresh JVM, to show what they cost on first use.
 */
final class ColdStartupLoad {

	static final Duration LATENCY = Duration.ofMillis(2);

	static final int RUNS = 7;

	static final Duration COLD_BUDGET = Duration.ofSeconds(60);

	static final int FIRST_REQUEST_RUNS = 3;

	private static final String RESULT_PREFIX = "cold-load millis=";

	private ColdStartupLoad() {
	}

	/**
	 * The child: loads once and prints {@code cold-load millis=<ms>}.
	 * @param args {@code ours} or {@code scca}, then the simulator's endpoint
	 */
	public static void main(String[] args) {
		long start = System.nanoTime();
		String endpoint = Loopback.requireLoopback(args[1]);
		if (args[0].startsWith("first-")) {
			firstRequest(args[0], endpoint);
		}
		else if ("limit".equals(args[0])) {
			try {
				PhysicalLimit.run(endpoint, java.nio.file.Files.readAllLines(Paths.get(args[2])));
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		}
		else if ("ours".equals(args[0])) {
			try (ImdsClient client = Providers.ourClient(endpoint, Clock.systemUTC())) {
				// The budget only cuts a load short: on a loaded machine a fresh JVM's class loading alone can
				// take the default 2 s, and a cut load would be timed as if it were a whole one.
				InstanceMetadata metadata = new MetadataLoader().load(client,
						MetadataLoadOptions.defaults().withStartupTimeout(COLD_BUDGET));
				if (!metadata.failures().isEmpty()) {
					throw new IllegalStateException("our metadata load failed: " + metadata.failures());
				}
			}
		}
		else {
			Loopback.requireSdkEndpointIsLoopback();
			try (SdkHttpClient http = UrlConnectionHttpClient.create();
					Ec2MetadataClient client = Ec2MetadataClient.builder()
						.endpoint(URI.create(endpoint))
						.httpClient(http)
						.build()) {
				StartupMetadataLoad.readEach(client, StartupMetadataLoad.sccaPaths());
			}
		}
		System.out.println(RESULT_PREFIX + (System.nanoTime() - start) / 1e6);
	}

	/**
	 * One token PUT over a bare HTTP stack, or one small JSON document read with Jackson: what their first use
	 * costs in a fresh JVM.
	 */
	private static void firstRequest(String mode, String endpoint) {
		URI uri = URI.create(endpoint + "/latest/api/token");
		try {
			if (mode.equals("first-jackson")) {
				JsonMapper.builder().build().readTree("{\"instanceId\":\"i-0123456789abcdef0\",\"region\":\"us-east-1\"}");
			}
			else if (mode.equals("first-streaming")) {
				// what ImdsResponse.asJson() does: Jackson's streaming parser, no databind
				ImdsResponse.of("/latest/dynamic/instance-identity/document",
						"{\"instanceId\":\"i-0123456789abcdef0\",\"region\":\"us-east-1\"}").asJson();
			}
			else if (mode.equals("first-socket")) {
				// what our client's transport does: HTTP/1.1 over a plain socket channel
				try (ImdsClient client = Providers.ourClient(endpoint, Clock.systemUTC())) {
					client.get("/latest/meta-data/instance-id");
				}
			}
			else if (mode.equals("first-jdk")) {
				HttpClient http = HttpClient.newBuilder()
					.version(HttpClient.Version.HTTP_1_1)
					.proxy(HttpClient.Builder.NO_PROXY)
					.build();
				http.send(HttpRequest.newBuilder(uri)
					.PUT(HttpRequest.BodyPublishers.noBody())
					.header("X-aws-ec2-metadata-token-ttl-seconds", "60")
					.build(), HttpResponse.BodyHandlers.ofByteArray());
			}
			else {
				HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection(Proxy.NO_PROXY);
				connection.setRequestMethod("PUT");
				connection.setRequestProperty("X-aws-ec2-metadata-token-ttl-seconds", "60");
				try (InputStream in = connection.getInputStream()) {
					in.readAllBytes();
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	static Result run() throws IOException, InterruptedException {
		List<Double> ours = new ArrayList<>();
		List<Double> scca = new ArrayList<>();
		List<Integer> oursRequests = new ArrayList<>();
		List<Integer> sccaRequests = new ArrayList<>();
		List<Double> firstJdk = new ArrayList<>();
		List<Double> firstUrl = new ArrayList<>();
		List<Double> firstJackson = new ArrayList<>();
		List<Double> firstStreaming = new ArrayList<>();
		List<Double> firstSocket = new ArrayList<>();
		List<Double> limit = new ArrayList<>();
		try (ImdsSimulator simulator = ImdsSimulator.builder().build().start()) {
			simulator.latency(LATENCY);
			String endpoint = Loopback.requireLoopback(simulator.endpoint());
			Providers.warmUp(simulator);
			// one unmeasured run of each: the disk cache holds the jars afterwards; ours records its GETs for the limit
			simulator.resetJournal();
			fork("ours", endpoint);
			java.nio.file.Path paths = java.nio.file.Files.createTempFile("imds-limit", ".txt");
			java.nio.file.Files.write(paths, simulator.requests().stream()
				.filter((request) -> request.method().equals("GET"))
				.map((request) -> request.path())
				.toList());
			fork("scca", endpoint);
			fork("limit", endpoint, paths.toString());
			for (int i = 0; i < RUNS; i++) {
				// the order alternates, so that neither side always runs on a machine just woken by the other
				limit.add(fork("limit", endpoint, paths.toString()));
				for (String mode : (i % 2 == 0) ? List.of("ours", "scca") : List.of("scca", "ours")) {
					simulator.resetJournal();
					double millis = fork(mode, endpoint);
					int requests = simulator.requests().size();
					if (mode.equals("ours")) {
						ours.add(millis);
						oursRequests.add(requests);
					}
					else {
						Loopback.requireRequestsReached(simulator, "Ec2MetadataClient (cold)");
						scca.add(millis);
						sccaRequests.add(requests);
					}
				}
			}
			for (int i = 0; i < FIRST_REQUEST_RUNS; i++) {
				firstJdk.add(fork("first-jdk", endpoint));
				firstUrl.add(fork("first-url", endpoint));
				firstJackson.add(fork("first-jackson", endpoint));
				firstStreaming.add(fork("first-streaming", endpoint));
				firstSocket.add(fork("first-socket", endpoint));
			}
		}
		List<Double> ratios = new ArrayList<>();
		List<Double> overLimit = new ArrayList<>();
		for (int i = 0; i < ours.size(); i++) {
			ratios.add(scca.get(i) / ours.get(i));
			overLimit.add(ours.get(i) / limit.get(i));
		}
		return new Result(Stats.of(ours), Stats.of(scca), Stats.of(ratios), oursRequests.get(0),
				sccaRequests.get(0), Stats.of(firstJdk), Stats.of(firstUrl), Stats.of(firstJackson),
				Stats.of(firstStreaming), Stats.of(firstSocket), Stats.of(limit), Stats.of(overLimit));
	}

	private static double fork(String mode, String endpoint, String... more) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
				"-D" + Loopback.SDK_ENDPOINT_PROPERTY + "=" + endpoint,
				"-Dlogback.configurationFile=" + RunAll.LOGBACK, "-cp", System.getProperty("java.class.path"),
				ColdStartupLoad.class.getName(), mode, endpoint));
		command.addAll(List.of(more));
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		builder.environment().remove("AWS_EC2_METADATA_SERVICE_ENDPOINT");
		Process process = builder.start();
		String output;
		try (InputStream in = process.getInputStream()) {
			output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
			process.destroyForcibly();
			throw new IllegalStateException("cold load '" + mode + "' failed:\n" + output);
		}
		return output.lines()
			.filter((line) -> line.startsWith(RESULT_PREFIX))
			.map((line) -> Double.parseDouble(line.substring(RESULT_PREFIX.length())))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("cold load '" + mode + "' printed no result:\n" + output));
	}

	/**
	 * The cold loads.
	 *
	 * @param ours our load, ms
	 * @param springCloudAws the Spring Cloud AWS way, ms
	 * @param speedUp per pair, the Spring Cloud AWS way's time / ours
	 * @param oursRequests requests of one of our loads
	 * @param springCloudAwsRequests requests of one load the Spring Cloud AWS way
	 * @param firstJdk one token PUT with the JDK {@code HttpClient} in a fresh JVM, ms
	 * @param firstUrlConnection one token PUT with {@code HttpURLConnection} in a fresh JVM, ms
	 * @param firstJackson one small JSON document read with a new Jackson {@code JsonMapper} in a fresh JVM, ms
	 * @param firstStreaming the same document read with Jackson's streaming parser (our {@code asJson()}), ms
	 * @param firstSocket one GET with our client (token PUT included) over its socket transport, ms
	 * @param limit the same requests as ours over plain sockets ({@link PhysicalLimit}), ms
	 * @param overLimit per run, ours / the limit
	 */
	record Result(Stats ours, Stats springCloudAws, Stats speedUp, int oursRequests, int springCloudAwsRequests,
			Stats firstJdk, Stats firstUrlConnection, Stats firstJackson, Stats firstStreaming, Stats firstSocket,
			Stats limit, Stats overLimit) {

	}

}
