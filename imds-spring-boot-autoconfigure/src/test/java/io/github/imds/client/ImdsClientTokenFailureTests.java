package io.github.imds.client;

import java.time.Duration;
import java.util.Map;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * What each answer to the token PUT leads to: failure, retry, or the sticky IMDSv1 fallback.
 */
class ImdsClientTokenFailureTests {

	@RegisterExtension
	static WireMockExtension wm = ImdsTestSupport.loopbackWireMock();

	private void stubInstanceId() {
		wm.stubFor(get(INSTANCE_ID_PATH).willReturn(ok(INSTANCE_ID)));
	}

	@Test
	void getWhenPutAnswers400FailsWithoutRetryAndWithoutGet() {
		wm.stubFor(put(TOKEN_PATH).willReturn(status(400)));
		stubInstanceId();
		try (ImdsClient client = ImdsTestSupport.builder(wm).v1Fallback(true).build()) {
			assertThatExceptionOfType(ImdsTokenException.class).isThrownBy(() -> client.get(INSTANCE_ID_PATH))
				.satisfies((ex) -> {
					assertThat(ex.getStatus()).isEqualTo(400);
					assertThat(ex.getPath()).isEqualTo(TOKEN_PATH);
					assertThat(ex.getOutcome()).isEqualTo(RequestOutcome.CLIENT_ERROR);
					assertThat(ex.getHint()).contains("tokenTtl(Duration)").doesNotContain("imds.");
					assertThat(ex.getMessage()).contains(TOKEN_PATH).contains(ImdsTestSupport.endpoint(wm));
				});
			assertThat(client.tokenStatus().state()).isEqualTo(TokenStatus.State.FAILED);
		}
		wm.verify(exactly(1), putRequestedFor(urlEqualTo(TOKEN_PATH)));
		wm.verify(exactly(0), getRequestedFor(urlEqualTo(INSTANCE_ID_PATH)));
	}

	@Test
	void getWhenPutAnswers403FailsWithHttpEndpointHint() {
		wm.stubFor(put(TOKEN_PATH).willReturn(status(403)));
		stubInstanceId();
		try (ImdsClient client = ImdsTestSupport.builder(wm).build()) {
			assertThatExceptionOfType(ImdsTokenException.class).isThrownBy(() -> client.get(INSTANCE_ID_PATH))
				.satisfies((ex) -> {
					assertThat(ex.getStatus()).isEqualTo(403);
					assertThat(ex.getOutcome()).isEqualTo(RequestOutcome.FORBIDDEN);
					assertThat(ex.getHint()).contains("HttpEndpoint").doesNotContainIgnoringCase("hop");
				});
		}
		wm.verify(exactly(1), putRequestedFor(urlEqualTo(TOKEN_PATH)));
		wm.verify(exactly(0), getRequestedFor(urlEqualTo(INSTANCE_ID_PATH)));
	}

	@ParameterizedTest
	@ValueSource(ints = { 404, 405 })
	void getWhenPutIsNotSupportedWithoutFallbackFails(int putStatus) {
		wm.stubFor(put(TOKEN_PATH).willReturn(status(putStatus)));
		stubInstanceId();
		try (ImdsClient client = ImdsTestSupport.builder(wm).build()) {
			assertThatExceptionOfType(ImdsTokenException.class).isThrownBy(() -> client.get(INSTANCE_ID_PATH))
				.satisfies((ex) -> {
					assertThat(ex.getStatus()).isEqualTo(putStatus);
					assertThat(ex.getHint()).contains("v1Fallback(true)").doesNotContain("imds.");
				});
		}
		wm.verify(exactly(1), putRequestedFor(urlEqualTo(TOKEN_PATH)));
		wm.verify(exactly(0), getRequestedFor(urlEqualTo(INSTANCE_ID_PATH)));
	}

	@ParameterizedTest
	@ValueSource(ints = { 403, 404, 405 })
	void getWhenPutIsRefusedWithFallbackUsesStickyImdsV1(int putStatus) {
		wm.stubFor(put(TOKEN_PATH).willReturn(status(putStatus)));
		stubInstanceId();
		try (ImdsClient client = ImdsTestSupport.builder(wm).v1Fallback(true).build()) {
			assertThat(client.settings().v1Fallback()).isTrue();
			assertThat(client.get(INSTANCE_ID_PATH).orElseThrow().asString()).isEqualTo(INSTANCE_ID);
			assertThat(client.get(INSTANCE_ID_PATH).orElseThrow().asString()).isEqualTo(INSTANCE_ID);
			TokenStatus state = client.tokenStatus();
			assertThat(state.state()).isEqualTo(TokenStatus.State.V1_FALLBACK);
			assertThat(state.protocol()).isEqualTo("IMDSv1");
			assertThat(state.lastError()).contains(String.valueOf(putStatus)).contains("v1Fallback");
		}
		wm.verify(exactly(1), putRequestedFor(urlEqualTo(TOKEN_PATH)));
		wm.verify(exactly(2), getRequestedFor(urlEqualTo(INSTANCE_ID_PATH)).withoutHeader(TOKEN_HEADER));
	}

