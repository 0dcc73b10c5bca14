package io.github.imds.credentials;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.github.imds.client.AwsSdkSettings;
import io.github.imds.client.ImdsAvailability;
import io.github.imds.client.ImdsClient;
import io.github.imds.client.ImdsClientSettings;
import io.github.imds.client.ImdsRequestListener;
import io.github.imds.client.ImdsResponse;
import io.github.imds.client.PlatformDetectionMode;
import io.github.imds.client.ResolvedEndpoint;
import io.github.imds.client.TokenStatus;
import io.github.imds.test.ImdsSimulator;
import io.github.imds.testsupport.TestTimeScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static io.github.imds.credentials.TestTimeRefreshScheduler.inTestTime;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Tests for the life of an {@link ImdsRoleCredentialsProvider}: starting, closing, timers that were replaced,
 * refreshes that are overdue, a scheduler that refuses work, and interrupted callers; against the IMDS simulator
 * in test time.
 */
class ImdsRoleCredentialsProviderLifecycleTests {

	private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

	private static final String DOCUMENT = RoleCredentialsFetcher.EXTENDED_PATH + "sample-role";

	private ImdsSimulator imds;

	private ImdsClient client;

	private TestTimeScheduler scheduler;

	private final List<ImdsRoleCredentialsProvider> providers = new ArrayList<>();

