package io.github.imds.test;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Builder for an {@link ImdsSimulator}, made by {@link ImdsSimulator#builder()}.
 *
 * @author imds-spring-boot contributors
 * @since 0.1.0
 */
public final class ImdsSimulatorBuilder {

	private static final String LOOPBACK = "127.0.0.1";

	private static final String LOOPBACK_IPV6 = "::1";

	private int port;

	private int threads = 100;

	private String bindAddress = LOOPBACK;

	private Clock clock = Clock.systemUTC();

	private Consumer<ImdsSimulator> defaults = (simulator) -> {
	};

	ImdsSimulatorBuilder() {
	}

	/**
	 * The port on {@code 127.0.0.1}; 0 (the default) picks a free one.
	 * @param port the port
	 * @return this builder
	 */
	public ImdsSimulatorBuilder port(int port) {
		if (port < 0 || port > 65535) {
			throw new IllegalArgumentException("'port' must be between 0 and 65535, was '%d'".formatted(port));
		}
		this.port = port;
		return this;
	}

	/**
	 * Listen on the IPv6 loopback address {@code ::1} instead of {@code 127.0.0.1}, to
	 * test {@code imds.endpoint-mode=ipv6} set-ups; {@link ImdsSimulator#endpoint()}
	 * is then {@code http://[::1]:port}.
	 * @param ipv6 whether to listen on {@code ::1}
	 * @return this builder
	 */
	public ImdsSimulatorBuilder ipv6(boolean ipv6) {
		this.bindAddress = ipv6 ? LOOPBACK_IPV6 : LOOPBACK;
		return this;
	}

	/**
	 * Whether tags are readable from metadata by default (after every
	 * {@link ImdsSimulator#reset()}). Off by default, as on EC2.
	 * @param enabled whether tags are in metadata
	 * @return this builder
	 */
	public ImdsSimulatorBuilder tagsInMetadata(boolean enabled) {
		return configure((simulator) -> simulator.tagsInMetadata(enabled));
	}

	/**
	 * The base clock; the simulator's clock adds the offset that
	 * {@link ImdsSimulator#advanceClock(Duration)} moves.
	 * @param clock the base clock
	 * @return this builder
	 */
	public ImdsSimulatorBuilder clock(Clock clock) {
		this.clock = clock;
		return this;
	}

	/**
	 * How many server threads handle requests (100 by default).
	 * @param threads the thread count
	 * @return this builder
	 */
	public ImdsSimulatorBuilder threads(int threads) {
		if (threads < 8) {
			throw new IllegalArgumentException("'threads' must be at least 8, was '%d'".formatted(threads));
		}
		this.threads = threads;
		return this;
	}

	/**
	 * Accept IMDSv1 requests by default (after every {@link ImdsSimulator#reset()}).
	 * @param allowed whether IMDSv1 is accepted
	 * @return this builder
	 */
	public ImdsSimulatorBuilder acceptImdsV1(boolean allowed) {
		return configure((simulator) -> simulator.acceptImdsV1(allowed));
	}

	/**
	 * Customize the default state, applied on build and after every
	 * {@link ImdsSimulator#reset()}.
	 * @param customizer the customizer
	 * @return this builder
	 */
	public ImdsSimulatorBuilder configure(Consumer<ImdsSimulator> customizer) {
		this.defaults = this.defaults.andThen(customizer);
		return this;
	}

	/**
	 * Build a simulator; call {@link ImdsSimulator#start()} to serve.
	 * @return the simulator
	 */
	public ImdsSimulator build() {
		return new ImdsSimulator(this);
	}

	int port() {
		return this.port;
	}

	int threads() {
		return this.threads;
	}

	String bindAddress() {
		return this.bindAddress;
	}

	Clock clock() {
		return this.clock;
	}

	Consumer<ImdsSimulator> defaults() {
		return this.defaults;
	}

}