	@Test
	void getWhenV1DisabledByAwsEnvironmentIgnoresFallbackSetting() {
		wm.stubFor(put(TOKEN_PATH).willReturn(status(404)));
		stubInstanceId();
		AwsSdkSettings sdk = AwsSdkSettings.of(Map.of(), Map.of("AWS_EC2_METADATA_V1_DISABLED", "true"));
		try (ImdsClient client = ImdsTestSupport.builder(wm).sdkSettings(sdk).v1Fallback(true).build()) {
			assertThat(client.settings().v1Fallback()).isFalse();
			assertThatExceptionOfType(ImdsTokenException.class).isThrownBy(() -> client.get(INSTANCE_ID_PATH))
				.satisfies((ex) -> assertThat(ex.getStatus()).isEqualTo(404));
		}
		wm.verify(exactly(0), getRequestedFor(urlEqualTo(INSTANCE_ID_PATH)));
	}

	@Test
	void buildWhenV1DisabledBySystemPropertyIgnoresFallbackSetting() {
		AwsSdkSettings sdk = AwsSdkSettings.of(Map.of("aws.disableEc2MetadataV1", "TRUE"), Map.of());
		try (ImdsClient client = ImdsTestSupport.builder(wm).sdkSettings(sdk).v1Fallback(true).build()) {
			assertThat(client.settings().v1Fallback()).isFalse();
		}
	}

	@ParameterizedTest
	@ValueSource(ints = { 429, 500, 503 })
	void getWhenPutFailsOnceRetryablyRetriesAndSucceeds(int putStatus) {
		wm.stubFor(put(TOKEN_PATH).inScenario("put")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(status(putStatus))
			.willSetStateTo("recovered"));
		wm.stubFor(put(TOKEN_PATH).inScenario("put").whenScenarioStateIs("recovered").willReturn(ok(TOKEN)));
		stubInstanceId();
		try (ImdsClient client = ImdsTestSupport.builder(wm).build()) {
			assertThat(client.get(INSTANCE_ID_PATH).orElseThrow().asString()).isEqualTo(INSTANCE_ID);
		}
		wm.verify(exactly(2), putRequestedFor(urlEqualTo(TOKEN_PATH)));
		wm.verify(exactly(1), getRequestedFor(urlEqualTo(INSTANCE_ID_PATH)).withHeader(TOKEN_HEADER, equalTo(TOKEN)));
	}

	@Test
	void getWhenPutFailsEverytimeRetriesAndFails() {
		wm.stubFor(put(TOKEN_PATH).willReturn(status(503)));
		stubInstanceId();
		try (ImdsClient client = ImdsTestSupport.builder(wm).maxAttempts(4).v1Fallback(true).build()) {
			assertThatExceptionOfType(ImdsTokenException.class).isThrownBy(() -> client.get(INSTANCE_ID_PATH))
				.satisfies((ex) -> {
					assertThat(ex.getStatus()).isEqualTo(503);
					assertThat(ex.getOutcome()).isEqualTo(RequestOutcome.SERVER_ERROR);
					assertThat(ex.getMessage()).contains("4 attempts");
				});
		}
		wm.verify(exactly(4), putRequestedFor(urlEqualTo(TOKEN_PATH)));
		wm.verify(exactly(0), getRequestedFor(urlEqualTo(INSTANCE_ID_PATH)));
	}

	@Test
	void getWhenPutAnswersEmptyTokenFails() {
		wm.stubFor(put(TOKEN_PATH).willReturn(ok("  \n")));
		stubInstanceId();
		try (ImdsClient client = ImdsTestSupport.builder(wm).build()) {
			assertThatExceptionOfType(ImdsTokenException.class).isThrownBy(() -> client.get(INSTANCE_ID_PATH))
				.satisfies((ex) -> {
					assertThat(ex.getOutcome()).isEqualTo(RequestOutcome.INVALID_RESPONSE);
					assertThat(ex.getMessage()).contains("empty token");
				});
			assertThat(client.tokenStatus().state()).isEqualTo(TokenStatus.State.FAILED);
		}
		wm.verify(exactly(0), getRequestedFor(urlEqualTo(INSTANCE_ID_PATH)));
	}

