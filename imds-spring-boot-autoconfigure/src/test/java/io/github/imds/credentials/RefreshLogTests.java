package io.github.imds.credentials;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.github.imds.client.ImdsResponseException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Tests for {@link RefreshLog}: which line, at which level, for each way a refresh ends, and at most one
 * expiry warning per interval. The events are read from the logger itself, whatever the console shows.
 */
class RefreshLogTests {

	private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

	private static final String ENDPOINT = "http://127.0.0.1:1338 (imds.endpoint)";

	private static final Duration INTERVAL = Duration.ofMinutes(5);

	private static final RoleCredentials FIRST = credentials("ASIAFAKE000000000001", T0.plus(Duration.ofHours(6)));

	private static final RoleCredentials SECOND = credentials("ASIAFAKE000000000002", T0.plus(Duration.ofHours(7)));

	private static final RuntimeException HTTP_500 = new ImdsResponseException("IMDS answered HTTP 500", "/x", 500,
			null);

	private final RefreshLog log = new RefreshLog(ENDPOINT, INTERVAL);

	private final Logger logger = (Logger) LoggerFactory.getLogger(ImdsRoleCredentialsProvider.class);

	private final ListAppender<ILoggingEvent> events = new ListAppender<>();

	private Level previousLevel;

	@BeforeEach
	void captureEvents() {
		this.previousLevel = this.logger.getLevel();
		this.logger.setLevel(Level.TRACE);
		this.events.start();
		this.logger.addAppender(this.events);
	}

	@AfterEach
	void restoreLogger() {
		this.logger.detachAppender(this.events);
		this.logger.setLevel(this.previousLevel);
	}

	private static RoleCredentials credentials(String accessKeyId, Instant expiration) {
		return new RoleCredentials(accessKeyId, "fake-secret", "fake-session-token", expiration, "sample-role", null);
	}

	private static RefreshState serving(@Nullable RoleCredentials credentials, Instant at, int failures,
			@Nullable RuntimeException error) {
		return new RefreshState(credentials, T0, at.plusSeconds(60), at, failures, error, null, null);
	}

	private void refreshed(RefreshState before, RefreshState after, RefreshTransitions.Kind kind,
			boolean staticStability) {
		this.log.refreshed(before, new RefreshTransitions.Transition(after, Duration.ofSeconds(60), kind),
				after.lastAttempt(), staticStability);
	}

	private List<ILoggingEvent> events() {
		return this.events.list;
	}

	private void assertLogged(Level level, String message) {
		assertThat(events()).extracting(ILoggingEvent::getLevel, ILoggingEvent::getFormattedMessage)
			.containsExactly(tuple(level, message));
	}

	@Test
	void firstCredentialsAreOneInfoLine() {
		refreshed(RefreshState.INITIAL, serving(FIRST, T0, 0, null), RefreshTransitions.Kind.OBTAINED, true);
		assertLogged(Level.INFO, "Obtained credentials of role 'sample-role' (access key ****0001, expiring at "
				+ FIRST.expiration() + ") from IMDS; next refresh at " + T0.plusSeconds(60));
	}

	@Test
	void credentialsAfterFailuresSayHowManyFailed() {
		refreshed(serving(null, T0, 3, HTTP_500), serving(FIRST, T0, 0, null), RefreshTransitions.Kind.OBTAINED,
				true);
		assertLogged(Level.INFO, "Obtained credentials of role 'sample-role' (access key ****0001, expiring at "
				+ FIRST.expiration() + ") from IMDS after 3 failed attempts; next refresh at " + T0.plusSeconds(60));
	}

	@Test
	void sameCredentialsAreADebugLine() {
		refreshed(serving(FIRST, T0, 0, null), serving(FIRST, T0, 0, null), RefreshTransitions.Kind.SAME, true);
		assertLogged(Level.DEBUG, "IMDS still serves the same credentials of role 'sample-role' (expiring at "
				+ FIRST.expiration() + "); asking again at " + T0.plusSeconds(60));
	}

	@Test
	void rotatedCredentialsAreADebugLine() {
		refreshed(serving(FIRST, T0, 0, null), serving(SECOND, T0, 0, null), RefreshTransitions.Kind.ROTATED, true);
		assertLogged(Level.DEBUG, "Refreshed credentials of role 'sample-role' (access key ****0002, expiring at "
				+ SECOND.expiration() + "); next refresh at " + T0.plusSeconds(60));
	}

	@Test
	void rotatedCredentialsAreNotLoggedAboveDebug() {
		this.logger.setLevel(Level.INFO);
		refreshed(serving(FIRST, T0, 0, null), serving(SECOND, T0, 0, null), RefreshTransitions.Kind.ROTATED, true);
		assertThat(events()).isEmpty();
	}

	@Test
	void firstFailureIsAWarningThatNamesTheEndpointAndTheCause() {
		refreshed(RefreshState.INITIAL, serving(null, T0, 1, HTTP_500), RefreshTransitions.Kind.FAILED, true);
		assertLogged(Level.WARN, "Could not obtain role credentials from IMDS at " + ENDPOINT
				+ ": IMDS answered HTTP 500; retrying at " + T0.plusSeconds(60));
	}

