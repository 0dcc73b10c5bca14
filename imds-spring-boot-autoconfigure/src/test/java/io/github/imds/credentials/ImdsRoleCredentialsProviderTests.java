package io.github.imds.credentials;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.github.imds.client.AwsSdkSettings;
import io.github.imds.client.ImdsClient;
import io.github.imds.client.ImdsHttpException;
import io.github.imds.client.PlatformDetectionMode;
import io.github.imds.test.ImdsSimulator;
import io.github.imds.test.ImdsSimulatorExtension;
import io.github.imds.testsupport.TestTimeScheduler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static io.github.imds.credentials.TestTimeRefreshScheduler.inTestTime;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link ImdsRoleCredentialsProvider} against the IMDS simulator, in test time.
 */
@ExtendWith(OutputCaptureExtension.class)
class ImdsRoleCredentialsProviderTests {

	private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

	private static final String ROLE = "sample-role";

	private static final String EXTENDED_LIST = RoleCredentialsFetcher.EXTENDED_PATH;

	private static final String EXTENDED_DOC = RoleCredentialsFetcher.EXTENDED_PATH + ROLE;

	private static final String LEGACY_LIST = RoleCredentialsFetcher.LEGACY_PATH;

	private static final String LEGACY_DOC = RoleCredentialsFetcher.LEGACY_PATH + ROLE;

	private static Level previousLevel;

	@RegisterExtension
	final ImdsSimulatorExtension simulator = ImdsSimulatorExtension.builder()
		.simulator(ImdsSimulator.builder().clock(Clock.fixed(T0, ZoneOffset.UTC)))
		.build();

	private ImdsSimulator imds;

	private ImdsClient client;

	private TestTimeScheduler scheduler;

	private final List<ImdsRoleCredentialsProvider> providers = new ArrayList<>();

	@BeforeAll
	static void traceLogging() {
		Logger logger = (Logger) LoggerFactory.getLogger("io.github.imds");
		previousLevel = logger.getLevel();
		logger.setLevel(Level.TRACE);
	}

	@AfterAll
	static void restoreLogging() {
		((Logger) LoggerFactory.getLogger("io.github.imds")).setLevel(previousLevel);
	}

	@BeforeEach
	void setUp(ImdsSimulator imds) {
		this.imds = imds;
		this.client = ImdsClient.builder()
			.endpoint(this.imds.endpoint())
			.platformDetection(PlatformDetectionMode.OFF)
			.sdkSettings(AwsSdkSettings.none())
			.maxAttempts(1)
			.readTimeout(Duration.ofSeconds(2))
			.clock(this.imds.clock())
			.build();
		this.scheduler = new TestTimeScheduler(this.imds.clock(), this.imds::advanceClock);
	}

	@AfterEach
	void tearDown(CapturedOutput output) {
		this.providers.forEach(ImdsRoleCredentialsProvider::close);
		this.client.close();
		// Every scenario of this class runs with TRACE logging: none may print a secret.
		assertThat(output).doesNotContain("fake-secret").doesNotContain("fake-session-token");
	}

	private ImdsRoleCredentialsProvider provider() {
		return provider(UnaryOperator.identity());
	}

	private ImdsRoleCredentialsProvider provider(UnaryOperator<ImdsRoleCredentialsProviderBuilder> customizer) {
		ImdsRoleCredentialsProviderBuilder builder = ImdsRoleCredentialsProvider.builder(this.client)
			.clock(this.imds.clock())
			.scheduler(inTestTime(this.scheduler))
			.random(new Random(42))
			.firstFetchTimeout(Duration.ofMillis(50))
			.expiredRefreshTimeout(Duration.ofMillis(50));
		ImdsRoleCredentialsProvider provider = customizer.apply(builder).build();
		this.providers.add(provider);
		return provider;
	}


	private ImdsRoleCredentialsProvider started(UnaryOperator<ImdsRoleCredentialsProviderBuilder> customizer) {
		ImdsRoleCredentialsProvider provider = provider(customizer);
		provider.start();
		this.scheduler.runDue();
		return provider;
	}

