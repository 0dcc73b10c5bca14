package io.github.imds.client;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.notFound;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.serverError;
import static com.github.tomakehurst.wiremock.client.WireMock.status;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.github.imds.client.ImdsTestSupport.INSTANCE_ID;
import static io.github.imds.client.ImdsTestSupport.INSTANCE_ID_PATH;
import static io.github.imds.client.ImdsTestSupport.TOKEN;
import static io.github.imds.client.ImdsTestSupport.TOKEN_PATH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The retry rule for data requests: 5xx and 429 are retried, 404 is "absent", other statuses fail at once.
 */
class ImdsClientRetryTests {

	@RegisterExtension
	static WireMockExtension wm = ImdsTestSupport.loopbackWireMock();

	private final List<ImdsRequestEvent> events = new CopyOnWriteArrayList<>();

	@BeforeEach
	void stubToken() {
		wm.stubFor(put(TOKEN_PATH).willReturn(ok(TOKEN)));
	}

	private ImdsClient client() {
		return ImdsTestSupport.builder(wm).listener(this.events::add).build();
	}

	@Test
	void getWhenGetFailsTwiceWith500RetriesAndSucceeds() {
		wm.stubFor(get(INSTANCE_ID_PATH).inScenario("get")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(serverError())
			.willSetStateTo("failed-once"));
		wm.stubFor(get(INSTANCE_ID_PATH).inScenario("get")
			.whenScenarioStateIs("failed-once")
			.willReturn(serverError())
			.willSetStateTo("failed-twice"));
		wm.stubFor(get(INSTANCE_ID_PATH).inScenario("get").whenScenarioStateIs("failed-twice").willReturn(ok(INSTANCE_ID)));
		try (ImdsClient client = client()) {
			assertThat(client.get(INSTANCE_ID_PATH).orElseThrow().asString()).isEqualTo(INSTANCE_ID);
		}
		wm.verify(exactly(1), putRequestedFor(urlEqualTo(TOKEN_PATH)));
		wm.verify(exactly(3), getRequestedFor(urlEqualTo(INSTANCE_ID_PATH)));
		assertThat(this.events).filteredOn((event) -> event.kind() == RequestKind.METADATA)
			.extracting(ImdsRequestEvent::attempt, ImdsRequestEvent::status, ImdsRequestEvent::outcome)
			.containsExactly(tuple(1, 500, RequestOutcome.SERVER_ERROR),
					tuple(2, 500, RequestOutcome.SERVER_ERROR),
					tuple(3, 200, RequestOutcome.SUCCESS));
	}

	@Test
	void getWhenThrottledOnceRetriesAndSucceeds() {
		wm.stubFor(get(INSTANCE_ID_PATH).inScenario("get")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(status(429))
			.willSetStateTo("throttled-once"));
		wm.stubFor(get(INSTANCE_ID_PATH).inScenario("get").whenScenarioStateIs("throttled-once").willReturn(ok(INSTANCE_ID)));
		try (ImdsClient client = client()) {
			assertThat(client.get(INSTANCE_ID_PATH)).isPresent();
		}
		wm.verify(exactly(2), getRequestedFor(urlEqualTo(INSTANCE_ID_PATH)));
	}

	@Test
	void getFailsEverytimeRetriesAndFails() {
		wm.stubFor(get(INSTANCE_ID_PATH).willReturn(status(503)));
		try (ImdsClient client = ImdsTestSupport.builder(wm).maxAttempts(3).build()) {
			assertThatExceptionOfType(ImdsHttpException.class).isThrownBy(() -> client.get(INSTANCE_ID_PATH))
				.satisfies((ex) -> {
					assertThat(ex.getStatus()).isEqualTo(503);
					assertThat(ex.getOutcome()).isEqualTo(RequestOutcome.SERVER_ERROR);
					assertThat(ex.getPath()).isEqualTo(INSTANCE_ID_PATH);
					assertThat(ex.getMessage()).contains(INSTANCE_ID_PATH)
						.contains(ImdsTestSupport.endpoint(wm))
						.contains("3 attempts");
					assertThat(ex.getHint()).isNotBlank();
				});
		}
		wm.verify(exactly(1), putRequestedFor(urlEqualTo(TOKEN_PATH)));
		wm.verify(exactly(3), getRequestedFor(urlEqualTo(INSTANCE_ID_PATH)));
	}

