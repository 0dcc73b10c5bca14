package io.github.imds.test;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A simulator of the EC2 Instance Metadata Service, serving a realistic, self-consistent
 * instance on loopback only ({@code 127.0.0.1}, or {@code ::1}). IMDSv2 tokens, listings,
 * role credentials that rotate, lifecycle notices and faults are all driven by a fluent
 * API that is safe to use while clients are connected, grouped by role as WireMock groups
 * its API: {@link #instance()}, {@link #credentials()}, {@link #notices()},
 * {@link #faults()} and {@link #journal()}; the simulator has the same setters as
 * shortcuts that return it (the {@code Simulator…Shortcuts} interfaces).
 * <p>
 * Paths given to methods such as {@link #metadata(String, String)} or
 * {@link #malformedJson(String)} are relative to {@code /latest/meta-data/} unless they
 * start with {@code /}, in which case they are absolute ({@code /latest/user-data}).
 * <p>
 * Time (token expiry, credential rotation) follows the simulator's own clock, which tests
 * move with {@link #advanceClock(Duration)}; share it with the code under test through
 * {@link #clock()}.
 * <pre class="code">
 * try (ImdsSimulator imds = ImdsSimulator.builder().build().start()) {
 *     String endpoint = imds.endpoint();
 *     imds.spotInterruption("terminate", Instant.now().plusSeconds(120));
 * }
 * </pre>
 *
 * @author imds-spring-boot contributors
 * @since 0.1.0
 */
public final class ImdsSimulator implements SimulatorInstanceShortcuts, SimulatorCredentialsShortcuts,
		SimulatorNoticesShortcuts, SimulatorFaultsShortcuts, SimulatorJournalShortcuts, AutoCloseable {

	/**
	 * The path of the IMDSv2 session token request.
	 */
	public static final String TOKEN_PATH = "/latest/api/token";

	private final Consumer<ImdsSimulator> defaults;

	private final SimulatorClock clock;

	private final InstanceModel model;

	private final Faults faults = new Faults();

	private final Journal journal = new Journal();

	private final Tokens tokens;

	private final ImdsResponder responder;

	private final SimulatorInstance instance;

	private final SimulatorCredentials credentials;

	private final SimulatorNotices notices;

	private final SimulatorFaults faultsView;

	private final SimulatorJournal journalView;

	private final SimulatorServer server;

	ImdsSimulator(ImdsSimulatorBuilder builder) {
		this.defaults = builder.defaults();
		this.clock = new SimulatorClock(builder.clock());
		this.model = new InstanceModel(this.clock);
		this.tokens = new Tokens(this.clock);
		this.responder = new ImdsResponder(this.model, this.faults, this.tokens, this.journal, this.clock);
		this.instance = new SimulatorInstance(this.model);
		this.credentials = new SimulatorCredentials(this.model.profile());
		this.notices = new SimulatorNotices(this.model.notices());
		this.faultsView = new SimulatorFaults(this.faults);
		this.journalView = new SimulatorJournal(this.journal, this.tokens);
		this.server = new SimulatorServer(builder.bindAddress(), builder.port(), builder.threads(), this.responder,
				this.clock);
		this.defaults.accept(this);
	}

	/**
	 * Create a new {@link ImdsSimulatorBuilder}.
	 * @return a builder for a simulator on a random port
	 */
	public static ImdsSimulatorBuilder builder() {
		return new ImdsSimulatorBuilder();
	}

	/**
	 * Create and start a simulator on a random port with the default instance.
	 * @return the started simulator
	 */
	public static ImdsSimulator startDefault() {
		return builder().build().start();
	}

	/**
	 * Start serving. Idempotent.
	 * @return this simulator
	 */
	public ImdsSimulator start() {
		this.server.start();
		return this;
	}

	/**
	 * Stop serving and release the port and threads. Idempotent; requests held by
	 * {@link #dropTokenResponses(boolean)} are released first.
	 */
	public void stop() {
		this.server.stop();
	}

	@Override
	public void close() {
		stop();
	}

	/**
	 * Whether the simulator is serving.
	 * @return {@code true} between {@link #start()} and {@link #stop()}
	 */
	public boolean isRunning() {
		return this.server.isRunning();
	}

	/**
	 * The port the simulator listens on.
	 * @return the port
	 * @throws IllegalStateException if the simulator has never been started
	 */
	public int port() {
		int current = this.server.port();
		if (current < 0) {
			throw new IllegalStateException("ImdsSimulator has not been started");
		}
		return current;
	}

	/**
	 * The endpoint to give to a client, such as {@code http://127.0.0.1:41234}.
	 * @return the endpoint, without a trailing slash
	 */
	public String endpoint() {
		return "http://" + this.server.host() + ":" + port();
	}

	/**
	 * The endpoint as a {@link URI}.
	 * @return the endpoint URI
	 */
	public URI endpointUri() {
		return URI.create(endpoint());
	}

	/**
	 * The properties that point this project's auto-configuration at the simulator:
	 * {@code imds.endpoint} and {@code imds.platform-detection=off}. Note that
	 * {@code @DynamicPropertySource} and context customizers apply properties after
	 * {@code EnvironmentPostProcessor}s ran, too late for the {@code ec2.*} properties;
	 * {@link EnableImdsSimulator} does it early enough.
	 * @return the properties
	 */
	public Map<String, Object> properties() {
		return Map.of("imds.endpoint", endpoint(), "imds.platform-detection", "off");
	}

	/**
	 * Put {@link #properties()} into the given map.
	 * @param target the map to fill
	 */
	public void applyTo(Map<String, Object> target) {
		target.putAll(properties());
	}

	/**
	 * A clock showing the simulator's time, to share with the code under test.
	 * @return the simulator's clock (UTC)
	 */
	public Clock clock() {
		return this.clock;
	}

	/**
	 * Move the simulator's time forward.
	 * @param amount how far
	 * @return this simulator
	 */
	public ImdsSimulator advanceClock(Duration amount) {
		this.clock.advance(amount);
		return this;
	}

	/**
	 * Set the simulator's time.
	 * @param time the new time
	 * @return this simulator
	 */
	public ImdsSimulator setTime(Instant time) {
		this.clock.setTime(time);
		return this;
	}

	/**
	 * Whether GET requests without a token are answered (IMDSv1, {@code HttpTokens=optional}).
	 * A token that is present but invalid still gets 401. Off by default.
	 * @param allowed whether IMDSv1 is accepted
	 * @return this simulator
	 */
	public ImdsSimulator acceptImdsV1(boolean allowed) {
		this.responder.imdsV1Allowed(allowed);
		return this;
	}

	/**
	 * Whether a token is required: the opposite of {@link #acceptImdsV1(boolean)}.
	 * @param required whether a token is required
	 * @return this simulator
	 */
	public ImdsSimulator requireToken(boolean required) {
		return acceptImdsV1(!required);
	}

	/**
	 * Refuse token requests with 403 and answer GETs without a token, like a metadata
	 * service that only speaks IMDSv1.
	 * @return this simulator
	 */
	public ImdsSimulator tokensDisabled() {
		this.responder.tokensDisabled(true);
		return this;
	}

	/**
	 * Answer 403 to every request, like an instance with its metadata endpoint disabled.
	 * @return this simulator
	 */
	public ImdsSimulator imdsDisabled() {
		this.responder.imdsDisabled(true);
		return this;
	}

	/**
	 * Make every token issued so far invalid (401 on use).
	 * @return this simulator
	 */
	public ImdsSimulator invalidateTokens() {
		this.tokens.invalidateAll();
		return this;
	}

	@Override
	public SimulatorInstance instance() {
		return this.instance;
	}

	@Override
	public SimulatorCredentials credentials() {
		return this.credentials;
	}

	@Override
	public SimulatorNotices notices() {
		return this.notices;
	}

	@Override
	public SimulatorFaults faults() {
		return this.faultsView;
	}

	@Override
	public SimulatorJournal journal() {
		return this.journalView;
	}

	/**
	 * Go back to the default instance and the builder's settings: metadata, access mode,
	 * faults, clock offset and journal. Tokens already issued stay valid, so a client that
	 * cached one keeps working.
	 * @return this simulator
	 */
	public ImdsSimulator reset() {
		this.clock.resetOffset();
		this.responder.resetAccess();
		this.faults.clear();
		this.model.reset();
		this.journalView.reset();
		this.defaults.accept(this);
		return this;
	}

	@Override
	public String toString() {
		return "ImdsSimulator[" + ((this.server.port() >= 0) ? endpoint() : "not started") + "]";
	}

}