	private ImdsRoleCredentialsProvider started() {
		return started(UnaryOperator.identity());
	}

	private long gets(String path) {
		return this.imds.count("GET", path);
	}

	@Test
	void startFetchesInTheBackgroundBeforeAnyCall() {
		ImdsRoleCredentialsProvider provider = provider();
		assertThat(provider.status().state()).isEqualTo(CredentialsStatus.State.NOT_LOADED);
		provider.start();
		assertThat(this.scheduler.pending()).isEqualTo(1);
		this.scheduler.runDue();
		assertThat(gets(EXTENDED_DOC)).isOne();
		assertThat(provider.status().state()).isEqualTo(CredentialsStatus.State.VALID);
	}

	@Test
	void getCredentialsReturnsTheRoleCredentialsWithAccountIdFromExtendedPath() {
		RoleCredentials credentials = started().getCredentials();
		assertThat(credentials.accessKeyId()).isEqualTo("ASIAFAKE000000000001");
		assertThat(credentials.secretAccessKey()).isEqualTo("fake-secret-1");
		assertThat(credentials.sessionToken()).isEqualTo("fake-session-token-1");
		assertThat(credentials.expiration()).isEqualTo(T0.plus(Duration.ofHours(6)));
		assertThat(credentials.roleName()).isEqualTo(ROLE);
		assertThat(credentials.accountId()).isEqualTo("123456789012");
		assertThat(gets(EXTENDED_LIST)).isOne();
		assertThat(gets(LEGACY_LIST)).isZero();
		assertThat(gets(LEGACY_DOC)).isZero();
	}

	@Test
	void statusMasksAccessKeyIdAndTellsWhenTheNextRefreshIs() {
		ImdsRoleCredentialsProvider provider = started();
		CredentialsStatus status = provider.status();
		assertThat(status.state()).isEqualTo(CredentialsStatus.State.VALID);
		assertThat(status.role()).isEqualTo(ROLE);
		assertThat(status.accessKeyId()).isEqualTo("****0001");
		assertThat(status.expiration()).isEqualTo(T0.plus(Duration.ofHours(6)));
		assertThat(status.lastRefresh()).isEqualTo(T0);
		// 15 minutes before expiry, minus up to 3 minutes of jitter
		assertThat(status.nextRefresh()).isBetween(T0.plus(Duration.ofMinutes(342)),
				T0.plus(Duration.ofMinutes(345)));
		assertThat(status.extendedPath()).isTrue();
		assertThat(status.lastError()).isNull();
		assertThat(status.toString()).doesNotContain("fake-");
	}

	@Test
	void whenExtendedPathIsMissingFallsBackToLegacyAndRemembersIt() {
		this.imds.extendedCredentialsPath(false);
		ImdsRoleCredentialsProvider provider = started();
		RoleCredentials credentials = provider.getCredentials();
		assertThat(credentials.accountId()).isNull();
		assertThat(credentials.accessKeyId()).isEqualTo("ASIAFAKE000000000001");
		assertThat(provider.status().extendedPath()).isFalse();
		long extendedRequests = gets(EXTENDED_LIST);
		this.scheduler.advance(Duration.ofHours(12));
		assertThat(provider.getCredentials()).isNotEqualTo(credentials);
		assertThat(gets(EXTENDED_LIST)).isEqualTo(extendedRequests);
		assertThat(this.imds.countMatching((request) -> request.path().startsWith(EXTENDED_DOC))).isZero();
		assertThat(gets(LEGACY_LIST)).isOne();
		assertThat(gets(LEGACY_DOC)).isEqualTo(3);
	}

	@Test
	void configuredRoleNameSkipsDiscovery() {
		ImdsRoleCredentialsProvider provider = started((builder) -> builder.roleName(ROLE));
		assertThat(provider.getCredentials().roleName()).isEqualTo(ROLE);
		assertThat(gets(EXTENDED_LIST) + gets(LEGACY_LIST)).isZero();
	}

