package io.github.imds.test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.jspecify.annotations.Nullable;

import io.github.imds.test.Faults.PathFault;

/**
 * Answers every request from the simulator's state: WireMock only supplies the HTTP
 * server, one catch-all stub routes everything here.
 */
final class ImdsResponder implements ResponseDefinitionTransformerV2 {

	static final String TOKEN_TTL_HEADER = "X-aws-ec2-metadata-token-ttl-seconds";

	static final String TOKEN_HEADER = "X-aws-ec2-metadata-token";

	static final int MAX_TTL_SECONDS = 21600;

	private static final Duration DROPPED_RESPONSE_DELAY = Duration.ofSeconds(30);

	private final InstanceModel model;

	private final Faults faults;

	private final Tokens tokens;

	private final Journal journal;

	private final SimulatorClock clock;

	private final ImdsPathResolver paths;

	private volatile CountDownLatch stopped = new CountDownLatch(1);

	private volatile boolean imdsV1Allowed;

	private volatile boolean tokensDisabled;

	private volatile boolean imdsDisabled;

	private volatile boolean journaling = true;

	ImdsResponder(InstanceModel model, Faults faults, Tokens tokens, Journal journal, SimulatorClock clock) {
		this.model = model;
		this.faults = faults;
		this.tokens = tokens;
		this.journal = journal;
		this.clock = clock;
		this.paths = new ImdsPathResolver(model);
	}

	@Override
	public String getName() {
		return "imds-simulator";
	}

	@Override
	public boolean applyGlobally() {
		return true;
	}

	void imdsV1Allowed(boolean allowed) {
		this.imdsV1Allowed = allowed;
	}

	void tokensDisabled(boolean disabled) {
		this.tokensDisabled = disabled;
	}

	void imdsDisabled(boolean disabled) {
		this.imdsDisabled = disabled;
	}

	void journaling(boolean journaling) {
		this.journaling = journaling;
	}

	void resetAccess() {
		this.imdsV1Allowed = false;
		this.tokensDisabled = false;
		this.imdsDisabled = false;
	}

	/**
	 * Release requests held by {@link Faults#dropTokenResponses()} so that stopping the
	 * server does not wait for them.
	 */
	void releaseHeldRequests() {
		this.stopped.countDown();
	}

	/**
	 * Hold dropped token responses again, after a restart.
	 */
	void holdRequests() {
		this.stopped = new CountDownLatch(1);
	}

	@Override
	public ResponseDefinition transform(ServeEvent serveEvent) {
		LoggedRequest request = serveEvent.getRequest();
		String method = request.getMethod().getName();
		String path = ImdsPathResolver.requestPath(request.getUrl());
		Instant at = this.clock.instant();
		boolean hadToken = request.containsHeader(TOKEN_HEADER);
		boolean hadForwardedFor = request.containsHeader("X-Forwarded-For");
		if (!this.journaling) {
			// the server's own warm-up: no fault, no journal; reads the documents once
			this.paths.resolve(InstanceModel.META + "iam/info");
			this.paths.resolve(InstanceModel.META);
			ImdsPathResolver.Resolved document = this.paths.resolve(InstanceModel.DYNAMIC + "instance-identity/document");
			return (document != null) ? ok(document.body(), "text/plain").build()
					: Ec2Framing.error(404).build();
		}
		ResponseDefinitionBuilder response = route(request, method, path);
		if (response == null) {
			journal(new ImdsRequest(method, path, at, 0, hadToken, hadForwardedFor));
			// Like a PUT response lost to the hop limit: nothing comes back in time. Held
			// here, not with a WireMock delay, so that stopping can release it at once.
			awaitStop(DROPPED_RESPONSE_DELAY);
			return ResponseDefinitionBuilder.responseDefinition().withFault(Fault.CONNECTION_RESET_BY_PEER).build();
		}
		long latency = this.faults.latency().toMillis();
		if (latency > 0) {
			response.withFixedDelay((int) Math.min(latency, Integer.MAX_VALUE));
		}
		ResponseDefinition definition = response.build();
		int status = (definition.getFault() != null) ? 0 : definition.getStatus();
		journal(new ImdsRequest(method, path, at, status, hadToken, hadForwardedFor));
		return definition;
	}

	private void journal(ImdsRequest request) {
		if (this.journaling) {
			this.journal.add(request);
		}
	}

	private @Nullable ResponseDefinitionBuilder route(LoggedRequest request, String method, String path) {
		if (this.imdsDisabled) {
			return Ec2Framing.error(403);
		}
		if (this.faults.takeConnectionReset()) {
			return ResponseDefinitionBuilder.responseDefinition().withFault(Fault.CONNECTION_RESET_BY_PEER);
		}
		int failure = this.faults.takeFailure(path);
		if (failure != 0) {
			return Ec2Framing.error(failure);
		}
		if (this.faults.throttled()) {
			return Ec2Framing.error(429);
		}
		if (ImdsPathResolver.isTokenPath(path)) {
			return token(request, method, path);
		}
		if (!"GET".equals(method) && !"HEAD".equals(method)) {
			return Ec2Framing.error(405).withHeader("Allow", "GET, HEAD");
		}
		String token = request.getHeader(TOKEN_HEADER);
		if (token != null || !(this.imdsV1Allowed || this.tokensDisabled)) {
			if (!this.tokens.isValid(token)) {
				return Ec2Framing.error(401);
			}
		}
		PathFault fault = this.faults.pathFault(path);
		ImdsPathResolver.Resolved resolved = this.paths.resolve(path);
		byte[] body = (resolved != null) ? resolved.body() : null;
		if (fault != null) {
			return PathFaultResponses.of(fault, body, this.model.launchTime());
		}
		if (resolved == null) {
			return Ec2Framing.error(404);
		}
		return ok(resolved.body(), resolved.binary() ? "application/octet-stream" : "text/plain");
	}

	private @Nullable ResponseDefinitionBuilder token(LoggedRequest request, String method, String path) {
		if (!"PUT".equals(method)) {
			return Ec2Framing.error(405).withHeader("Allow", "PUT");
		}
		if (request.containsHeader("X-Forwarded-For") || this.tokensDisabled) {
			return Ec2Framing.error(403);
		}
		int ttl = ttl(request.getHeader(TOKEN_TTL_HEADER));
		if (ttl < 1 || ttl > MAX_TTL_SECONDS) {
			return Ec2Framing.error(400);
		}
		if (this.faults.dropTokenResponses()) {
			return null;
		}
		PathFault fault = this.faults.pathFault(path);
		String token = this.tokens.issue(ttl);
		if (fault != null) {
			return PathFaultResponses.of(fault, token.getBytes(StandardCharsets.US_ASCII),
					this.model.launchTime());
		}
		return ok(token.getBytes(StandardCharsets.US_ASCII), "text/plain").withHeader(TOKEN_TTL_HEADER,
				Integer.toString(ttl));
	}

	private ResponseDefinitionBuilder ok(byte[] body, String contentType) {
		return Ec2Framing.ok(body, contentType, this.model.launchTime());
	}

	private void awaitStop(Duration timeout) {
		try {
			this.stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static int ttl(@Nullable String header) {
		if (header == null) {
			return -1;
		}
		try {
			return Integer.parseInt(header.trim());
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

}