	@BeforeEach
	void setUp() {
		this.imds = ImdsSimulator.builder().clock(Clock.fixed(T0, ZoneOffset.UTC)).build().start();
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
	void tearDown() {
		// a test may leave its thread interrupted: never the next one
		Thread.interrupted();
		this.providers.forEach(ImdsRoleCredentialsProvider::close);
		this.client.close();
		this.imds.close();
	}

	private ImdsRoleCredentialsProvider provider(UnaryOperator<ImdsRoleCredentialsProviderBuilder> customizer) {
		ImdsRoleCredentialsProvider provider = customizer.apply(ImdsRoleCredentialsProvider.builder(this.client)
			.clock(this.imds.clock())
			.scheduler(inTestTime(this.scheduler))
			.random(new Random(42))
			.firstFetchTimeout(Duration.ofMillis(50))
			.expiredRefreshTimeout(Duration.ofMillis(50))).build();
		this.providers.add(provider);
		return provider;
	}

	private ImdsRoleCredentialsProvider provider() {
		return provider(UnaryOperator.identity());
	}

	private long documentGets() {
		return this.imds.count("GET", DOCUMENT);
	}

	@Test
	void startIsOnceAndIsTold() {
		ImdsRoleCredentialsProvider provider = provider();
		assertThat(provider.isStarted()).isFalse();
		provider.start();
		provider.start();
		assertThat(provider.isStarted()).isTrue();
		assertThat(this.scheduler.pending()).isOne();
		this.scheduler.runDue();
		assertThat(documentGets()).isOne();
	}

	@Test
	void refreshNowStartsTheProvider() {
		ImdsRoleCredentialsProvider provider = provider();
		provider.refreshNow();
		assertThat(provider.isStarted()).isTrue();
	}

	@Test
	void startAfterCloseDoesNothing() {
		ImdsRoleCredentialsProvider provider = provider();
		provider.close();
		provider.start();
		assertThat(provider.isStarted()).isFalse();
		assertThat(this.scheduler.pending()).isZero();
		assertThat(provider.refreshNow()).isCompletedWithValueMatching(
				(status) -> status.state() == CredentialsStatus.State.NOT_LOADED);
		assertThat(provider.isStarted()).isFalse();
	}

	@Test
	void callerWaitingForTheFirstFetchIsReleasedByClose() {
		ImdsRoleCredentialsProvider provider = provider((builder) -> builder.firstFetchTimeout(Duration.ofMinutes(5)));
		provider.start();
		provider.close();
		// the first fetch will never run: the caller learns why at once, not after the timeout
		assertThatExceptionOfType(RoleCredentialsException.class).isThrownBy(provider::getCredentials)
			.withMessage("No role credentials: the provider is closed");
		assertThat(documentGets()).isZero();
	}

	@Test
	void closeKeepsServingTheCredentialsObtained() {
		ImdsRoleCredentialsProvider provider = provider();
		provider.start();
		this.scheduler.runDue();
		RoleCredentials first = provider.getCredentials();
		provider.close();
		assertThat(provider.getCredentials()).isSameAs(first);
		assertThat(provider.status().state()).isEqualTo(CredentialsStatus.State.VALID);
		assertThat(documentGets()).isOne();
	}

	@Test
	void timerReplacedByARefreshDoesNotRunAgain() {
		// new credentials every 5 minutes: the refresh below gets ones that expire later than the first
		this.imds.credentialsRotation(Duration.ofMinutes(5));
		ImdsRoleCredentialsProvider provider = provider();
		provider.start();
		this.scheduler.runDue();
		Instant firstTimer = provider.status().nextRefresh();
		this.scheduler.advance(Duration.ofMinutes(10));
		provider.refreshNow();
		this.scheduler.runDue();
		assertThat(documentGets()).isEqualTo(2);
		Instant secondTimer = provider.status().nextRefresh();
		assertThat(secondTimer).isAfter(firstTimer.plusSeconds(1));
		// the first timer is due now, but was replaced: only the second one fetches
		this.scheduler.advance(Duration.between(this.imds.clock().instant(), firstTimer).plusSeconds(1));
		assertThat(documentGets()).isEqualTo(2);
		this.scheduler.advance(Duration.between(this.imds.clock().instant(), secondTimer));
		assertThat(documentGets()).isEqualTo(3);
	}

	@Test
	void overdueRefreshIsStartedByTheNextCaller() {
		ImdsRoleCredentialsProvider provider = provider();
		provider.start();
		this.scheduler.runDue();
		RoleCredentials first = provider.getCredentials();
		Instant next = provider.status().nextRefresh();
		// the host slept through the refresh time, the credentials are still valid: no timer ran
		this.imds.advanceClock(Duration.between(T0, next).plus(ImdsRoleCredentialsProvider.OVERDUE_GRACE));
		assertThat(provider.getCredentials()).isSameAs(first);
		assertThat(this.scheduler.pending()).isOne();
		this.imds.advanceClock(Duration.ofMillis(1));
		assertThat(provider.getCredentials()).isSameAs(first);
		// the caller started a refresh next to the timer it replaces
		assertThat(this.scheduler.pending()).isEqualTo(2);
		this.scheduler.runDue();
		assertThat(documentGets()).isEqualTo(2);
	}

	@Test
	void refreshRefusedByTheSchedulerCompletesAtOnceAndCanBeAskedAgain() {
		ImdsRoleCredentialsProvider provider = provider();
		this.scheduler.close();
		CompletableFuture<CredentialsStatus> refused = provider.refreshNow();
		assertThat(refused).isCompletedWithValueMatching(
				(status) -> status.state() == CredentialsStatus.State.NOT_LOADED);
		assertThat(provider.refreshNow()).isNotSameAs(refused).isDone();
	}

	@Test
	void statusBeforeTheFirstFetchNamesTheConfiguredRole() {
		CredentialsStatus status = provider((builder) -> builder.roleName(" sample-role ")).status();
		assertThat(status.state()).isEqualTo(CredentialsStatus.State.NOT_LOADED);
		assertThat(status.role()).isEqualTo("sample-role");
		assertThat(status.accessKeyId()).isNull();
		assertThat(status.expiration()).isNull();
		assertThat(status.lastRefresh()).isNull();
		assertThat(status.nextRefresh()).isNull();
		assertThat(status.lastError()).isNull();
		assertThat(status.extendedPath()).isNull();
		assertThat(status.source()).isEqualTo("instance-profile");
		assertThat(status.refreshFailures()).isEmpty();
	}

	@Test
	void statusAfterAFailureHasTheErrorMessage() {
		this.imds.failNext(1, 500, "iam/");
		ImdsRoleCredentialsProvider provider = provider();
		provider.start();
		this.scheduler.runDue();
		CredentialsStatus status = provider.status();
		assertThat(status.state()).isEqualTo(CredentialsStatus.State.FAILED);
		assertThat(status.lastError()).startsWith("IMDS GET").contains("HTTP 500");
		assertThat(status.nextRefresh()).isNotNull();
		assertThat(status.lastRefresh()).isNull();
	}

	@Test
	void interruptedCallerWaitingForTheFirstFetchFailsAndStaysInterrupted() {
		ImdsRoleCredentialsProvider provider = provider((builder) -> builder.firstFetchTimeout(Duration.ofMinutes(5)));
		provider.start();
		Thread.currentThread().interrupt();
		assertThatExceptionOfType(RoleCredentialsException.class).isThrownBy(provider::getCredentials)
			.withMessage("Interrupted while waiting for the first role credentials");
		assertThat(Thread.interrupted()).isTrue();
	}

	@Test
	void interruptedCallerWaitingForAnExpiredRefreshGetsWhatStaticStabilityAllowsAndStaysInterrupted() {
		ImdsRoleCredentialsProvider provider = provider((builder) -> builder.expiredRefreshTimeout(Duration.ofMinutes(5)));
		provider.start();
		this.scheduler.runDue();
		RoleCredentials first = provider.getCredentials();
		// the host slept past expiry: the caller starts a refresh and would wait for it
		this.imds.advanceClock(Duration.ofHours(7));
		Thread.currentThread().interrupt();
		assertThat(provider.getCredentials()).isSameAs(first);
		assertThat(Thread.interrupted()).isTrue();
	}

	@Test
	void toStringShowsTheEndpointAndTheMaskedCredentials() {
		ImdsRoleCredentialsProvider provider = provider();
		assertThat(provider).hasToString(
				"ImdsRoleCredentialsProvider[endpoint=" + this.client.endpoint() + ", credentials=null]");
		provider.start();
		this.scheduler.runDue();
		assertThat(provider.toString()).contains("accessKeyId=****0001").doesNotContain("fake-");
	}

	@Test
	void builderRefusesDurationsThatAreNotPositive() {
		ImdsRoleCredentialsProviderBuilder builder = ImdsRoleCredentialsProvider.builder(this.client);
		assertThatIllegalArgumentException().isThrownBy(() -> builder.refreshBeforeExpiry(Duration.ZERO).build())
			.withMessage("'refreshBeforeExpiry' must be positive but was 'PT0S'");
		builder.refreshBeforeExpiry(Duration.ofMinutes(15));
		assertThatIllegalArgumentException().isThrownBy(() -> builder.firstFetchTimeout(Duration.ofSeconds(-1)).build())
			.withMessage("'firstFetchTimeout' must be positive but was 'PT-1S'");
		builder.firstFetchTimeout(Duration.ofSeconds(1));
		assertThatIllegalArgumentException().isThrownBy(() -> builder.expiredRefreshTimeout(null).build())
			.withMessage("'expiredRefreshTimeout' must be positive but was 'null'");
	}

	@Test
	void expiredCredentialsServedWhileTheRefreshHasNotEndedAreAWarning() {
		ImdsRoleCredentialsProvider provider = provider();
		provider.start();
		this.scheduler.runDue();
		RoleCredentials first = provider.getCredentials();
		// the host slept past expiry; the refresh the caller starts does not end within expiredRefreshTimeout
		this.imds.advanceClock(Duration.ofHours(7));
		try (CapturedLog log = new CapturedLog()) {
			assertThat(provider.getCredentials()).isSameAs(first);
			assertThat(log.events()).singleElement().satisfies((event) -> {
				assertThat(event.getLevel()).isEqualTo(Level.WARN);
				assertThat(event.getFormattedMessage())
					.startsWith("Serving expired credentials of role 'sample-role' (access key ****0001")
					.contains("cannot provide new ones: no answer yet.");
			});
		}
	}

	@Test
	void statusNamesTheRoleOfTheCredentialsStillServedAfterTheInstanceProfileIsDetached() {
		ImdsRoleCredentialsProvider provider = provider();
		provider.start();
		this.scheduler.runDue();
		// the instance profile is detached: the provider looks for the role again and finds none
		this.imds.noInstanceProfile();
		provider.refreshNow();
		this.scheduler.runDue();
		CredentialsStatus status = provider.status();
		assertThat(status.state()).isEqualTo(CredentialsStatus.State.DEGRADED);
		assertThat(status.lastError()).contains("No instance profile attached");
		assertThat(status.role()).isEqualTo("sample-role");
	}

	@Test
	void refreshEndedByCloseIsNeitherCountedNorWarnedAbout() throws Exception {
		BlockingImds blocking = new BlockingImds();
		ImdsRoleCredentialsProvider provider = ImdsRoleCredentialsProvider.builder(blocking)
			.clock(this.imds.clock())
			.scheduler(inTestTime(this.scheduler))
			.build();
		this.providers.add(provider);
		CompletableFuture<CredentialsStatus> refresh = provider.refreshNow();
		try (CapturedLog log = new CapturedLog()) {
			Thread runner = new Thread(this.scheduler::runDue, "refresh-runner");
			runner.start();
			assertThat(blocking.requested.await(30, TimeUnit.SECONDS)).isTrue();
			// the application shuts down while the request is in flight: closing the client ends it
			provider.close();
			blocking.release.countDown();
			runner.join(30_000);
			assertThat(runner.isAlive()).isFalse();
			assertThat(refresh).isDone();
			assertThat(provider.status().refreshFailures()).isEmpty();
			assertThat(log.events()).extracting(ILoggingEvent::getLevel, ILoggingEvent::getFormattedMessage)
				.containsExactly(tuple(Level.DEBUG, "Credentials refresh ended by close: ImdsClient is closed"));
		}
	}

	/**
	 * The provider's log events while open, at every level.
	 */
	private static final class CapturedLog implements AutoCloseable {

		private final Logger logger = (Logger) LoggerFactory.getLogger(ImdsRoleCredentialsProvider.class);

		private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

		private final Level previous;

		CapturedLog() {
			this.previous = this.logger.getLevel();
			this.logger.setLevel(Level.TRACE);
			this.appender.start();
			this.logger.addAppender(this.appender);
		}

		List<ILoggingEvent> events() {
			return this.appender.list;
		}

		@Override
		public void close() {
			this.logger.detachAppender(this.appender);
			this.logger.setLevel(this.previous);
		}

	}

	/**
	 * An {@link ImdsClient} whose request waits until released, then fails as a closed client does.
	 */
	private static final class BlockingImds implements ImdsClient {

		final CountDownLatch requested = new CountDownLatch(1);

		final CountDownLatch release = new CountDownLatch(1);

		@Override
		public Optional<ImdsResponse> get(String path) {
			this.requested.countDown();
			try {
				this.release.await(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			throw new IllegalStateException("ImdsClient is closed");
		}

		@Override
		public ImdsAvailability availability() {
			throw new UnsupportedOperationException();
		}

		@Override
		public ResolvedEndpoint endpoint() {
			return new ResolvedEndpoint(URI.create("http://127.0.0.1:1"), "test", false);
		}

		@Override
		public TokenStatus tokenStatus() {
			throw new UnsupportedOperationException();
		}

		@Override
		public void addListener(ImdsRequestListener listener) {
		}

		@Override
		public void removeListener(ImdsRequestListener listener) {
		}

		@Override
		public ImdsClientSettings settings() {
			throw new UnsupportedOperationException();
		}

		@Override
		public void close() {
		}

	}

}