	@Test
	void concurrentReadersAcrossRotationsNeverSeeExpiredCredentialsAndImdsGetsOneFetchPerRotation()
			throws Exception {
		// Credentials rotate every 20 s of test time and live 60 s: the half-life rule applies.
		this.imds.credentialsLifetime(Duration.ofSeconds(60)).credentialsRotation(Duration.ofSeconds(20));
		this.imds.role(ROLE);
		ImdsRoleCredentialsProvider provider = started((builder) -> builder.roleName(null));
		Clock clock = this.imds.clock();
		AtomicBoolean stop = new AtomicBoolean();
		AtomicLong reads = new AtomicLong();
		AtomicReference<String> expired = new AtomicReference<>();
		Set<String> seen = ConcurrentHashMap.newKeySet();
		List<Thread> readers = new ArrayList<>();
		for (int i = 0; i < 64; i++) {
			Thread reader = new Thread(() -> {
				while (!stop.get()) {
					Instant before = clock.instant();
					RoleCredentials credentials = provider.getCredentials();
					if (!credentials.expiration().isAfter(before)) {
						expired.compareAndSet(null, credentials + " read at " + before);
					}
					seen.add(credentials.accessKeyId());
					reads.incrementAndGet();
					// Leave CPU to the simulator and the refresh on a small machine.
					LockSupport.parkNanos(20_000);
				}
			}, "reader-" + i);
			readers.add(reader);
			reader.start();
		}
		try {
			for (int step = 0; step < 300; step++) {
				this.scheduler.advance(Duration.ofSeconds(1));
				long target = reads.get() + 64;
				while (reads.get() < target) {
					Thread.onSpinWait();
				}
			}
		}
		finally {
			stop.set(true);
			for (Thread reader : readers) {
				reader.join();
			}
		}
		assertThat(expired.get()).isNull();
		long fetches = gets(EXTENDED_DOC);
		assertThat(seen).hasSizeGreaterThanOrEqualTo(10);
		// Every set the readers saw cost one fetch; a loaded machine may let a set be replaced before any reader
		// saw it, but a fetch storm (no single flight) would be hundreds
		assertThat(fetches).isBetween((long) seen.size(), 2L * seen.size());
		assertThat(gets(EXTENDED_LIST)).isOne();
		assertThat(provider.status().consecutiveFailures()).isZero();
	}

	@Test
	void measureRequestsPerRotationWithRealisticLifetimes() {
		// EC2-like: 6 hour credentials, new ones every hour, 6 hour IMDSv2 token, all in test time.
		ImdsRoleCredentialsProvider provider = started();
		Set<String> seen = ConcurrentHashMap.newKeySet();
		seen.add(provider.getCredentials().accessKeyId());
		this.imds.resetJournal();
		for (int hour = 0; hour < 7 * 24; hour++) {
			this.scheduler.advance(Duration.ofHours(1));
			seen.add(provider.getCredentials().accessKeyId());
		}
		int rotations = seen.size() - 1;
		long gets = this.imds.countMatching((request) -> request.method().equals("GET"));
		long puts = this.imds.count("PUT", ImdsSimulator.TOKEN_PATH);
		System.out.printf("IMDS requests per credentials rotation over 7 days: %d rotations, %d GETs, %d token PUTs, "
				+ "%.2f requests per rotation%n", rotations, gets, puts, (double) (gets + puts) / rotations);
		assertThat(rotations).isGreaterThanOrEqualTo(28);
		assertThat(gets).isEqualTo(rotations);
		assertThat(puts).isLessThanOrEqualTo(rotations);
	}

