package io.github.imds.test;

import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;

/**
 * Runs an {@link ImdsSimulator} on {@code 127.0.0.1} until the process is stopped:
 * {@code java -cp ... io.github.imds.test.ImdsSimulatorMain --port 1338 [--imds-v1]}.
 *
 * @author imds-spring-boot contributors
 * @since 0.1.0
 */
public final class ImdsSimulatorMain {

	private ImdsSimulatorMain() {
	}

	/**
	 * Start the simulator and wait.
	 * @param args {@code --port N} (default 1338, 0 for any free port), {@code --imds-v1}
	 * to accept requests without a token, {@code --help}
	 * @throws InterruptedException if interrupted while waiting
	 */
	public static void main(String[] args) throws InterruptedException {
		Options options;
		try {
			options = Options.parse(args);
		}
		catch (IllegalArgumentException ex) {
			System.err.println(ex.getMessage());
			System.err.println(Options.USAGE);
			System.exit(2);
			return;
		}
		if (options.help()) {
			System.out.println(Options.USAGE);
			return;
		}
		ImdsSimulator simulator = start(options, System.out);
		Runtime.getRuntime().addShutdownHook(new Thread(simulator::close, "imds-simulator-shutdown"));
		new CountDownLatch(1).await();
	}

	static ImdsSimulator start(Options options, PrintStream out) {
		ImdsSimulator simulator = ImdsSimulator.builder()
			.port(options.port())
			.acceptImdsV1(options.imdsV1())
			.build()
			.start();
		String endpoint = simulator.endpoint();
		out.println("IMDS simulator listening on " + endpoint + (options.imdsV1() ? " (IMDSv1 accepted)" : ""));
		out.println("Try:");
		out.println("  TOKEN=$(curl -s -X PUT " + endpoint + ImdsSimulator.TOKEN_PATH
				+ " -H 'X-aws-ec2-metadata-token-ttl-seconds: 21600')");
		out.println("  curl -s -H \"X-aws-ec2-metadata-token: $TOKEN\" " + endpoint + "/latest/meta-data/instance-id");
		out.println("Point an application at it with --imds.endpoint=" + endpoint + " --imds.platform-detection=off");
		return simulator;
	}

	record Options(int port, boolean imdsV1, boolean help) {

		static final String USAGE = "Usage: ImdsSimulatorMain [--port N] [--imds-v1] [--help]";

		static Options parse(String... args) {
			int port = 1338;
			boolean imdsV1 = false;
			boolean help = false;
			for (int i = 0; i < args.length; i++) {
				String arg = args[i];
				if (arg.equals("--port") && i + 1 < args.length) {
					port = parsePort(args[++i]);
				}
				else if (arg.startsWith("--port=")) {
					port = parsePort(arg.substring("--port=".length()));
				}
				else if (arg.equals("--imds-v1")) {
					imdsV1 = true;
				}
				else if (arg.equals("--help") || arg.equals("-h")) {
					help = true;
				}
				else {
					throw new IllegalArgumentException("Unknown argument '%s'".formatted(arg));
				}
			}
			return new Options(port, imdsV1, help);
		}

		private static int parsePort(String value) {
			try {
				int port = Integer.parseInt(value);
				if (port >= 0 && port <= 65535) {
					return port;
				}
			}
			catch (NumberFormatException ex) {
				// reported below
			}
			throw new IllegalArgumentException("Invalid port '%s'".formatted(value));
		}

	}

}