	@Test
	void firstFailureWhileCredentialsAreValidSaysHowLongTheyLast() {
		refreshed(serving(FIRST, T0, 0, null), serving(FIRST, T0, 1, HTTP_500), RefreshTransitions.Kind.FAILED, true);
		assertLogged(Level.WARN, "Could not obtain role credentials from IMDS at " + ENDPOINT
				+ ": IMDS answered HTTP 500; the current credentials stay valid until " + FIRST.expiration()
				+ "; retrying at " + T0.plusSeconds(60));
	}

	@Test
	void laterFailuresAreDebugLinesWithTheException() {
		refreshed(serving(null, T0, 1, HTTP_500), serving(null, T0, 2, HTTP_500), RefreshTransitions.Kind.FAILED, true);
		assertLogged(Level.DEBUG, "Credentials refresh failed 2 times in a row; retrying at " + T0.plusSeconds(60));
		assertThat(events().get(0).getThrowableProxy().getMessage()).isEqualTo("IMDS answered HTTP 500");
	}

	@Test
	void laterFailuresAreNotLoggedAboveDebug() {
		this.logger.setLevel(Level.INFO);
		refreshed(serving(null, T0, 1, HTTP_500), serving(null, T0, 2, HTTP_500), RefreshTransitions.Kind.FAILED, true);
		assertThat(events()).isEmpty();
	}

	@Test
	void noInstanceProfileAfterOtherFailuresIsAWarningOnce() {
		NoInstanceProfileException none = new NoInstanceProfileException(RoleCredentialsFetcher.LEGACY_PATH);
		refreshed(serving(null, T0, 2, HTTP_500), serving(null, T0, 3, none), RefreshTransitions.Kind.FAILED, true);
		assertThat(events()).singleElement().satisfies((event) -> {
			assertThat(event.getLevel()).isEqualTo(Level.WARN);
			assertThat(event.getFormattedMessage()).contains("No instance profile attached");
		});
		this.events.list.clear();
		refreshed(serving(null, T0, 3, none), serving(null, T0, 4, none), RefreshTransitions.Kind.FAILED, true);
		assertThat(events()).extracting(ILoggingEvent::getLevel).containsExactly(Level.DEBUG);
	}

	@Test
	void expiredCredentialsServedByStaticStabilityAreAWarningOncePerInterval() {
		Instant expired = FIRST.expiration().plusSeconds(1);
		refreshed(serving(FIRST, T0, 3, HTTP_500), serving(FIRST, expired, 4, HTTP_500),
				RefreshTransitions.Kind.FAILED, true);
		assertLogged(Level.WARN, "Serving expired credentials of role 'sample-role' (access key ****0001, expired at "
				+ FIRST.expiration() + ") because IMDS at " + ENDPOINT + " cannot provide new ones: IMDS answered HTTP "
				+ "500. Static stability keeps them in use while refreshing goes on; this is logged again in PT5M if "
				+ "it lasts");
		this.log.servingExpired(FIRST, HTTP_500, expired.plus(INTERVAL).minusMillis(1));
		assertThat(events()).hasSize(1);
		this.log.servingExpired(FIRST, HTTP_500, expired.plus(INTERVAL));
		assertThat(events()).hasSize(2);
	}

	@Test
	void expiredCredentialsWithoutStaticStabilityAreAWarningOncePerInterval() {
		Instant expired = FIRST.expiration().plusSeconds(1);
		refreshed(serving(FIRST, T0, 3, HTTP_500), serving(FIRST, expired, 4, HTTP_500),
				RefreshTransitions.Kind.FAILED, false);
		assertLogged(Level.WARN, "Credentials of role 'sample-role' (access key ****0001) expired at "
				+ FIRST.expiration() + " and IMDS at " + ENDPOINT + " cannot provide new ones: IMDS answered HTTP 500. "
				+ "Static stability is off, so getting credentials fails until IMDS answers");
		refreshed(serving(FIRST, expired, 4, HTTP_500), serving(FIRST, expired.plusSeconds(1), 5, HTTP_500),
				RefreshTransitions.Kind.FAILED, false);
		assertThat(events()).hasSize(1);
	}

	@ParameterizedTest
	@EnumSource(names = { "OBTAINED", "SAME", "ROTATED" })
	void credentialsFromImdsEndTheExpiryWarningInterval(RefreshTransitions.Kind kind) {
		Instant expired = FIRST.expiration().plusSeconds(1);
		this.log.servingExpired(FIRST, HTTP_500, expired);
		refreshed(serving(FIRST, expired, 4, HTTP_500), serving(SECOND, expired, 0, null), kind, true);
		this.events.list.clear();
		this.log.servingExpired(SECOND, null, expired.plusSeconds(1));
		assertThat(events()).singleElement()
			.satisfies((event) -> assertThat(event.getFormattedMessage()).contains("****0002")
				.contains("cannot provide new ones: no answer yet."));
	}

	@Test
	void refreshEndedByCloseIsADebugLine() {
		this.log.endedByClose(new IllegalStateException("ImdsClient is closed"));
		assertLogged(Level.DEBUG, "Credentials refresh ended by close: ImdsClient is closed");
	}

	@Test
	void describeSaysWhenThereIsNoErrorOrNoMessage() {
		assertThat(RefreshLog.describe(null)).isEqualTo("no answer yet");
		assertThat(RefreshLog.describe(new IllegalStateException())).isEqualTo("null");
		assertThat(RefreshLog.describe(HTTP_500)).isEqualTo("IMDS answered HTTP 500");
	}

}
