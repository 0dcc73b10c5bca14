package io.github.imds.credentials;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;

import io.github.imds.client.AwsSdkSettings;
import io.github.imds.client.ImdsClient;
import io.github.imds.client.PlatformDetectionMode;
import io.github.imds.test.ImdsSimulator;
import io.github.imds.testsupport.TestTimeScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import static io.github.imds.credentials.TestTimeRefreshScheduler.inTestTime;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RefreshFailureCause}: the cause a failed refresh is counted under in
 * {@link CredentialsStatus#refreshFailures()}, for each way IMDS or the client can fail, against the IMDS
 * simulator in test time.
 */
class RefreshFailureCauseTests {

	private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

	private static final String DOCUMENT = RoleCredentialsFetcher.EXTENDED_PATH + "sample-role";

	private ImdsSimulator imds;

	private TestTimeScheduler scheduler;

	private final List<AutoCloseable> closeables = new ArrayList<>();

	@BeforeEach
	void setUp() {
		this.imds = ImdsSimulator.builder().clock(Clock.fixed(T0, ZoneOffset.UTC)).build().start();
		this.closeables.add(this.imds);
		this.scheduler = new TestTimeScheduler(this.imds.clock(), this.imds::advanceClock);
	}

	@AfterEach
	void tearDown() throws Exception {
		for (int i = this.closeables.size() - 1; i >= 0; i--) {
			this.closeables.get(i).close();
		}
	}

	private ImdsClient client(UnaryOperator<ImdsClient.Builder> customizer) {
		ImdsClient client = customizer.apply(ImdsClient.builder()
			.endpoint(this.imds.endpoint())
			.platformDetection(PlatformDetectionMode.OFF)
			.sdkSettings(AwsSdkSettings.none())
			.maxAttempts(1)
			.readTimeout(Duration.ofSeconds(2))
			.clock(this.imds.clock())).build();
		this.closeables.add(client);
		return client;
	}

	private ImdsRoleCredentialsProvider provider(ImdsClient client,
			UnaryOperator<ImdsRoleCredentialsProviderBuilder> customizer) {
		ImdsRoleCredentialsProvider provider = customizer.apply(ImdsRoleCredentialsProvider.builder(client)
			.clock(this.imds.clock())
			.scheduler(inTestTime(this.scheduler))
			.random(new Random(42))
			.firstFetchTimeout(Duration.ofMillis(50))
			.expiredRefreshTimeout(Duration.ofMillis(50))).build();
		this.closeables.add(provider);
		return provider;
	}

	/** One refresh; the status it completes with. */
	private CredentialsStatus refresh(ImdsRoleCredentialsProvider provider) {
		CompletableFuture<CredentialsStatus> refresh = provider.refreshNow();
		this.scheduler.runDue();
		assertThat(refresh).isDone();
		return refresh.join();
	}

	private Map<String, Long> firstRefreshFailures(ImdsClient client,
			UnaryOperator<ImdsRoleCredentialsProviderBuilder> customizer) {
		ImdsRoleCredentialsProvider provider = provider(client, customizer);
		CredentialsStatus status = refresh(provider);
		assertThat(status.consecutiveFailures()).isOne();
		// the status the refresh completes with counts that refresh's failure already
		assertThat(status.refreshFailures()).isEqualTo(provider.status().refreshFailures());
		return status.refreshFailures();
	}

	private Map<String, Long> firstRefreshFailures() {
		return firstRefreshFailures(client(UnaryOperator.identity()), UnaryOperator.identity());
	}

	@ParameterizedTest(name = "HTTP {0} counts as {1}")
	@CsvSource(textBlock = """
			500, http-5xx
			503, http-5xx
			429, throttled
			403, http-4xx
			400, http-4xx
			""")
	void failedRequestIsCountedByStatus(int status, String cause) {
		this.imds.failNext(1, status, "iam/");
		assertThat(firstRefreshFailures()).containsExactly(Map.entry(cause, 1L));
	}

	@Test
	void noInstanceProfileIsCountedAsSuch() {
		this.imds.noInstanceProfile();
		assertThat(firstRefreshFailures()).containsExactly(Map.entry("no-instance-profile", 1L));
	}

	@Test
	void nonSuccessCodeIsCountedAsSuch() {
		this.imds.credentialsCode("Failure", "Role cannot be assumed");
		assertThat(firstRefreshFailures()).containsExactly(Map.entry("code-not-success", 1L));
	}

	@Test
	void configuredRoleWithoutCredentialsIsCountedAsRoleNotFound() {
		assertThat(firstRefreshFailures(client(UnaryOperator.identity()), (builder) -> builder.roleName("no-such-role")))
			.containsExactly(Map.entry("role-not-found", 1L));
	}

	@Test
	void credentialsExpiredOnArrivalAreCountedAsSuch() {
		Clock skewed = Clock.offset(this.imds.clock(), Duration.ofHours(7));
		assertThat(firstRefreshFailures(client(UnaryOperator.identity()), (builder) -> builder.clock(skewed)))
			.containsExactly(Map.entry("expired-on-arrival", 1L));
	}

	@Test
	void malformedDocumentIsCountedAsInvalidResponse() {
		this.imds.malformedJson(DOCUMENT);
		assertThat(firstRefreshFailures()).containsExactly(Map.entry("invalid-response", 1L));
	}

	@Test
	void disabledClientIsCountedAsUnavailable() {
		assertThat(firstRefreshFailures(client((builder) -> builder.enabled(false)), UnaryOperator.identity()))
			.containsExactly(Map.entry("unavailable", 1L));
	}

	@Test
	void refusedConnectionIsCountedAsConnection() {
		ImdsClient client = client((builder) -> builder.endpoint("http://127.0.0.1:" + closedPort()));
		assertThat(firstRefreshFailures(client, UnaryOperator.identity())).containsExactly(Map.entry("connection", 1L));
	}

	@Test
	void tokenRequestTimingOutIsCountedAsTimeout() {
		this.imds.latency(Duration.ofSeconds(2));
		ImdsClient client = client((builder) -> builder.readTimeout(Duration.ofMillis(200)));
		assertThat(firstRefreshFailures(client, UnaryOperator.identity())).containsExactly(Map.entry("timeout", 1L));
	}

	@Test
	void dataRequestTimingOutIsCountedAsTimeout() {
		ImdsClient client = client((builder) -> builder.readTimeout(Duration.ofSeconds(1)));
		ImdsRoleCredentialsProvider provider = provider(client, UnaryOperator.identity());
		// the token is held: only the credentials GET times out
		assertThat(refresh(provider).state()).isEqualTo(CredentialsStatus.State.VALID);
		this.imds.latency(Duration.ofSeconds(3));
		assertThat(refresh(provider).refreshFailures()).containsExactly(Map.entry("timeout", 1L));
	}

	@Test
	void tokenRequestRefusedIsCountedAsHttp4xx() {
		this.imds.tokensDisabled();
		assertThat(firstRefreshFailures()).containsExactly(Map.entry("http-4xx", 1L));
	}

	@Test
	void closedClientIsCountedAsOther() {
		ImdsClient client = client(UnaryOperator.identity());
		client.close();
		assertThat(firstRefreshFailures(client, UnaryOperator.identity())).containsExactly(Map.entry("other", 1L));
	}

	@Test
	void failuresAddUpByCauseAndSuccessKeepsTheCounts() {
		ImdsRoleCredentialsProvider provider = provider(client(UnaryOperator.identity()), UnaryOperator.identity());
		this.imds.failNext(2, 500, "iam/");
		refresh(provider);
		refresh(provider);
		this.imds.failNext(1, 429, "iam/");
		refresh(provider);
		CredentialsStatus recovered = refresh(provider);
		assertThat(recovered.state()).isEqualTo(CredentialsStatus.State.VALID);
		assertThat(recovered.consecutiveFailures()).isZero();
		assertThat(recovered.refreshFailures()).containsOnly(Map.entry("http-5xx", 2L), Map.entry("throttled", 1L));
	}

	@ParameterizedTest
	@EnumSource(RefreshFailureCause.class)
	void tagsAreLowerCaseWordsOfTheName(RefreshFailureCause cause) {
		assertThat(cause.tag()).isEqualTo(cause.name().toLowerCase(Locale.ROOT).replace('_', '-'));
	}

	private static int closedPort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
