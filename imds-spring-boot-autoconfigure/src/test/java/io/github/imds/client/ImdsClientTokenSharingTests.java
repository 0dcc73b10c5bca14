package io.github.imds.client;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.github.imds.testsupport.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.status;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.github.imds.client.ImdsTestSupport.INSTANCE_ID;
import static io.github.imds.client.ImdsTestSupport.INSTANCE_ID_PATH;
import static io.github.imds.client.ImdsTestSupport.TOKEN;
import static io.github.imds.client.ImdsTestSupport.TOKEN_HEADER;
import static io.github.imds.client.ImdsTestSupport.TOKEN_PATH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * One token failure is shared by the callers that follow it for a short while, and the IMDSv1 fallback is
 * left again when tokens can be had.
 */
class ImdsClientTokenSharingTests {

	@RegisterExtension
	static WireMockExtension wm = ImdsTestSupport.loopbackWireMock();

	private final MutableClock clock = new MutableClock();

	private final List<ImdsRequestEvent> events = new CopyOnWriteArrayList<>();

	@Test
	void getWhenPutTimesOutSharesTheFailureUntilItExpires() {
		wm.stubFor(put(TOKEN_PATH).willReturn(ok(TOKEN).withFixedDelay(10_000)));
		try (ImdsClient client = ImdsTestSupport.builder(wm).readTimeout(Duration.ofMillis(300)).clock(this.clock)
			.listener(this.events::add).build()) {
			ImdsTokenException first = tokenFailure(client);
			// the metadata load, the credentials and the lifecycle poller: no PUT of their own
			assertThat(tokenFailure(client)).isSameAs(first);
			assertThat(tokenFailure(client)).isSameAs(first);
			assertThat(tokenPuts()).isEqualTo(1);
			assertThat(client.tokenStatus().state()).isEqualTo(TokenStatus.State.FAILED);
			this.clock.advance(TokenManager.FAILURE_TTL);
			assertThat(tokenFailure(client)).isNotSameAs(first);
			assertThat(tokenPuts()).isEqualTo(2);
		}
	}

	@Test
	void getWhenConnectionIsRefusedDoesNotShareTheFailure() {
		// refusals come at once, and IMDS may be back for the next caller
		String endpoint = "http://127.0.0.1:" + ImdsTestSupport.closedPort();
		try (ImdsClient client = ImdsTestSupport.builder(endpoint).maxAttempts(1).clock(this.clock)
			.listener(this.events::add).build()) {
			ImdsConnectionException first = connectionFailure(client);
			assertThat(connectionFailure(client)).isNotSameAs(first);
			assertThat(tokenPuts()).isEqualTo(2);
		}
	}

	@Test
	void getWhenPutTimesOutSharesTheHopLimitFailure() {
		wm.stubFor(put(TOKEN_PATH).willReturn(ok(TOKEN).withFixedDelay(10_000)));
		try (ImdsClient client = ImdsTestSupport.builder(wm).readTimeout(Duration.ofMillis(300)).clock(this.clock)
			.build()) {
			ImdsTokenException first = tokenFailure(client);
			assertThat(first.getOutcome()).isEqualTo(RequestOutcome.READ_TIMEOUT);
			assertThat(tokenFailure(client)).isSameAs(first);
		}
		wm.verify(exactly(1), putRequestedFor(urlEqualTo(TOKEN_PATH)));
		wm.verify(exactly(0), getRequestedFor(urlEqualTo(INSTANCE_ID_PATH)));
	}

	@Test
	void getWhenTokenWorksAgainIsNotHeldBackByAnExpiredFailure() {
		wm.stubFor(put(TOKEN_PATH).inScenario("put").whenScenarioStateIs(Scenario.STARTED)
			.willReturn(status(400)).willSetStateTo("fixed"));
		wm.stubFor(put(TOKEN_PATH).inScenario("put").whenScenarioStateIs("fixed").willReturn(ok(TOKEN)));
		wm.stubFor(get(INSTANCE_ID_PATH).willReturn(ok(INSTANCE_ID)));
		try (ImdsClient client = ImdsTestSupport.builder(wm).clock(this.clock).build()) {
			assertThatExceptionOfType(ImdsTokenException.class).isThrownBy(() -> client.get(INSTANCE_ID_PATH));
			assertThat(client.get(INSTANCE_ID_PATH).orElseThrow().asString()).isEqualTo(INSTANCE_ID);
			assertThat(client.tokenStatus().state()).isEqualTo(TokenStatus.State.VALID);
		}
		wm.verify(exactly(2), putRequestedFor(urlEqualTo(TOKEN_PATH)));
	}

