package io.github.imds.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The sample app in a JVM of its own, started as its users start it: {@code java -jar} on its executable jar
 * ({@code sample-app/target/sample-app-<version>.jar}, or the {@code benchmarks.sampleJar} system property),
 * with default JVM options.
 */
final class SampleAppProcess implements AutoCloseable {

	private static final Pattern STARTED = Pattern
		.compile("Started SampleApplication in ([0-9.]+) seconds \\(process running for ([0-9.]+)\\)");

	private static final Pattern PORT = Pattern.compile("started on port (\\d+)");

	private final Process process;

	private final List<String> lines = Collections.synchronizedList(new ArrayList<>());

	private final CompletableFuture<Matcher> started = new CompletableFuture<>();

	private final long launchedNanos;

	private volatile long startedNanos;

	private volatile double cpuSecondsAtStarted = Double.NaN;

	private volatile int port = -1;

	private SampleAppProcess(List<String> jvmOptions, List<String> args) throws IOException {
		List<String> command = new ArrayList<>();
		command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
		// The sample's AwsClientController asks the SDK's region chain at startup; with imds.enabled=false or
		// off EC2 nothing else gives it a region. The same for every run, so that runs compare alike.
		command.add("-Daws.region=us-east-1");
		command.addAll(jvmOptions);
		command.add("-jar");
		command.add(jar().toString());
		command.addAll(args);
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		// The SDK's endpoint variable must not reach the child unless a benchmark sets it explicitly.
		builder.environment().remove("AWS_EC2_METADATA_SERVICE_ENDPOINT");
		this.launchedNanos = System.nanoTime();
		this.process = builder.start();
		Thread reader = new Thread(this::read, "sample-app-output");
		reader.setDaemon(true);
		reader.start();
	}

	static SampleAppProcess start(List<String> jvmOptions, String... args) throws IOException {
		return new SampleAppProcess(jvmOptions, Arrays.asList(args));
	}

	static Path jar() throws IOException {
		String configured = System.getProperty("benchmarks.sampleJar");
		if (configured != null) {
			return Paths.get(configured);
		}
		Path target = Paths.get("sample-app", "target");
		try (Stream<Path> files = Files.list(target)) {
			return files.filter((file) -> file.getFileName().toString().matches("sample-app-.*\\.jar"))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException("No sample-app jar in " + target.toAbsolutePath()
						+ "; build it with ./mvnw -pl sample-app -am package"));
		}
	}

	/**
	 * Waits for the "Started SampleApplication in X seconds (process running for Y)" line.
	 * @param timeoutSeconds how long to wait
	 * @return the two figures in seconds: X and Y
	 */
	double[] awaitStarted(long timeoutSeconds) throws Exception {
		Matcher matcher;
		try {
			matcher = this.started.get(timeoutSeconds, TimeUnit.SECONDS);
		}
		catch (TimeoutException ex) {
			throw new IllegalStateException("The sample app did not start within " + timeoutSeconds + " s; output:\n"
					+ output());
		}
		return new double[] { Double.parseDouble(matcher.group(1)), Double.parseDouble(matcher.group(2)) };
	}

	/** Wall time from launching the JVM to reading its "Started" line, in seconds. */
	double launchToStartedSeconds() {
		return (this.startedNanos - this.launchedNanos) / 1e9;
	}

	/** CPU time (user and system, all threads) the JVM had used when its "Started" line was read, in seconds. */
	double cpuSecondsAtStarted() {
		return this.cpuSecondsAtStarted;
	}

	int port() {
		if (this.port < 0) {
			throw new IllegalStateException("No 'started on port' line in the output:\n" + output());
		}
		return this.port;
	}

	/**
	 * {@code GET http://127.0.0.1:<port><path>} on the app.
	 * @param path the path, such as {@code /actuator/imds}
	 * @return the body of a 200 answer
	 */
	String get(String path) throws IOException, InterruptedException {
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
		HttpResponse<String> response = http.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path)).build(),
				HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			throw new IllegalStateException("GET %s answered %d".formatted(path, response.statusCode()));
		}
		return response.body();
	}

	/** The process id of the app's JVM. */
	long pid() {
		return this.process.pid();
	}

	boolean outputContains(String text) {
		synchronized (this.lines) {
			return this.lines.stream().anyMatch((line) -> line.contains(text));
		}
	}

	String output() {
		synchronized (this.lines) {
			return String.join("\n", this.lines);
		}
	}

	/**
	 * Stops the JVM this object started (SIGTERM, then SIGKILL after 20 s) and waits for it to end.
	 */
	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(20, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
				this.process.waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

	private void read() {
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = reader.readLine()) != null) {
				this.lines.add(line);
				Matcher port = PORT.matcher(line);
				if (this.port < 0 && port.find()) {
					this.port = Integer.parseInt(port.group(1));
				}
				Matcher matcher = STARTED.matcher(line);
				if (!this.started.isDone() && matcher.find()) {
					this.startedNanos = System.nanoTime();
					this.process.info()
						.totalCpuDuration()
						.ifPresent((cpu) -> this.cpuSecondsAtStarted = cpu.toNanos() / 1e9);
					this.started.complete(matcher);
				}
			}
		}
		catch (IOException ex) {
			// the process ended
		}
		this.started.completeExceptionally(
				new IllegalStateException("The sample app exited before it started; output:\n" + output()));
	}

}