	@Test
	void getWhenThrottledEverytimeFailsWithThrottlingHint() {
		wm.stubFor(get(INSTANCE_ID_PATH).willReturn(status(429)));
		try (ImdsClient client = ImdsTestSupport.builder(wm).maxAttempts(2).build()) {
			assertThatExceptionOfType(ImdsHttpException.class).isThrownBy(() -> client.get(INSTANCE_ID_PATH))
				.satisfies((ex) -> {
					assertThat(ex.getOutcome()).isEqualTo(RequestOutcome.THROTTLED);
					assertThat(ex.getHint()).contains("throttling");
				});
		}
		wm.verify(exactly(2), getRequestedFor(urlEqualTo(INSTANCE_ID_PATH)));
	}

	@Test
	void getWithMaxAttemptsOneDoesNotRetry() {
		wm.stubFor(get(INSTANCE_ID_PATH).willReturn(serverError()));
		try (ImdsClient client = ImdsTestSupport.builder(wm).maxAttempts(1).build()) {
			assertThatExceptionOfType(ImdsHttpException.class).isThrownBy(() -> client.get(INSTANCE_ID_PATH));
		}
		wm.verify(exactly(1), getRequestedFor(urlEqualTo(INSTANCE_ID_PATH)));
	}

	@Test
	void getWhenNotFoundReturnsEmptyWithoutRetry() {
		wm.stubFor(get("/latest/meta-data/public-ipv4").willReturn(notFound()));
		try (ImdsClient client = client()) {
			assertThat(client.get("/latest/meta-data/public-ipv4")).isEmpty();
		}
		wm.verify(exactly(1), getRequestedFor(urlEqualTo("/latest/meta-data/public-ipv4")));
		assertThat(this.events).last()
			.satisfies((event) -> assertThat(event.outcome()).isEqualTo(RequestOutcome.NOT_FOUND))
			.satisfies((event) -> assertThat(event.error()).isNull());
	}

	@ParameterizedTest
	@ValueSource(ints = { 400, 403, 405, 418 })
	void getWhenClientErrorFailsAtOnce(int getStatus) {
		wm.stubFor(get(INSTANCE_ID_PATH).willReturn(status(getStatus)));
		try (ImdsClient client = client()) {
			assertThatExceptionOfType(ImdsHttpException.class).isThrownBy(() -> client.get(INSTANCE_ID_PATH))
				.satisfies((ex) -> {
					assertThat(ex.getStatus()).isEqualTo(getStatus);
					assertThat(ex.getMessage()).contains(INSTANCE_ID_PATH).contains(String.valueOf(getStatus))
						.doesNotContain("attempts");
					assertThat(ex.getHint()).isNotBlank();
				});
		}
		wm.verify(exactly(1), getRequestedFor(urlEqualTo(INSTANCE_ID_PATH)));
	}

	@Test
	void getWhenForbiddenHintsAtDisabledMetadataService() {
		wm.stubFor(get(INSTANCE_ID_PATH).willReturn(status(403)));
		try (ImdsClient client = client()) {
			assertThatExceptionOfType(ImdsHttpException.class).isThrownBy(() -> client.get(INSTANCE_ID_PATH))
				.satisfies((ex) -> assertThat(ex.getOutcome()).isEqualTo(RequestOutcome.FORBIDDEN))
				.satisfies((ex) -> assertThat(ex.getHint()).contains("disabled"));
		}
	}

	@Test
	void getWhenRedirectedDoesNotFollow() {
		wm.stubFor(get(INSTANCE_ID_PATH)
			.willReturn(status(302).withHeader("Location", ImdsTestSupport.endpoint(wm) + "/elsewhere")));
		wm.stubFor(get("/elsewhere").willReturn(ok("followed")));
		try (ImdsClient client = client()) {
			assertThatExceptionOfType(ImdsHttpException.class).isThrownBy(() -> client.get(INSTANCE_ID_PATH))
				.satisfies((ex) -> {
					assertThat(ex.getStatus()).isEqualTo(302);
					assertThat(ex.getHint()).contains("redirect");
				});
		}
		wm.verify(exactly(1), getRequestedFor(urlEqualTo(INSTANCE_ID_PATH)));
		wm.verify(exactly(0), getRequestedFor(urlEqualTo("/elsewhere")));
	}