	@Test
	void getWithV1FallbackTriesImdsV2AgainAfterTheIntervalAndKeepsItWhenItWorks() {
		wm.stubFor(put(TOKEN_PATH).inScenario("hop-limit").whenScenarioStateIs(Scenario.STARTED)
			.willReturn(status(403)).willSetStateTo("fixed"));
		wm.stubFor(put(TOKEN_PATH).inScenario("hop-limit").whenScenarioStateIs("fixed").willReturn(ok(TOKEN)));
		wm.stubFor(get(INSTANCE_ID_PATH).willReturn(ok(INSTANCE_ID)));
		try (ImdsClient client = ImdsTestSupport.builder(wm).v1Fallback(true).clock(this.clock).build()) {
			client.get(INSTANCE_ID_PATH);
			client.get(INSTANCE_ID_PATH);
			assertThat(client.tokenStatus().state()).isEqualTo(TokenStatus.State.V1_FALLBACK);
			this.clock.advance(TokenManager.V2_RETRY_INTERVAL.minusSeconds(1));
			client.get(INSTANCE_ID_PATH);
			wm.verify(exactly(1), putRequestedFor(urlEqualTo(TOKEN_PATH)));
			this.clock.advance(Duration.ofSeconds(1));
			client.get(INSTANCE_ID_PATH);
			client.get(INSTANCE_ID_PATH);
			assertThat(client.tokenStatus().state()).isEqualTo(TokenStatus.State.VALID);
		}
		wm.verify(exactly(2), putRequestedFor(urlEqualTo(TOKEN_PATH)));
		wm.verify(exactly(3), getRequestedFor(urlEqualTo(INSTANCE_ID_PATH)).withHeader(TOKEN_HEADER, absent()));
		wm.verify(exactly(2), getRequestedFor(urlEqualTo(INSTANCE_ID_PATH)).withHeader(TOKEN_HEADER, equalTo(TOKEN)));
	}

	@Test
	void getWithV1FallbackWhenTheRetryFailsStaysOnImdsV1ForAnotherInterval() {
		wm.stubFor(put(TOKEN_PATH).willReturn(aResponse().withStatus(500)));
		wm.stubFor(put(TOKEN_PATH).inScenario("put").whenScenarioStateIs(Scenario.STARTED)
			.willReturn(status(405)).willSetStateTo("broken"));
		wm.stubFor(get(INSTANCE_ID_PATH).willReturn(ok(INSTANCE_ID)));
		try (ImdsClient client = ImdsTestSupport.builder(wm).v1Fallback(true).maxAttempts(1).clock(this.clock)
			.build()) {
			client.get(INSTANCE_ID_PATH);
			this.clock.advance(TokenManager.V2_RETRY_INTERVAL);
			assertThat(client.get(INSTANCE_ID_PATH).orElseThrow().asString()).isEqualTo(INSTANCE_ID);
			assertThat(client.tokenStatus().state()).isEqualTo(TokenStatus.State.V1_FALLBACK);
			assertThat(client.tokenStatus().lastError()).contains("IMDSv2 retry failed");
			client.get(INSTANCE_ID_PATH);
		}
		wm.verify(exactly(2), putRequestedFor(urlEqualTo(TOKEN_PATH)));
		wm.verify(exactly(3), getRequestedFor(urlEqualTo(INSTANCE_ID_PATH)).withHeader(TOKEN_HEADER, absent()));
	}

	private long tokenPuts() {
		return this.events.stream().filter((event) -> event.kind() == RequestKind.TOKEN).count();
	}

	private static ImdsConnectionException connectionFailure(ImdsClient client) {
		try {
			client.get(INSTANCE_ID_PATH);
		}
		catch (ImdsConnectionException ex) {
			return ex;
		}
		throw new AssertionError("expected an ImdsConnectionException");
	}

	private static ImdsTokenException tokenFailure(ImdsClient client) {
		try {
			client.get(INSTANCE_ID_PATH);
		}
		catch (ImdsTokenException ex) {
			return ex;
		}
		throw new AssertionError("expected an ImdsTokenException");
	}

}
