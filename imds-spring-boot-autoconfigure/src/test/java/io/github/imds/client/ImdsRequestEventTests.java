package io.github.imds.client;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.imds.testsupport.MutableClock;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.notFound;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.serverError;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.github.imds.client.ImdsTestSupport.TOKEN;
import static io.github.imds.client.ImdsTestSupport.TOKEN_PATH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The request events listeners see.
 */
class ImdsRequestEventTests {

	@RegisterExtension
	static WireMockExtension wm = ImdsTestSupport.loopbackWireMock();

	private final List<ImdsRequestEvent> events = new CopyOnWriteArrayList<>();

	@BeforeEach
	void stubImds() {
		wm.stubFor(put(TOKEN_PATH).willReturn(ok(TOKEN)));
		wm.stubFor(get(urlPathMatching("/latest/.*")).willReturn(ok("fake-value")));
	}

	@ParameterizedTest
	@CsvSource({ "/latest/api/token, TOKEN", "/latest/meta-data/instance-id, METADATA", "/latest/meta-data/, METADATA",
			"/latest/meta-data/placement/region, METADATA", "/latest/meta-data/iam/info, METADATA",
			"/latest/meta-data/iam/security-credentials/, CREDENTIALS",
			"/latest/meta-data/iam/security-credentials/fake-role, CREDENTIALS",
			"/latest/meta-data/iam/security-credentials-extended/fake-role, CREDENTIALS",
			"/latest/dynamic/instance-identity/document, DYNAMIC", "/latest/user-data, USER_DATA",
			"/latest/meta-data/spot/instance-action, LIFECYCLE",
			"/latest/meta-data/events/recommendations/rebalance, LIFECYCLE",
			"/latest/meta-data/events/maintenance/scheduled, LIFECYCLE",
			"/latest/meta-data/autoscaling/target-lifecycle-state, LIFECYCLE",
			"/latest/meta-data/tags/instance/Name, METADATA" })
	void requestKindOfClassifiesPaths(String path, RequestKind kind) {
		assertThat(RequestKind.of(path)).isEqualTo(kind);
	}

	@Test
	void requestKindTagsIsLowerCase() {
		assertThat(RequestKind.USER_DATA.tag()).isEqualTo("user-data");
		assertThat(RequestKind.CREDENTIALS.tag()).isEqualTo("credentials");
		assertThat(RequestOutcome.CONNECTION_REFUSED.tag()).isEqualTo("connection-refused");
	}

	@Test
	void getPublishesOneEventPerExchangeWithKindAndStatus() {
		MutableClock clock = new MutableClock();
		long before = System.nanoTime();
		try (ImdsClient client = ImdsTestSupport.builder(wm).clock(clock).listener(this.events::add).build()) {
			client.get("/latest/meta-data/instance-id");
			client.get("/latest/meta-data/iam/security-credentials/fake-role");
			client.get("/latest/dynamic/instance-identity/document");
			client.get("/latest/user-data");
			client.get("/latest/meta-data/spot/instance-action");
		}
		// each exchange's duration lies within the time these calls took, whatever the machine's speed
		Duration calls = Duration.ofNanos(System.nanoTime() - before);
		assertThat(this.events).allSatisfy((event) -> assertThat(event.duration()).isLessThanOrEqualTo(calls));
		assertThat(this.events).extracting(ImdsRequestEvent::kind, ImdsRequestEvent::method)
			.containsExactly(tuple(RequestKind.TOKEN, "PUT"),
					tuple(RequestKind.METADATA, "GET"),
					tuple(RequestKind.CREDENTIALS, "GET"),
					tuple(RequestKind.DYNAMIC, "GET"),
					tuple(RequestKind.USER_DATA, "GET"),
					tuple(RequestKind.LIFECYCLE, "GET"));
		assertThat(this.events).allSatisfy((event) -> {
			assertThat(event.status()).isEqualTo(200);
			assertThat(event.outcome()).isEqualTo(RequestOutcome.SUCCESS);
			assertThat(event.attempt()).isEqualTo(1);
			assertThat(event.error()).isNull();
			assertThat(event.duration().isNegative()).isFalse();
			assertThat(event.at()).isEqualTo(clock.instant());
			assertThat(event.toString()).doesNotContain(TOKEN);
		});
		assertThat(this.events.get(0).path()).isEqualTo(TOKEN_PATH);
		assertThat(this.events.get(2).path()).isEqualTo("/latest/meta-data/iam/security-credentials/fake-role");
	}

	@Test
	void getWhenRetriedPublishesAttemptNumbersAndErrors() {
		wm.stubFor(get("/latest/meta-data/broken").willReturn(serverError()));
		wm.stubFor(get("/latest/meta-data/absent").willReturn(notFound()));
		try (ImdsClient client = ImdsTestSupport.builder(wm).maxAttempts(3).build()) {
			client.addListener(this.events::add);
			assertThatExceptionOfType(ImdsHttpException.class).isThrownBy(() -> client.get("/latest/meta-data/broken"));
			assertThat(client.get("/latest/meta-data/absent")).isEmpty();
		}
		assertThat(this.events).extracting(ImdsRequestEvent::attempt, ImdsRequestEvent::status,
				ImdsRequestEvent::outcome, ImdsRequestEvent::error)
			.containsExactly(tuple(1, 200, RequestOutcome.SUCCESS, null),
					tuple(1, 500, RequestOutcome.SERVER_ERROR, "HTTP 500"),
					tuple(2, 500, RequestOutcome.SERVER_ERROR, "HTTP 500"),
					tuple(3, 500, RequestOutcome.SERVER_ERROR, "HTTP 500"),
					tuple(1, 404, RequestOutcome.NOT_FOUND, null));
	}

	@Test
	void getWhenConnectionRefusedPublishesStatusZero() {
		String endpoint = "http://127.0.0.1:" + ImdsTestSupport.closedPort();
		try (ImdsClient client = ImdsTestSupport.builder(endpoint).maxAttempts(2).listener(this.events::add).build()) {
			assertThatExceptionOfType(ImdsConnectionException.class).isThrownBy(() -> client.get("/latest/meta-data/x"));
		}
		assertThat(this.events).hasSize(2).allSatisfy((event) -> {
			assertThat(event.kind()).isEqualTo(RequestKind.TOKEN);
			assertThat(event.status()).isZero();
			assertThat(event.outcome()).isEqualTo(RequestOutcome.CONNECTION_REFUSED);
			assertThat(event.error()).contains("refused");
		});
	}

	@Test
	void getWhenListenerThrowsStillSucceedsAndCallsOtherListeners() {
		ImdsRequestListener broken = (event) -> {
			throw new IllegalStateException("listener bug");
		};
		try (ImdsClient client = ImdsTestSupport.builder(wm).listener(broken).listener(this.events::add).build()) {
			assertThat(client.get("/latest/meta-data/instance-id").orElseThrow().asString()).isEqualTo("fake-value");
		}
		assertThat(this.events).hasSize(2);
	}

	@Test
	void removeListenerStopsEvents() {
		ImdsRequestListener listener = this.events::add;
		try (ImdsClient client = ImdsTestSupport.builder(wm).readTimeout(Duration.ofSeconds(2)).build()) {
			client.addListener(listener);
			client.get("/latest/meta-data/instance-id");
			client.removeListener(listener);
			client.get("/latest/meta-data/instance-id");
		}
		assertThat(this.events).hasSize(2);
	}

}
