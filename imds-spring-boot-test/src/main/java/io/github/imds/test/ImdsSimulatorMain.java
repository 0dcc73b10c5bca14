package io.github.imds.test;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.github.imds.test.SimulatorOptions.Scenario;

/**
 * Runs an {@link ImdsSimulator} on loopback until the process is stopped, for clients in
 * any language: {@code java -jar imds-spring-boot-test-<version>-simulator.jar --port 1338}
 * ({@code --help} lists the options: IMDSv1, tags, user data, a model file, notice
 * scenarios, faults, the request log).
 *
 * @author imds-spring-boot contributors
 * @since 0.1.0
 */
public final class ImdsSimulatorMain {

	private ImdsSimulatorMain() {
	}

	/**
	 * Start the simulator and wait.
	 * @param args the options, see {@code --help}
	 * @throws InterruptedException if interrupted while waiting
	 */
	public static void main(String[] args) throws InterruptedException {
		SimulatorOptions options;
		try {
			options = SimulatorOptions.parse(args);
		}
		catch (IllegalArgumentException ex) {
			System.err.println(ex.getMessage());
			System.err.println(SimulatorOptions.USAGE);
			System.exit(2);
			return;
		}
		if (options.help()) {
			System.out.println(SimulatorOptions.USAGE);
			return;
		}
		ImdsSimulator simulator;
		try {
			simulator = start(options, System.out);
		}
		catch (IllegalArgumentException | UncheckedIOException ex) {
			System.err.println(ex.getMessage());
			System.exit(2);
			return;
		}
		Runtime.getRuntime().addShutdownHook(new Thread(simulator::close, "imds-simulator-shutdown"));
		new CountDownLatch(1).await();
	}

	static ImdsSimulator start(SimulatorOptions options, PrintStream out) {
		byte[] userData = (options.userData() != null) ? read(options) : null;
		ImdsSimulatorBuilder builder = ImdsSimulator.builder()
			.port(options.port())
			.ipv6(options.ipv6())
			.acceptImdsV1(options.imdsV1())
			.tagsInMetadata(options.tags())
			.configure((simulator) -> configure(simulator, options, userData));
		ImdsSimulator simulator = builder.build();
		if (options.log()) {
			simulator.journal().listen((request) -> out.println(logLine(request)));
		}
		simulator.start();
		schedule(simulator, options, out);
		String endpoint = simulator.endpoint();
		out.println("IMDS simulator listening on " + endpoint + (options.imdsV1() ? " (IMDSv1 accepted)" : ""));
		out.println("Try:");
		out.println("  TOKEN=$(curl -s -X PUT " + endpoint + ImdsSimulator.TOKEN_PATH
				+ " -H 'X-aws-ec2-metadata-token-ttl-seconds: 21600')");
		out.println("  curl -s -H \"X-aws-ec2-metadata-token: $TOKEN\" " + endpoint + "/latest/meta-data/instance-id");
		out.println("Point an AWS SDK or the AWS CLI at it with AWS_EC2_METADATA_SERVICE_ENDPOINT=" + endpoint);
		out.println("Point an application at it with --imds.endpoint=" + endpoint + " --imds.platform-detection=off");
		return simulator;
	}

	private static void configure(ImdsSimulator simulator, SimulatorOptions options, byte[] userData) {
		if (options.model() != null) {
			ModelFile.apply(options.model(), simulator);
		}
		if (userData != null) {
			simulator.userData(userData);
		}
		simulator.faults().throttleAbove(options.throttle()).dropTokenResponses(options.hopLimit())
			.latency(options.latency());
	}

	private static byte[] read(SimulatorOptions options) {
		try {
			return Files.readAllBytes(options.userData());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the user data file '%s'".formatted(options.userData()), ex);
		}
	}

	private static void schedule(ImdsSimulator simulator, SimulatorOptions options, PrintStream out) {
		if (options.scenarios().isEmpty()) {
			return;
		}
		ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "imds-simulator-scenarios");
			thread.setDaemon(true);
			return thread;
		});
		for (Scenario scenario : options.scenarios()) {
			scheduler.schedule(() -> {
				issue(simulator, scenario);
				out.println("Issued " + describe(scenario));
			}, scenario.delay().toMillis(), TimeUnit.MILLISECONDS);
		}
	}

	static void issue(ImdsSimulator simulator, Scenario scenario) {
		Instant now = simulator.clock().instant();
		String value = scenario.value();
		switch (scenario.kind()) {
			case SPOT -> simulator.notices().spotInterruption((value != null) ? value : "terminate", now.plusSeconds(120));
			case REBALANCE -> simulator.notices().rebalanceRecommendation(now);
			case AUTO_SCALING -> simulator.notices().targetLifecycleState((value != null) ? value : "Terminated");
			case MAINTENANCE -> simulator.notices().scheduledMaintenance((value != null) ? value : "system-reboot",
					"scheduled by the simulator", now.plusSeconds(3600), now.plusSeconds(7200));
		}
	}

	private static String describe(Scenario scenario) {
		return scenario.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')
				+ ((scenario.value() != null) ? " " + scenario.value() : "");
	}

	/**
	 * One line per request, without token or body: {@code <time> GET /path 200 token}.
	 */
	static String logLine(ImdsRequest request) {
		return request.at() + " " + request.method() + " " + request.path() + " " + request.status()
				+ (request.hadToken() ? " token" : " no-token") + (request.hadForwardedFor() ? " x-forwarded-for" : "");
	}

}
