package io.github.imds.test;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.common.ConsoleNotifier;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import org.jspecify.annotations.Nullable;

import io.github.imds.test.Faults.PathFault;

/**
 * A simulator of the EC2 Instance Metadata Service, serving a realistic, self-consistent
 * instance on {@code 127.0.0.1} only. IMDSv2 tokens, listings, role credentials that
 * rotate, lifecycle notices and faults are all driven by a fluent API that is safe to
 * use while clients are connected.
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
public final class ImdsSimulator implements AutoCloseable {

	/**
	 * The path of the IMDSv2 session token request.
	 */
	public static final String TOKEN_PATH = "/latest/api/token";

	private static final String LOOPBACK = "127.0.0.1";

	private static final String LOOPBACK_IPV6 = "::1";

	private final int requestedPort;

	private final String bindAddress;

	private final int threads;

	private final Consumer<ImdsSimulator> defaults;

	private final SimulatorClock clock;

	private final InstanceModel model;

	private final Faults faults = new Faults();

	private final Journal journal = new Journal();

	private final Tokens tokens;

	private final ImdsResponder responder;

	private final Object lifecycle = new Object();

	private @Nullable WireMockServer server;

	private volatile int port = -1;

	private ImdsSimulator(Builder builder) {
		this.requestedPort = builder.port;
		this.bindAddress = builder.bindAddress;
		this.threads = builder.threads;
		this.defaults = builder.defaults;
		this.clock = new SimulatorClock(builder.clock);
		this.model = new InstanceModel(this.clock);
		this.tokens = new Tokens(this.clock);
		this.responder = new ImdsResponder(this.model, this.faults, this.tokens, this.journal, this.clock);
		this.defaults.accept(this);
	}

	/**
	 * Create a new {@link Builder}.
	 * @return a builder for a simulator on a random port
	 */
	public static Builder builder() {
		return new Builder();
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
		synchronized (this.lifecycle) {
			if (this.server != null) {
				return this;
			}
			WireMockConfiguration options = WireMockConfiguration.options()
				.bindAddress(this.bindAddress)
				.port(this.requestedPort)
				.containerThreads(this.threads)
				.jettyStopTimeout(1000L)
				.disableRequestJournal()
				.gzipDisabled(true)
				.http2PlainDisabled(true)
				.notifier(new ConsoleNotifier(false))
				.extensions(this.responder, new Ec2Framing(this.clock));
			this.responder.holdRequests();
			WireMockServer wireMock = new WireMockServer(options);
			wireMock.stubFor(WireMock.any(WireMock.anyUrl()).willReturn(WireMock.aResponse().withStatus(500)));
			wireMock.start();
			this.server = wireMock;
			this.port = wireMock.port();
			return this;
		}
	}

	/**
	 * Stop serving and release the port and threads. Idempotent; requests held by
	 * {@link #dropTokenResponses(boolean)} are released first.
	 */
	public void stop() {
		synchronized (this.lifecycle) {
			WireMockServer wireMock = this.server;
			if (wireMock == null) {
				return;
			}
			this.responder.releaseHeldRequests();
			wireMock.stop();
			this.server = null;
		}
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
		WireMockServer wireMock = this.server;
		return wireMock != null && wireMock.isRunning();
	}

	/**
	 * The port the simulator listens on.
	 * @return the port
	 * @throws IllegalStateException if the simulator has never been started
	 */
	public int port() {
		int current = this.port;
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
		String host = this.bindAddress.contains(":") ? "[" + this.bindAddress + "]" : this.bindAddress;
		return "http://" + host + ":" + port();
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

	// Clock

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

	// Access

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

	// Metadata

	/**
	 * Set a meta-data leaf.
	 * @param path the path, relative to {@code /latest/meta-data/} (for example
	 * {@code placement/region}) or absolute
	 * @param value the body
	 * @return this simulator
	 */
	public ImdsSimulator metadata(String path, String value) {
		this.model.set(leafPath(path, InstanceModel.META), value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
		return this;
	}

	/**
	 * Remove a meta-data leaf or a whole sub-tree, which then answers 404.
	 * @param path the path, relative to {@code /latest/meta-data/} or absolute
	 * @return this simulator
	 */
	public ImdsSimulator removeMetadata(String path) {
		this.model.remove(leafPath(path, InstanceModel.META));
		return this;
	}

	/**
	 * Set a leaf under {@code /latest/dynamic/}.
	 * @param path the path, relative to {@code /latest/dynamic/} or absolute
	 * @param value the body
	 * @return this simulator
	 */
	public ImdsSimulator dynamic(String path, String value) {
		this.model.set(leafPath(path, InstanceModel.DYNAMIC), value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
		return this;
	}

	/**
	 * Set the instance id (meta-data and identity document).
	 * @param instanceId the instance id
	 * @return this simulator
	 */
	public ImdsSimulator instanceId(String instanceId) {
		this.model.instanceId(instanceId);
		return this;
	}

	/**
	 * Set the account id (identity document, interface owners, profile ARN, extended
	 * credentials).
	 * @param accountId the account id
	 * @return this simulator
	 */
	public ImdsSimulator accountId(String accountId) {
		this.model.accountId(accountId);
		return this;
	}

	/**
	 * Move the instance to a region: placement, zone (the region's {@code a} zone), zone
	 * id, host names, services and the identity document follow.
	 * @param region the region, such as {@code eu-west-1}
	 * @return this simulator
	 */
	public ImdsSimulator region(String region) {
		this.model.region(region);
		return this;
	}

	/**
	 * Set the availability zone and a matching zone id.
	 * @param zone the zone, such as {@code us-east-1b}
	 * @return this simulator
	 */
	public ImdsSimulator availabilityZone(String zone) {
		this.model.availabilityZone(zone);
		return this;
	}

	/**
	 * Set {@code instance-life-cycle} ({@code on-demand}, {@code spot}, {@code scheduled}).
	 * @param lifeCycle the life cycle
	 * @return this simulator
	 */
	public ImdsSimulator lifeCycle(String lifeCycle) {
		return metadata("instance-life-cycle", lifeCycle);
	}

	/**
	 * Set an instance tag, visible under {@code tags/instance/}.
	 * @param key the key (case-sensitive, may contain {@code + - = . , _ : @}, not {@code /})
	 * @param value the value
	 * @return this simulator
	 */
	public ImdsSimulator tag(String key, String value) {
		this.model.tag(key, value);
		return this;
	}

	/**
	 * Remove an instance tag.
	 * @param key the key
	 * @return this simulator
	 */
	public ImdsSimulator removeTag(String key) {
		this.model.removeTag(key);
		return this;
	}

	/**
	 * Whether tags are readable from metadata; when off, {@code tags/} answers 404 and is
	 * not listed. Off by default, as on EC2 (an instance opts in with
	 * {@code InstanceMetadataTags=enabled}).
	 * @param enabled whether tags are in metadata
	 * @return this simulator
	 */
	public ImdsSimulator tagsInMetadata(boolean enabled) {
		this.model.tagsInMetadata(enabled);
		return this;
	}

	/**
	 * Set the user data.
	 * @param userData the user data, or {@code null} to remove it (404)
	 * @return this simulator
	 */
	public ImdsSimulator userData(@Nullable String userData) {
		return userData((userData != null) ? userData.getBytes(java.nio.charset.StandardCharsets.UTF_8) : null);
	}

	/**
	 * Set the user data as raw bytes.
	 * @param userData the user data, or {@code null} to remove it (404)
	 * @return this simulator
	 */
	public ImdsSimulator userData(byte @Nullable [] userData) {
		if (userData == null) {
			this.model.remove(InstanceModel.USER_DATA);
		}
		else {
			this.model.set(InstanceModel.USER_DATA, userData);
		}
		return this;
	}

	// Credentials

	/**
	 * Remove the instance profile: {@code iam/} answers 404.
	 * @return this simulator
	 */
	public ImdsSimulator noInstanceProfile() {
		this.model.noInstanceProfile();
		return this;
	}

	/**
	 * Attach an instance profile with this role (replacing any other) and issue new
	 * credentials. The default role is {@code sample-role}.
	 * @param name the role name
	 * @return this simulator
	 */
	public ImdsSimulator role(String name) {
		this.model.role(name);
		return this;
	}

	/**
	 * The current role.
	 * @return the role name, or {@code null} without an instance profile
	 */
	public @Nullable String role() {
		return this.model.role();
	}

	/**
	 * Answer credential requests with a non-{@code Success} code: the body then has
	 * {@code Code}, {@code Message} and {@code LastUpdated} and no keys.
	 * @param code the code, such as {@code AssumeRoleUnauthorizedAccess}; {@code null} or
	 * {@code Success} restores normal credentials
	 * @param message the message
	 * @return this simulator
	 */
	public ImdsSimulator credentialsCode(@Nullable String code, @Nullable String message) {
		this.model.credentialsCode(code, message);
		return this;
	}

	/**
	 * Whether {@code iam/security-credentials-extended/} exists; when off it answers 404
	 * like older instances. On by default.
	 * @param enabled whether the extended path exists
	 * @return this simulator
	 */
	public ImdsSimulator extendedCredentialsPath(boolean enabled) {
		this.model.extendedCredentialsPath(enabled);
		return this;
	}

	/**
	 * How long issued credentials are valid (6 hours by default).
	 * @param lifetime the lifetime
	 * @return this simulator
	 */
	public ImdsSimulator credentialsLifetime(Duration lifetime) {
		this.model.credentialsLifetime(lifetime);
		return this;
	}

	/**
	 * How often new credentials are issued, on the simulator's clock (1 hour by default).
	 * @param rotation the rotation period
	 * @return this simulator
	 */
	public ImdsSimulator credentialsRotation(Duration rotation) {
		this.model.credentialsRotation(rotation);
		return this;
	}

	/**
	 * How many sets of role credentials were issued since the last reset (at least one).
	 * @return the count
	 */
	public int credentialsIssued() {
		return this.model.credentialsIssued();
	}

	// Lifecycle notices

	/**
	 * Issue a spot interruption notice ({@code spot/instance-action} and
	 * {@code spot/termination-time}).
	 * @param action {@code terminate}, {@code stop} or {@code hibernate}
	 * @param time when the action happens
	 * @return this simulator
	 */
	public ImdsSimulator spotInterruption(String action, Instant time) {
		this.model.spotInterruption(action, time);
		return this;
	}

	/**
	 * Withdraw the spot interruption notice (404 again).
	 * @return this simulator
	 */
	public ImdsSimulator clearSpotInterruption() {
		this.model.clearSpotInterruption();
		return this;
	}

	/**
	 * Issue a rebalance recommendation ({@code events/recommendations/rebalance}).
	 * @param noticeTime the notice time, or {@code null} to withdraw it
	 * @return this simulator
	 */
	public ImdsSimulator rebalanceRecommendation(@Nullable Instant noticeTime) {
		this.model.rebalanceRecommendation(noticeTime);
		return this;
	}

	/**
	 * Set {@code autoscaling/target-lifecycle-state}, such as {@code InService} or
	 * {@code Terminated}.
	 * @param state the state, or {@code null} for an instance outside Auto Scaling (404)
	 * @return this simulator
	 */
	public ImdsSimulator targetLifecycleState(@Nullable String state) {
		this.model.targetLifecycleState(state);
		return this;
	}

	/**
	 * Add an active scheduled maintenance event to {@code events/maintenance/scheduled}.
	 * @param code the event code, such as {@code system-reboot}
	 * @param description the description
	 * @param notBefore the earliest start
	 * @param notAfter the latest end
	 * @return this simulator
	 */
	public ImdsSimulator scheduledMaintenance(String code, String description, Instant notBefore, Instant notAfter) {
		this.model.scheduledMaintenance(code, description, notBefore, notAfter);
		return this;
	}

	/**
	 * Remove all scheduled maintenance events ({@code []}).
	 * @return this simulator
	 */
	public ImdsSimulator clearScheduledMaintenance() {
		this.model.clearScheduledMaintenance();
		return this;
	}

	// Faults

	/**
	 * Delay every response.
	 * @param latency the delay, {@link Duration#ZERO} for none
	 * @return this simulator
	 */
	public ImdsSimulator latency(Duration latency) {
		this.faults.latency(latency);
		return this;
	}

	/**
	 * Answer the next requests of any kind, token requests included, with a status.
	 * @param count how many requests
	 * @param status the status, such as 500 or 503
	 * @return this simulator
	 */
	public ImdsSimulator failNext(int count, int status) {
		return failNext(count, status, "/");
	}

	/**
	 * Answer the next requests whose path starts with a prefix with a status.
	 * @param count how many requests
	 * @param status the status
	 * @param pathPrefix an absolute path prefix, such as {@code /latest/api/token}, or one
	 * relative to {@code /latest/meta-data/}
	 * @return this simulator
	 */
	public ImdsSimulator failNext(int count, int status, String pathPrefix) {
		this.faults.failNext(count, status, InstanceModel.absolute(pathPrefix, InstanceModel.META));
		return this;
	}

	/**
	 * Answer 429 to requests over a rate, measured on a sliding one second window of real
	 * time (not the simulator's clock).
	 * @param requestsPerSecond the rate allowed, 0 for no limit
	 * @return this simulator
	 */
	public ImdsSimulator throttleAbove(int requestsPerSecond) {
		this.faults.throttleAbove(requestsPerSecond);
		return this;
	}

	/**
	 * Reset the connection instead of answering the next requests.
	 * @param count how many requests
	 * @return this simulator
	 */
	public ImdsSimulator resetConnectionNext(int count) {
		this.faults.resetConnectionNext(count);
		return this;
	}

	/**
	 * Never answer token requests (held 30 seconds, then the connection is reset), while
	 * GETs are served: what a container behind a hop limit of 1 sees.
	 * @param drop whether to drop token responses
	 * @return this simulator
	 */
	public ImdsSimulator dropTokenResponses(boolean drop) {
		this.faults.dropTokenResponses(drop);
		return this;
	}

	/**
	 * Serve a truncated JSON document for a path.
	 * @param path the path, relative to {@code /latest/meta-data/} or absolute
	 * @return this simulator
	 */
	public ImdsSimulator malformedJson(String path) {
		return pathFault(path, new PathFault.Malformed());
	}

	/**
	 * Serve a body of this many bytes for a path.
	 * @param path the path, relative to {@code /latest/meta-data/} or absolute
	 * @param bytes the body size
	 * @return this simulator
	 */
	public ImdsSimulator oversizedBody(String path, int bytes) {
		return pathFault(path, new PathFault.Oversized(bytes));
	}

	/**
	 * Serve the normal body of a path in chunks spread over a duration.
	 * @param path the path, relative to {@code /latest/meta-data/} or absolute
	 * @param total how long the body takes
	 * @return this simulator
	 */
	public ImdsSimulator slowBody(String path, Duration total) {
		return pathFault(path, new PathFault.Slow(10, total));
	}

	/**
	 * Serve 200 with an empty body for a path.
	 * @param path the path, relative to {@code /latest/meta-data/} or absolute
	 * @return this simulator
	 */
	public ImdsSimulator emptyBody(String path) {
		return pathFault(path, new PathFault.Empty());
	}

	/**
	 * Answer a path with a redirect.
	 * @param path the path, relative to {@code /latest/meta-data/} or absolute
	 * @param status the status, such as 301 or 307
	 * @param location the {@code Location} header
	 * @return this simulator
	 */
	public ImdsSimulator redirect(String path, int status, String location) {
		return pathFault(path, new PathFault.Redirect(status, location));
	}

	/**
	 * Serve bytes that are not valid UTF-8 for a path.
	 * @param path the path, relative to {@code /latest/meta-data/} or absolute
	 * @return this simulator
	 */
	public ImdsSimulator invalidUtf8(String path) {
		return pathFault(path, new PathFault.InvalidUtf8());
	}

	/**
	 * Remove all faults.
	 * @return this simulator
	 */
	public ImdsSimulator clearFaults() {
		this.faults.clear();
		return this;
	}

	private ImdsSimulator pathFault(String path, PathFault fault) {
		this.faults.pathFault(InstanceModel.absolute(path, InstanceModel.META), fault);
		return this;
	}

	// Journal

	/**
	 * The requests received since the last reset, oldest first.
	 * @return an immutable list of requests
	 */
	public List<ImdsRequest> requests() {
		return this.journal.requests();
	}

	/**
	 * Count the requests with a method and path.
	 * @param method the method, such as {@code GET}
	 * @param path the absolute path, or one relative to {@code /latest/meta-data/}
	 * @return the count
	 */
	public long count(String method, String path) {
		String absolute = InstanceModel.absolute(path, InstanceModel.META);
		return countMatching((request) -> request.method().equals(method) && request.path().equals(absolute));
	}

	/**
	 * Count the requests that match a predicate.
	 * @param predicate the predicate
	 * @return the count
	 */
	public long countMatching(Predicate<ImdsRequest> predicate) {
		return this.journal.requests().stream().filter(predicate).count();
	}

	/**
	 * Count the token requests received, answered or not.
	 * @return the count
	 */
	public long tokenPuts() {
		return countMatching(ImdsRequest::isTokenRequest);
	}

	/**
	 * Count the tokens issued since the last reset.
	 * @return the count
	 */
	public int tokensIssued() {
		return this.tokens.issued();
	}

	/**
	 * Clear the journal and the token count.
	 * @return this simulator
	 */
	public ImdsSimulator resetJournal() {
		this.journal.clear();
		this.tokens.resetCount();
		return this;
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
		resetJournal();
		this.defaults.accept(this);
		return this;
	}

	@Override
	public String toString() {
		return "ImdsSimulator[" + ((this.port >= 0) ? endpoint() : "not started") + "]";
	}

	private static String leafPath(String path, String base) {
		String absolute = InstanceModel.absolute(path, base);
		if (absolute.endsWith("/")) {
			throw new IllegalArgumentException("Path '%s' must name a leaf, not a directory".formatted(path));
		}
		return absolute;
	}

	/**
	 * Builder for an {@link ImdsSimulator}.
	 *
	 * @since 0.1.0
	 */
	public static final class Builder {

		private int port;

		private int threads = 100;

		private String bindAddress = LOOPBACK;

		private Clock clock = Clock.systemUTC();

		private Consumer<ImdsSimulator> defaults = (simulator) -> {
		};

		private Builder() {
		}

		/**
		 * The port on {@code 127.0.0.1}; 0 (the default) picks a free one.
		 * @param port the port
		 * @return this builder
		 */
		public Builder port(int port) {
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
		public Builder ipv6(boolean ipv6) {
			this.bindAddress = ipv6 ? LOOPBACK_IPV6 : LOOPBACK;
			return this;
		}

		/**
		 * Whether tags are readable from metadata by default (after every
		 * {@link ImdsSimulator#reset()}). Off by default, as on EC2.
		 * @param enabled whether tags are in metadata
		 * @return this builder
		 */
		public Builder tagsInMetadata(boolean enabled) {
			return configure((simulator) -> simulator.tagsInMetadata(enabled));
		}

		/**
		 * The base clock; the simulator's clock adds the offset that
		 * {@link ImdsSimulator#advanceClock(Duration)} moves.
		 * @param clock the base clock
		 * @return this builder
		 */
		public Builder clock(Clock clock) {
			this.clock = clock;
			return this;
		}

		/**
		 * How many server threads handle requests (100 by default).
		 * @param threads the thread count
		 * @return this builder
		 */
		public Builder threads(int threads) {
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
		public Builder acceptImdsV1(boolean allowed) {
			return configure((simulator) -> simulator.acceptImdsV1(allowed));
		}

		/**
		 * Customize the default state, applied on build and after every
		 * {@link ImdsSimulator#reset()}.
		 * @param customizer the customizer
		 * @return this builder
		 */
		public Builder configure(Consumer<ImdsSimulator> customizer) {
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

	}

}