	@Test
	void whenImdsStillServesTheSameCredentialsAsksAgainLater() {
		// New credentials appear only 10 minutes before expiry, after the refresh time.
		this.imds.credentialsRotation(Duration.ofMinutes(350));
		this.imds.role(ROLE);
		ImdsRoleCredentialsProvider provider = started();
		RoleCredentials first = provider.getCredentials();
		this.scheduler.advance(Duration.ofMinutes(345));
		assertThat(provider.getCredentials()).isSameAs(first);
		assertThat(gets(EXTENDED_DOC)).isEqualTo(2);
		assertThat(provider.status().nextRefresh()).isAfter(this.imds.clock().instant());
		this.scheduler.advance(Duration.ofMinutes(10));
		assertThat(provider.getCredentials()).isNotEqualTo(first);
		assertThat(provider.getCredentials().expiration()).isAfter(this.imds.clock().instant());
		assertThat(provider.status().state()).isEqualTo(CredentialsStatus.State.VALID);
	}

	@ParameterizedTest
	@ValueSource(ints = { 500, 503, 429 })
	void firstFetchFailingWithStatusFailsClearlyThenRecoversWithBackoff(int status) {
		this.imds.failNext(3, status, "iam/");
		ImdsRoleCredentialsProvider provider = started();
		assertThatExceptionOfType(RoleCredentialsException.class).isThrownBy(provider::getCredentials)
			.withMessageContaining("first fetch from IMDS")
			.withMessageContaining(String.valueOf(status))
			.withCauseInstanceOf(ImdsHttpException.class);
		CredentialsStatus failing = provider.status();
		assertThat(failing.state()).isEqualTo(CredentialsStatus.State.FAILED);
		assertThat(failing.consecutiveFailures()).isOne();
		assertThat(failing.lastError()).contains(String.valueOf(status));
		// 1 s, then 2 s, then 4 s (with jitter): the fourth attempt succeeds
		this.scheduler.advance(Duration.ofSeconds(1));
		assertThat(provider.status().consecutiveFailures()).isBetween(1, 2);
		this.scheduler.advance(Duration.ofSeconds(10));
		assertThat(provider.status().state()).isEqualTo(CredentialsStatus.State.VALID);
		assertThat(provider.getCredentials().accessKeyId()).isEqualTo("ASIAFAKE000000000001");
		assertThat(provider.status().lastError()).isNull();
	}

	@Test
	void refreshFailingWhileCredentialsAreValidIsDegradedAndKeepsServingThem() {
		ImdsRoleCredentialsProvider provider = started();
		RoleCredentials first = provider.getCredentials();
		this.imds.failNext(Integer.MAX_VALUE, 500, "iam/");
		this.scheduler.advance(Duration.ofMinutes(346));
		CredentialsStatus status = provider.status();
		assertThat(status.state()).isEqualTo(CredentialsStatus.State.DEGRADED);
		assertThat(status.consecutiveFailures()).isGreaterThan(1);
		assertThat(provider.getCredentials()).isSameAs(first);
		this.imds.clearFaults();
		this.scheduler.advance(Duration.ofMinutes(2));
		assertThat(provider.status().state()).isEqualTo(CredentialsStatus.State.VALID);
		assertThat(provider.getCredentials()).isNotEqualTo(first);
	}

	@Test
	void timeoutsAreRetried() {
		ImdsRoleCredentialsProvider provider = started();
		RoleCredentials first = provider.getCredentials();
		this.imds.latency(Duration.ofSeconds(3));
		provider.refreshNow();
		this.scheduler.runDue();
		CredentialsStatus status = provider.status();
		assertThat(status.state()).isEqualTo(CredentialsStatus.State.DEGRADED);
		assertThat(status.lastError()).isNotNull();
		assertThat(provider.getCredentials()).isSameAs(first);
		this.imds.latency(Duration.ZERO);
		this.scheduler.advance(Duration.ofSeconds(2));
		assertThat(provider.status().state()).isEqualTo(CredentialsStatus.State.VALID);
	}

