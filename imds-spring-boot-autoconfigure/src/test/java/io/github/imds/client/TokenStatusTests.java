package io.github.imds.client;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.imds.testsupport.MutableClock;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.status;
import static com.github.tomakehurst.wiremock.client.WireMock.unauthorized;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.github.imds.client.ImdsTestSupport.INSTANCE_ID;
import static io.github.imds.client.ImdsTestSupport.INSTANCE_ID_PATH;
import static io.github.imds.client.ImdsTestSupport.TOKEN;
import static io.github.imds.client.ImdsTestSupport.TOKEN_PATH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Token state transitions, and the token value never showing up in anything printable.
 */
class TokenStatusTests {

	@RegisterExtension
	static WireMockExtension wm = ImdsTestSupport.loopbackWireMock();

	@Test
	void tokenStatusGoesFromNoneToValidToExpiredToFailed() {
		wm.stubFor(put(TOKEN_PATH).inScenario("token")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(ok(TOKEN))
			.willSetStateTo("refusing"));
		wm.stubFor(put(TOKEN_PATH).inScenario("token").whenScenarioStateIs("refusing").willReturn(status(400)));
		wm.stubFor(get(INSTANCE_ID_PATH).willReturn(ok(INSTANCE_ID)));
		MutableClock clock = new MutableClock();
		Instant start = clock.instant();
		try (ImdsClient client = ImdsTestSupport.builder(wm).clock(clock).tokenTtl(Duration.ofMinutes(10)).build()) {
			assertThat(client.tokenStatus()).isEqualTo(new TokenStatus(TokenStatus.State.NONE, null, null, null));
			assertThat(client.tokenStatus().protocol()).isEqualTo("IMDSv2");

			client.get(INSTANCE_ID_PATH);
			TokenStatus valid = client.tokenStatus();
			assertThat(valid.state()).isEqualTo(TokenStatus.State.VALID);
			assertThat(valid.issuedAt()).isEqualTo(start);
			assertThat(valid.expiresAt()).isEqualTo(start.plus(Duration.ofMinutes(10)));
			assertThat(valid.lastError()).isNull();

			clock.advance(Duration.ofMinutes(10));
			TokenStatus expired = client.tokenStatus();
			assertThat(expired.state()).isEqualTo(TokenStatus.State.EXPIRED);
			assertThat(expired.expiresAt()).isEqualTo(valid.expiresAt());

			assertThatExceptionOfType(ImdsTokenException.class).isThrownBy(() -> client.get(INSTANCE_ID_PATH));
			TokenStatus failed = client.tokenStatus();
			assertThat(failed.state()).isEqualTo(TokenStatus.State.FAILED);
			assertThat(failed.lastError()).contains("400").contains(TOKEN_PATH);
			assertThat(failed.issuedAt()).isEqualTo(start);
			assertThat(failed.toString()).doesNotContain(TOKEN);
		}
	}

	@Test
	void tokenStatusAfter401HoldsTheReplacementToken() {
		wm.stubFor(put(TOKEN_PATH).willReturn(ok(TOKEN)));
		wm.stubFor(get(INSTANCE_ID_PATH).willReturn(unauthorized()));
		wm.stubFor(get("/latest/meta-data/ok").willReturn(ok("fake")));
		MutableClock clock = new MutableClock();
		try (ImdsClient client = ImdsTestSupport.builder(wm).clock(clock).build()) {
			client.get("/latest/meta-data/ok");
			clock.advance(Duration.ofMinutes(5));
			assertThatExceptionOfType(ImdsHttpException.class).isThrownBy(() -> client.get(INSTANCE_ID_PATH));
			// the rejected token was dropped and a new one fetched (the repeat was rejected too)
			TokenStatus state = client.tokenStatus();
			assertThat(state.state()).isEqualTo(TokenStatus.State.VALID);
			assertThat(state.issuedAt()).isEqualTo(clock.instant());
		}
		wm.verify(exactly(2), putRequestedFor(urlEqualTo(TOKEN_PATH)));
	}

	@Test
	void nothingPrintableContainsTokenValue() {
		wm.stubFor(put(TOKEN_PATH).willReturn(ok(TOKEN).withHeader("X-aws-ec2-metadata-token-ttl-seconds", "21600")));
		wm.stubFor(get(INSTANCE_ID_PATH).willReturn(ok(INSTANCE_ID)));
		wm.stubFor(get("/latest/meta-data/unauthorized").willReturn(unauthorized()));
		wm.stubFor(get("/latest/meta-data/broken").willReturn(status(503)));
		wm.stubFor(get("/latest/meta-data/forbidden").willReturn(status(403)));
		List<ImdsRequestEvent> events = new CopyOnWriteArrayList<>();
		List<String> printed = new ArrayList<>();
		try (ImdsClient client = ImdsTestSupport.builder(wm).maxAttempts(2).listener(events::add).build()) {
			ImdsResponse response = client.get(INSTANCE_ID_PATH).orElseThrow();
			printed.add(response.toString());
			printed.add(client.tokenStatus().toString());
			for (String path : List.of("/latest/meta-data/unauthorized", "/latest/meta-data/broken",
					"/latest/meta-data/forbidden")) {
				try {
					client.get(path);
				}
				catch (ImdsException ex) {
					printed.add(ex.toString());
					printed.add(String.valueOf(ex.getHint()));
				}
			}
			printed.add(client.tokenStatus().toString());
			printed.add(client.toString());
			printed.add(client.availability().toString());
			printed.add(client.endpoint().toString());
			printed.add(client.settings().toString());
		}
		events.forEach((event) -> printed.add(event.toString()));
		assertThat(printed).hasSizeGreaterThan(10).allSatisfy((text) -> assertThat(text).doesNotContain(TOKEN));
	}

	@Test
	void tokenToStringRedactsValue() {
		Instant now = Instant.parse("2026-01-01T00:00:00Z");
		Token token = new Token(TOKEN, now, now.plusSeconds(60), now.plusSeconds(54));
		assertThat(token.toString()).doesNotContain(TOKEN).contains("redacted");
	}

	@Test
	void tokenFailureWithV1FallbackRefusedDoesNotContainTokenInState() {
		wm.stubFor(put(TOKEN_PATH).willReturn(status(404)));
		wm.stubFor(get(INSTANCE_ID_PATH).willReturn(ok(INSTANCE_ID)));
		try (ImdsClient client = ImdsTestSupport.builder(wm).v1Fallback(true).build()) {
			client.get(INSTANCE_ID_PATH);
			assertThat(client.tokenStatus().toString()).contains("V1_FALLBACK");
		}
	}

}
