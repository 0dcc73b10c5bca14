package io.github.imds.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.imds.client.ImdsClientSettings;
import io.github.imds.client.PlatformDetectionMode;
import io.github.imds.test.ImdsSimulator;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.StandardEnvironment;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Starts a whole application (auto-configuration, the environment post-processor, the credentials and
 * lifecycle beans) the way a user's {@code main} does, against a loopback simulator only, under a hang guard.
 */
final class ReliabilityApplication {

	/** Settings every scenario shares: timeouts generous enough for a loaded two-core machine. */
	static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);

	static final Duration READ_TIMEOUT = Duration.ofSeconds(2);

	/** Time a Spring application needs to start or stop on a slow machine, on top of what IMDS may take. */
	static final Duration SPRING_ALLOWANCE = Duration.ofSeconds(20);

	private ReliabilityApplication() {
	}

	/**
	 * The documented bound of one {@code ImdsClient.get}, for the settings these tests use.
	 * @param maxAttempts the attempts
	 * @return the bound
	 */
	static Duration worstCaseCall(int maxAttempts) {
		return new ImdsClientSettings(Duration.ofHours(6), CONNECT_TIMEOUT, READ_TIMEOUT, maxAttempts, false,
				PlatformDetectionMode.OFF)
			.worstCaseCallDuration();
	}

	/**
	 * Arguments that point an application at the simulator with the shared timeouts; {@code more} come last
	 * and so override them.
	 * @param imds the simulator
	 * @param more more arguments
	 * @return the arguments
	 */
	static String[] onSimulator(ImdsSimulator imds, String... more) {
		return on(imds.endpoint(), more);
	}

	static String[] on(String endpoint, String... more) {
		if (!endpoint.startsWith("http://127.0.0.1:")) {
			throw new IllegalArgumentException("these tests only talk to 127.0.0.1, not " + endpoint);
		}
		Map<String, String> args = new LinkedHashMap<>();
		put(args, "--imds.endpoint=" + endpoint);
		put(args, "--imds.platform-detection=off");
		put(args, "--imds.connect-timeout=" + CONNECT_TIMEOUT.toMillis() + "ms");
		put(args, "--imds.read-timeout=" + READ_TIMEOUT.toMillis() + "ms");
		put(args, "--spring.main.banner-mode=off");
		for (String arg : more) {
			put(args, arg);
		}
		return args.values().toArray(String[]::new);
	}

	/** Keyed by name, so that a later argument replaces an earlier one instead of making a list of both. */
	private static void put(Map<String, String> args, String arg) {
		int equals = arg.indexOf('=');
		args.put((equals >= 0) ? arg.substring(0, equals) : arg, arg);
	}

	/**
	 * Runs the application, failing the test when startup takes longer than the metadata budget plus the
	 * documented bound of a call plus {@link #SPRING_ALLOWANCE}.
	 * @param args the arguments
	 * @return the running context
	 */
	static ConfigurableApplicationContext run(String... args) {
		Duration guard = Duration.ofSeconds(2).plus(worstCaseCall(3)).plus(SPRING_ALLOWANCE);
		return assertTimeoutPreemptively(guard, () -> start(args), () -> "startup hung longer than " + guard);
	}

	/**
	 * Runs the application without a hang guard, for startups that are expected to fail at once.
	 * @param args the arguments
	 * @return the running context
	 */
	static ConfigurableApplicationContext start(String... args) {
		SpringApplication application = new SpringApplication(App.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setEnvironment(new StandardEnvironment());
		return application.run(args);
	}

	/** A loopback port nothing listens on (bound, then released). */
	static int closedPort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class App {

	}

}