	@Test
	void nonSuccessCodeIsAnErrorThatCarriesCodeAndMessage() {
		this.imds.credentialsCode("Failure", "Role cannot be assumed");
		ImdsRoleCredentialsProvider provider = started();
		assertThatExceptionOfType(RoleCredentialsException.class).isThrownBy(provider::getCredentials)
			.withMessageContaining("Failure")
			.withMessageContaining("Role cannot be assumed")
			.havingCause()
			.isInstanceOfSatisfying(RoleCredentialsCodeException.class, (ex) -> {
				assertThat(ex.getCode()).isEqualTo("Failure");
				assertThat(ex.getImdsMessage()).isEqualTo("Role cannot be assumed");
			});
		CredentialsStatus status = provider.status();
		assertThat(status.state()).isEqualTo(CredentialsStatus.State.CODE_NOT_SUCCESS);
		assertThat(status.code()).isEqualTo("Failure");
		assertThat(status.message()).isEqualTo("Role cannot be assumed");
		this.imds.credentialsCode(null, null);
		this.scheduler.advance(Duration.ofSeconds(2));
		assertThat(provider.status().state()).isEqualTo(CredentialsStatus.State.VALID);
	}

	@Test
	void noInstanceProfileIsADistinctStateAndRecoversWhenOneIsAttached(CapturedOutput output) {
		this.imds.noInstanceProfile();
		ImdsRoleCredentialsProvider provider = started();
		assertThatExceptionOfType(NoInstanceProfileException.class).isThrownBy(provider::getCredentials)
			.withMessageContaining("No instance profile attached to this instance");
		assertThat(provider.status().state()).isEqualTo(CredentialsStatus.State.NO_INSTANCE_PROFILE);
		this.scheduler.advance(Duration.ofMinutes(3));
		assertThat(provider.status().consecutiveFailures()).isGreaterThan(2);
		assertThat(output.toString().lines().filter((line) -> line.contains("WARN"))
			.filter((line) -> line.contains("No instance profile attached"))).hasSize(1);
		this.imds.role(ROLE);
		this.scheduler.advance(Duration.ofMinutes(1));
		assertThat(provider.getCredentials().roleName()).isEqualTo(ROLE);
	}

	@Test
	void roleReplacedAtRunTimeIsDiscoveredAgain() {
		ImdsRoleCredentialsProvider provider = started();
		this.imds.role("other-role");
		provider.refreshNow();
		this.scheduler.runDue();
		assertThat(provider.getCredentials().roleName()).isEqualTo("other-role");
		assertThat(gets(EXTENDED_LIST)).isEqualTo(2);
	}

	@Test
	void credentialsExpiredOnArrivalWithStaticStabilityAreServedWithAWarning(CapturedOutput output) {
		// This host's clock is 7 hours ahead of IMDS's: every credential looks expired.
		Clock skewed = Clock.offset(this.imds.clock(), Duration.ofHours(7));
		ImdsRoleCredentialsProvider provider = started((builder) -> builder.clock(skewed));
		RoleCredentials credentials = provider.getCredentials();
		assertThat(credentials.accessKeyId()).isEqualTo("ASIAFAKE000000000001");
		CredentialsStatus status = provider.status();
		assertThat(status.state()).isEqualTo(CredentialsStatus.State.EXPIRED_SERVED);
		assertThat(status.lastError()).contains("already expired");
		assertThat(output).contains("Serving expired credentials of role 'sample-role'").contains("already expired");
	}

	@Test
	void credentialsExpiredOnArrivalWithoutStaticStabilityFail() {
		Clock skewed = Clock.offset(this.imds.clock(), Duration.ofHours(7));
		ImdsRoleCredentialsProvider provider = started((builder) -> builder.clock(skewed).staticStability(false));
		assertThatExceptionOfType(RoleCredentialsException.class).isThrownBy(provider::getCredentials)
			.withMessageContaining("already expired");
		assertThat(provider.status().state()).isEqualTo(CredentialsStatus.State.FAILED);
	}