	@Test
	void getWithInvalidPathRejectsWithoutRequest() {
		try (ImdsClient client = client()) {
			for (String path : List.of("latest/meta-data", "/meta-data/instance-id", "/latest/../secret",
					"/latest/meta-data?x=1", "/latest/meta-data#f", "/latest//meta-data")) {
				assertThatExceptionOfType(IllegalArgumentException.class).as(path)
					.isThrownBy(() -> client.get(path))
					.withMessageContaining("Invalid IMDS path");
			}
		}
		assertThat(wm.getAllServeEvents()).isEmpty();
		assertThat(this.events).isEmpty();
	}

	@Test
	void getWithDotsInsideASegmentRequestsIt() {
		wm.stubFor(get("/latest/meta-data/tags/instance/v1..2").willReturn(ok("fake-value")));
		try (ImdsClient client = client()) {
			assertThat(client.get("/latest/meta-data/tags/instance/v1..2")).isPresent();
		}
	}

	@Test
	void getAfterCloseFails() {
		ImdsClient client = client();
		client.close();
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> client.get(INSTANCE_ID_PATH));
		assertThat(wm.getAllServeEvents()).isEmpty();
	}

	@Test
	void getWhenAnswered300FailsAtOnce() {
		wm.stubFor(get(INSTANCE_ID_PATH).willReturn(status(300).withBody("fake-choice")));
		try (ImdsClient client = client()) {
			assertThatExceptionOfType(ImdsHttpException.class).isThrownBy(() -> client.get(INSTANCE_ID_PATH))
				.withMessageContaining("answered HTTP 300")
				.satisfies((ex) -> assertThat(ex.getStatus()).isEqualTo(300));
		}
		wm.verify(exactly(1), getRequestedFor(urlEqualTo(INSTANCE_ID_PATH)));
	}

	@Test
	void getWhenUnauthorizedOnceKeepsEveryRetryForLaterFailures() {
		wm.stubFor(get(INSTANCE_ID_PATH).inScenario("get")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(status(401))
			.willSetStateTo("renewed"));
		wm.stubFor(get(INSTANCE_ID_PATH).inScenario("get")
			.whenScenarioStateIs("renewed")
			.willReturn(serverError())
			.willSetStateTo("failed-once"));
		wm.stubFor(get(INSTANCE_ID_PATH).inScenario("get")
			.whenScenarioStateIs("failed-once")
			.willReturn(serverError())
			.willSetStateTo("failed-twice"));
		wm.stubFor(get(INSTANCE_ID_PATH).inScenario("get").whenScenarioStateIs("failed-twice").willReturn(ok(INSTANCE_ID)));
		try (ImdsClient client = ImdsTestSupport.builder(wm).maxAttempts(3).listener(this.events::add).build()) {
			assertThat(client.get(INSTANCE_ID_PATH).orElseThrow().asString()).isEqualTo(INSTANCE_ID);
			assertThat(client.toString()).startsWith("ImdsClient[endpoint=" + client.endpoint() + ", availability=")
				.endsWith(client.availability().state() + "]");
			assertThat(client.endpoint()).hasToString(client.endpoint().uri() + " (" + client.endpoint().source() + ")");
		}
		// the repeat after a 401 is not an attempt: three attempts remain for the two 500s
		wm.verify(exactly(2), putRequestedFor(urlEqualTo(TOKEN_PATH)));
		assertThat(this.events).filteredOn((event) -> event.kind() == RequestKind.METADATA)
			.extracting(ImdsRequestEvent::attempt, ImdsRequestEvent::status)
			.containsExactly(tuple(1, 401), tuple(1, 500), tuple(2, 500), tuple(3, 200));
	}

}
