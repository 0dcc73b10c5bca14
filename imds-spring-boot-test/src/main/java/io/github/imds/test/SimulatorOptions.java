package io.github.imds.test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * The command line of {@link ImdsSimulatorMain}, parsed. Pure: reading the files and
 * scheduling the scenarios happen elsewhere.
 *
 * @param port the port, 0 for any free one
 * @param ipv6 whether to listen on {@code ::1} instead of {@code 127.0.0.1}
 * @param imdsV1 whether requests without a token are answered
 * @param tags whether tags are in metadata
 * @param userData a file whose bytes are the user data
 * @param model a JSON file overriding the instance ({@link ModelFile})
 * @param scenarios notices to issue after a delay
 * @param throttle requests per second over which to answer 429, 0 for no limit
 * @param hopLimit whether token responses are dropped (a container behind hop limit 1)
 * @param latency a delay for every response
 * @param log whether each request is logged on standard output
 * @param help whether to print the usage
 */
record SimulatorOptions(int port, boolean ipv6, boolean imdsV1, boolean tags, @Nullable Path userData,
		@Nullable Path model, List<Scenario> scenarios, int throttle, boolean hopLimit, Duration latency, boolean log,
		boolean help) {

	static final String USAGE = """
			Usage: java -jar imds-spring-boot-test-<version>-simulator.jar [options]
			  --port N                 port on loopback (default 1338, 0 = any free port)
			  --ipv6                   listen on [::1] instead of 127.0.0.1
			  --imds-v1                also answer requests without a token (HttpTokens=optional)
			  --tags                   expose the instance's tags in metadata (off by default, as on EC2)
			  --user-data FILE         serve the file's bytes as /latest/user-data
			  --model FILE             override the instance from a JSON file (see docs/simulator.md)
			  --spot ACTION[@DELAY]    spot interruption notice (terminate, stop, hibernate) after DELAY
			  --rebalance[@DELAY]      rebalance recommendation after DELAY
			  --asg STATE[@DELAY]      Auto Scaling target lifecycle state (InService, Terminated, ...) after DELAY
			  --maintenance CODE[@DELAY]  scheduled maintenance event (system-reboot, ...) after DELAY
			  --throttle N             answer 429 over N requests per second
			  --hop-limit              never answer token requests (a container behind hop limit 1)
			  --latency DURATION       delay every response
			  --quiet                  no request log on standard output
			  --help                   this text
			DELAY and DURATION: 500ms, 30s, 2m, 1h or plain seconds; without DELAY the notice is there at start.""";

	static SimulatorOptions parse(String... args) {
		Parser parser = new Parser(args);
		return parser.parse();
	}

	/**
	 * Parse a duration such as {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h} or
	 * {@code 45} (seconds).
	 */
	static Duration duration(String value) {
		String text = value.trim().toLowerCase(Locale.ROOT);
		try {
			if (text.endsWith("ms")) {
				return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
			}
			long amount = Long.parseLong(text.replaceAll("[smh]$", ""));
			Duration result = text.endsWith("h") ? Duration.ofHours(amount)
					: text.endsWith("m") ? Duration.ofMinutes(amount) : Duration.ofSeconds(amount);
			if (!result.isNegative()) {
				return result;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		throw new IllegalArgumentException(
				"Invalid duration '%s': use a number with ms, s, m or h, such as 30s".formatted(value));
	}

	/**
	 * A notice issued after a delay.
	 *
	 * @param kind what to issue
	 * @param value the action, state or code ({@code null} for a rebalance)
	 * @param delay the delay after start
	 */
	record Scenario(Kind kind, @Nullable String value, Duration delay) {

		enum Kind {

			SPOT, REBALANCE, AUTO_SCALING, MAINTENANCE

		}

		static Scenario of(Kind kind, @Nullable String spec) {
			if (spec == null) {
				return new Scenario(kind, null, Duration.ZERO);
			}
			int at = spec.indexOf('@');
			String value = (at >= 0) ? spec.substring(0, at) : spec;
			Duration delay = (at >= 0) ? duration(spec.substring(at + 1)) : Duration.ZERO;
			if (kind == Kind.SPOT && !List.of("terminate", "stop", "hibernate").contains(value)) {
				throw new IllegalArgumentException(
						"Invalid spot action '%s': use terminate, stop or hibernate".formatted(value));
			}
			return new Scenario(kind, value.isEmpty() ? null : value, delay);
		}

	}

	private static final class Parser {

		private final String[] args;

		private int next;

		Parser(String[] args) {
			this.args = args;
		}

		SimulatorOptions parse() {
			int port = 1338;
			boolean ipv6 = false;
			boolean imdsV1 = false;
			boolean tags = false;
			Path userData = null;
			Path model = null;
			List<Scenario> scenarios = new ArrayList<>();
			int throttle = 0;
			boolean hopLimit = false;
			Duration latency = Duration.ZERO;
			boolean log = true;
			boolean help = false;
			while (this.next < this.args.length) {
				String arg = this.args[this.next++];
				String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
				String inline = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : null;
				if (name.startsWith("--rebalance")) {
					String delay = name.startsWith("--rebalance@") ? name.substring("--rebalance@".length()) : "0";
					scenarios.add(new Scenario(Scenario.Kind.REBALANCE, null, duration(delay)));
					continue;
				}
				switch (name) {
					case "--port" -> port = port(value(name, inline));
					case "--ipv6" -> ipv6 = true;
					case "--imds-v1" -> imdsV1 = true;
					case "--tags" -> tags = true;
					case "--user-data" -> userData = Path.of(value(name, inline));
					case "--model" -> model = Path.of(value(name, inline));
					case "--spot" -> scenarios.add(Scenario.of(Scenario.Kind.SPOT, value(name, inline)));
					case "--asg" -> scenarios.add(Scenario.of(Scenario.Kind.AUTO_SCALING, value(name, inline)));
					case "--maintenance" -> scenarios.add(Scenario.of(Scenario.Kind.MAINTENANCE, value(name, inline)));
					case "--throttle" -> throttle = positive(name, value(name, inline));
					case "--hop-limit" -> hopLimit = true;
					case "--latency" -> latency = duration(value(name, inline));
					case "--quiet" -> log = false;
					case "--help", "-h" -> help = true;
					default -> throw new IllegalArgumentException("Unknown argument '%s'".formatted(arg));
				}
			}
			return new SimulatorOptions(port, ipv6, imdsV1, tags, userData, model, List.copyOf(scenarios), throttle,
					hopLimit, latency, log, help);
		}

		private String value(String name, @Nullable String inline) {
			if (inline != null) {
				return inline;
			}
			if (this.next >= this.args.length) {
				throw new IllegalArgumentException("Argument '%s' needs a value".formatted(name));
			}
			return this.args[this.next++];
		}

		private static int port(String value) {
			int port = positive("--port", value);
			if (port > 65535) {
				throw new IllegalArgumentException("Invalid port '%s'".formatted(value));
			}
			return port;
		}

		private static int positive(String name, String value) {
			try {
				int number = Integer.parseInt(value);
				if (number >= 0) {
					return number;
				}
			}
			catch (NumberFormatException ex) {
				// reported below
			}
			throw new IllegalArgumentException("Invalid %s '%s'".formatted(name.equals("--port") ? "port" : name, value));
		}

	}

}