	@Test
	void imdsDownAtExpiryWithStaticStabilityServesExpiredCredentialsAndWarnsOncePerWindow(
			CapturedOutput output) {
		ImdsRoleCredentialsProvider provider = started();
		RoleCredentials first = provider.getCredentials();
		this.imds.failNext(Integer.MAX_VALUE, 500, "iam/");
		this.scheduler.advance(Duration.ofHours(6).plusMinutes(4));
		assertThat(provider.getCredentials()).isSameAs(first);
		assertThat(provider.status().state()).isEqualTo(CredentialsStatus.State.EXPIRED_SERVED);
		assertThat(warnings(output)).isOne();
		assertThat(output).contains("expired at " + first.expiration()).contains("500");
		this.scheduler.advance(Duration.ofMinutes(5));
		assertThat(provider.getCredentials()).isSameAs(first);
		assertThat(warnings(output)).isEqualTo(2);
		this.imds.clearFaults();
		this.scheduler.advance(Duration.ofMinutes(1));
		assertThat(provider.getCredentials()).isNotEqualTo(first);
		assertThat(provider.status().state()).isEqualTo(CredentialsStatus.State.VALID);
	}

	private static int warnings(CapturedOutput output) {
		return output.toString().split("Serving expired credentials", -1).length - 1;
	}

	@Test
	void imdsDownAtExpiryWithoutStaticStabilityFailsClearly() {
		ImdsRoleCredentialsProvider provider = started((builder) -> builder.staticStability(false));
		this.imds.failNext(Integer.MAX_VALUE, 500, "iam/");
		this.scheduler.advance(Duration.ofHours(6).plusSeconds(1));
		assertThatExceptionOfType(RoleCredentialsException.class).isThrownBy(provider::getCredentials)
			.withMessageContaining("expired at " + T0.plus(Duration.ofHours(6)))
			.withMessageContaining("static stability is off")
			.withCauseInstanceOf(ImdsHttpException.class);
		assertThat(provider.status().state()).isEqualTo(CredentialsStatus.State.FAILED);
	}

	@Test
	void suspendPastExpiryWithImdsHealthyReturnsFreshCredentialsOnTheNextCall() throws Exception {
		ImdsRoleCredentialsProvider provider = started(
				(builder) -> builder.expiredRefreshTimeout(Duration.ofMinutes(1)));
		RoleCredentials before = provider.getCredentials();
		// the host sleeps: the clock jumps past expiry and no timer runs
		this.imds.advanceClock(Duration.ofHours(7));
		CompletableFuture<RoleCredentials> call = CompletableFuture.supplyAsync(provider::getCredentials);
		// the call starts a refresh (next to the stale timer) and waits for it
		await().until(() -> this.scheduler.pending() >= 2);
		assertThat(call).isNotDone();
		this.scheduler.runDue();
		RoleCredentials after = call.get();
		assertThat(after).isNotEqualTo(before);
		assertThat(after.isExpiredAt(this.imds.clock().instant())).isFalse();
		assertThat(provider.status().state()).isEqualTo(CredentialsStatus.State.VALID);
	}

	@Test
	void suspendPastExpiryWithImdsDownServesTheExpiredOnesOnlyOnceTheRefreshFailed() throws Exception {
		ImdsRoleCredentialsProvider provider = started(
				(builder) -> builder.expiredRefreshTimeout(Duration.ofMinutes(1)));
		RoleCredentials before = provider.getCredentials();
		this.imds.failNext(Integer.MAX_VALUE, 500, "iam/");
		this.imds.advanceClock(Duration.ofHours(7));
		CompletableFuture<RoleCredentials> call = CompletableFuture.supplyAsync(provider::getCredentials);
		await().until(() -> this.scheduler.pending() >= 2);
		assertThat(call).isNotDone();
		this.scheduler.runDue();
		assertThat(call.get()).isSameAs(before);
		assertThat(provider.status().state()).isEqualTo(CredentialsStatus.State.EXPIRED_SERVED);
		// IMDS was asked since expiry: the next call serves at once, without waiting
		assertThat(provider.getCredentials()).isSameAs(before);
	}