	@Test
	void getWhenPutAnswersATokenWithALineBreakFailsWithoutShowingIt() {
		wm.stubFor(put(TOKEN_PATH).willReturn(ok("fake-secret\nfake-token-part")));
		stubInstanceId();
		try (ImdsClient client = ImdsTestSupport.builder(wm).build()) {
			assertThatExceptionOfType(ImdsTokenException.class).isThrownBy(() -> client.get(INSTANCE_ID_PATH))
				.satisfies((ex) -> {
					assertThat(ex.getOutcome()).isEqualTo(RequestOutcome.INVALID_RESPONSE);
					assertThat(ex.getMessage()).contains("characters a header cannot carry").doesNotContain("fake-");
				});
		}
		wm.verify(exactly(0), getRequestedFor(urlEqualTo(INSTANCE_ID_PATH)));
	}

	@Test
	void getWhenPutHangsFailsWithHopLimitHintWithoutRetry() {
		wm.stubFor(put(TOKEN_PATH).willReturn(ok(TOKEN).withFixedDelay(5000)));
		stubInstanceId();
		try (ImdsClient client = ImdsTestSupport.builder(wm).readTimeout(Duration.ofMillis(300)).build()) {
			ImdsTokenException failure = assertTimeoutPreemptively(Duration.ofSeconds(20),
					() -> catchTokenException(client));
			assertThat(failure.getOutcome()).isEqualTo(RequestOutcome.READ_TIMEOUT);
			assertThat(failure.getStatus()).isZero();
			assertThat(failure.getHint()).containsIgnoringCase("hop").contains("v1Fallback(true)");
			assertThat(client.tokenStatus().state()).isEqualTo(TokenStatus.State.FAILED);
		}
		wm.verify(exactly(1), putRequestedFor(urlEqualTo(TOKEN_PATH)));
		wm.verify(exactly(0), getRequestedFor(urlEqualTo(INSTANCE_ID_PATH)));
	}

	@Test
	void getWhenPutHangsWithFallbackGetsWithoutToken() {
		wm.stubFor(put(TOKEN_PATH).willReturn(ok(TOKEN).withFixedDelay(5000)));
		stubInstanceId();
		try (ImdsClient client = ImdsTestSupport.builder(wm).readTimeout(Duration.ofMillis(300)).v1Fallback(true).build()) {
			String body = assertTimeoutPreemptively(Duration.ofSeconds(20),
					() -> client.get(INSTANCE_ID_PATH).orElseThrow().asString());
			assertThat(body).isEqualTo(INSTANCE_ID);
			assertThat(client.tokenStatus().state()).isEqualTo(TokenStatus.State.V1_FALLBACK);
			assertThat(client.tokenStatus().lastError()).contains("timed out");
		}
		wm.verify(exactly(1), putRequestedFor(urlEqualTo(TOKEN_PATH)));
		wm.verify(exactly(1), getRequestedFor(urlEqualTo(INSTANCE_ID_PATH)).withoutHeader(TOKEN_HEADER));
	}

	@Test
	void getWhenV1FallbackGets401TriesTokensAgain() {
		wm.stubFor(put(TOKEN_PATH).inScenario("tokens")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(status(404))
			.willSetStateTo("tokens-on"));
		wm.stubFor(put(TOKEN_PATH).inScenario("tokens").whenScenarioStateIs("tokens-on").willReturn(ok(TOKEN)));
		wm.stubFor(get(INSTANCE_ID_PATH).withHeader(TOKEN_HEADER, equalTo(TOKEN)).willReturn(ok(INSTANCE_ID)));
		wm.stubFor(get(INSTANCE_ID_PATH).withHeader(TOKEN_HEADER, absent())
			.willReturn(status(401)));
		try (ImdsClient client = ImdsTestSupport.builder(wm).v1Fallback(true).build()) {
			assertThat(client.get(INSTANCE_ID_PATH).orElseThrow().asString()).isEqualTo(INSTANCE_ID);
			assertThat(client.tokenStatus().state()).isEqualTo(TokenStatus.State.VALID);
			assertThat(client.tokenStatus().protocol()).isEqualTo("IMDSv2");
		}
		wm.verify(exactly(2), putRequestedFor(urlEqualTo(TOKEN_PATH)));
		wm.verify(exactly(1), getRequestedFor(urlEqualTo(INSTANCE_ID_PATH)).withoutHeader(TOKEN_HEADER));
		wm.verify(exactly(1), getRequestedFor(urlEqualTo(INSTANCE_ID_PATH)).withHeader(TOKEN_HEADER, equalTo(TOKEN)));
	}

	private static ImdsTokenException catchTokenException(ImdsClient client) {
		try {
			client.get(INSTANCE_ID_PATH);
		}
		catch (ImdsTokenException ex) {
			return ex;
		}
		throw new AssertionError("expected an ImdsTokenException");
	}

}