	@Test
	void statusCountsRefreshFailuresByCause() {
		ImdsRoleCredentialsProvider provider = started();
		this.imds.failNext(3, 500, "iam/");
		provider.refreshNow();
		this.scheduler.runDue();
		provider.refreshNow();
		this.scheduler.runDue();
		assertThat(provider.status().refreshFailures()).containsEntry("http-5xx", 2L);
		this.imds.clearFaults();
		this.imds.failNext(1, 404, "iam/");
		assertThat(provider.status().refreshFailures()).doesNotContainKey("timeout");
	}

	@Test
	void callBeforeFirstFetchWaitsForIt() throws Exception {
		ImdsRoleCredentialsProvider provider = provider((builder) -> builder.firstFetchTimeout(Duration.ofMinutes(1)));
		provider.start();
		CompletableFuture<RoleCredentials> call = CompletableFuture.supplyAsync(provider::getCredentials);
		this.scheduler.runDue();
		assertThat(call.get().accessKeyId()).isEqualTo("ASIAFAKE000000000001");
	}

	@Test
	void callBeforeFirstFetchFailsClearlyWhenItDoesNotComplete() {
		ImdsRoleCredentialsProvider provider = provider();
		provider.start();
		assertThatExceptionOfType(RoleCredentialsException.class).isThrownBy(provider::getCredentials)
			.withMessageContaining("not loaded yet")
			.withMessageContaining("did not complete within");
	}

	@Test
	void callWithoutStartStartsTheFirstFetch() {
		ImdsRoleCredentialsProvider provider = provider();
		assertThatExceptionOfType(RoleCredentialsException.class).isThrownBy(provider::getCredentials);
		assertThat(this.scheduler.pending()).isOne();
	}

	@Test
	void refreshNowJoinsTheRefreshInFlight() {
		ImdsRoleCredentialsProvider provider = started();
		CompletableFuture<CredentialsStatus> first = provider.refreshNow();
		CompletableFuture<CredentialsStatus> second = provider.refreshNow();
		assertThat(second).isSameAs(first);
		assertThat(first).isNotDone();
		this.scheduler.runDue();
		assertThat(first).isCompletedWithValueMatching((status) -> status.state() == CredentialsStatus.State.VALID);
		assertThat(gets(EXTENDED_DOC)).isEqualTo(2);
	}

	@Test
	void closeStopsTheScheduler() {
		ImdsRoleCredentialsProvider provider = started();
		provider.close();
		assertThat(this.scheduler.isClosed()).isTrue();
		assertThat(provider.getCredentials().accessKeyId()).isEqualTo("ASIAFAKE000000000001");
		assertThat(provider.refreshNow()).isDone();
	}

	@Test
	void defaultSchedulerRunsOnANamedDaemonThreadThatStopsOnClose() {
		List<Thread> before = refreshThreads();
		ImdsRoleCredentialsProvider provider = ImdsRoleCredentialsProvider.builder(this.client)
			.clock(this.imds.clock())
			.build();
		provider.start();
		assertThat(provider.getCredentials().accessKeyId()).isEqualTo("ASIAFAKE000000000001");
		Thread thread = refreshThreads().stream().filter((candidate) -> !before.contains(candidate)).findFirst()
			.orElseThrow();
		assertThat(thread.isDaemon()).isTrue();
		provider.close();
		await().until(() -> !thread.isAlive());
	}

	private static List<Thread> refreshThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.getName().startsWith("imds-credentials-refresh-"))
			.toList();
	}

	@Test
	void toStringShowsNoSecret() {
		ImdsRoleCredentialsProvider provider = started();
		assertThat(provider.toString()).contains("****0001").doesNotContain("fake-");
		assertThat(provider.getCredentials().toString()).contains("****0001")
			.contains(ROLE)
			.doesNotContain("fake-secret")
			.doesNotContain("fake-session-token");
	}

}
