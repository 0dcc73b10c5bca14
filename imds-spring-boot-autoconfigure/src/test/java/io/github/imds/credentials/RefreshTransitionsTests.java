package io.github.imds.credentials;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.stream.Stream;

import io.github.imds.client.ImdsResponseException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Table tests for {@link RefreshTransitions}: state, result, time in; state, delay, status out. No thread.
 */
class RefreshTransitionsTests {

	private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

	private static final RoleCredentials FIRST = credentials("ASIAFAKE000000000001", T0.plus(Duration.ofHours(6)));

	private static final RoleCredentials SECOND = credentials("ASIAFAKE000000000002", T0.plus(Duration.ofHours(7)));

	private static final RuntimeException HTTP_500 = new ImdsResponseException("HTTP 500", "/x", 500, null);

	private final RefreshTransitions stable = transitions(true);

	private final RefreshTransitions strict = transitions(false);

	private static RefreshTransitions transitions(boolean staticStability) {
		return new RefreshTransitions(Duration.ofMinutes(15), staticStability, new Random(42));
	}

	private static RoleCredentials credentials(String accessKeyId, Instant expiration) {
		return new RoleCredentials(accessKeyId, "fake-secret", "fake-session-token", expiration, "sample-role", null);
	}

	private static RefreshState holding(RoleCredentials credentials, @Nullable Instant lastAttempt, int failures) {
		return new RefreshState(credentials, T0, T0.plus(Duration.ofMinutes(340)), lastAttempt, failures,
				(failures > 0) ? HTTP_500 : null, null, null);
	}

	static Stream<Arguments> reads() {
		Instant expired = T0.plus(Duration.ofHours(6)).plusSeconds(1);
		return Stream.of(Arguments.of("nothing yet", RefreshState.INITIAL, T0, true, RefreshTransitions.Read.AWAIT_FIRST),
				Arguments.of("valid", holding(FIRST, T0, 0), T0.plusSeconds(60), true, RefreshTransitions.Read.SERVE),
				Arguments.of("valid while refresh fails", holding(FIRST, T0.plusSeconds(30), 2), T0.plusSeconds(60), true,
						RefreshTransitions.Read.SERVE),
				Arguments.of("expired, not asked since (suspend)", holding(FIRST, T0, 0), expired, true,
						RefreshTransitions.Read.AWAIT_REFRESH),
				Arguments.of("expired, not asked since, strict", holding(FIRST, T0, 0), expired, false,
						RefreshTransitions.Read.AWAIT_REFRESH),
				Arguments.of("expired, asked since and failed", holding(FIRST, expired, 3), expired.plusSeconds(1), true,
						RefreshTransitions.Read.SERVE_EXPIRED),
				Arguments.of("expired, asked since and failed, strict", holding(FIRST, expired, 3),
						expired.plusSeconds(1), false, RefreshTransitions.Read.FAIL_EXPIRED));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("reads")
	void readFollowsTheTable(String name, RefreshState state, Instant now, boolean staticStability,
			RefreshTransitions.Read expected) {
		assertThat(transitions(staticStability).read(state, now)).isEqualTo(expected);
	}

	static Stream<Arguments> states() {
		Instant expired = T0.plus(Duration.ofHours(7));
		RefreshState noProfile = new RefreshState(null, null, null, T0, 1,
				new NoInstanceProfileException(RoleCredentialsFetcher.LEGACY_PATH), null, null);
		RefreshState code = new RefreshState(null, null, null, T0, 1,
				new RoleCredentialsCodeException("/x", "Failure", "no"), "Failure", "no");
		RefreshState failed = new RefreshState(null, null, null, T0, 1, HTTP_500, null, null);
		return Stream.of(Arguments.of(RefreshState.INITIAL, T0, true, CredentialsStatus.State.NOT_LOADED),
				Arguments.of(noProfile, T0, true, CredentialsStatus.State.NO_INSTANCE_PROFILE),
				Arguments.of(code, T0, true, CredentialsStatus.State.CODE_NOT_SUCCESS),
				Arguments.of(failed, T0, true, CredentialsStatus.State.FAILED),
				Arguments.of(holding(FIRST, T0, 0), T0, true, CredentialsStatus.State.VALID),
				Arguments.of(holding(FIRST, T0, 1), T0, true, CredentialsStatus.State.DEGRADED),
				Arguments.of(holding(FIRST, T0, 1), expired, true, CredentialsStatus.State.EXPIRED_SERVED),
				Arguments.of(holding(FIRST, T0, 1), expired, false, CredentialsStatus.State.FAILED));
	}

	@ParameterizedTest
	@MethodSource("states")
	void stateAtFollowsTheTable(RefreshState state, Instant now, boolean staticStability,
			CredentialsStatus.State expected) {
		assertThat(transitions(staticStability).stateAt(state, now)).isEqualTo(expected);
	}

	@Test
	void firstSuccessSchedulesBeforeExpiryAndRecordsTheAttempt() {
		RefreshTransitions.Transition transition = this.stable.fetched(RefreshState.INITIAL, FIRST, T0);
		assertThat(transition.kind()).isEqualTo(RefreshTransitions.Kind.OBTAINED);
		assertThat(transition.state().credentials()).isSameAs(FIRST);
		assertThat(transition.state().lastAttempt()).isEqualTo(T0);
		assertThat(transition.delay()).isBetween(Duration.ofMinutes(342), Duration.ofMinutes(345));
		assertThat(transition.state().nextRefresh()).isEqualTo(T0.plus(transition.delay()));
	}

	@Test
	void rotationAndSameCredentialsAreTold() {
		RefreshState held = this.stable.fetched(RefreshState.INITIAL, FIRST, T0).state();
		assertThat(this.stable.fetched(held, SECOND, T0.plusSeconds(60)).kind()).isEqualTo(RefreshTransitions.Kind.ROTATED);
		RefreshTransitions.Transition same = this.stable.fetched(held, credentials("ASIAFAKE000000000001",
				FIRST.expiration()), T0.plusSeconds(60));
		assertThat(same.kind()).isEqualTo(RefreshTransitions.Kind.SAME);
		assertThat(same.state().credentials()).isSameAs(FIRST);
	}

	@Test
	void successAfterFailuresResetsThemAndIsObtained() {
		RefreshTransitions.Transition transition = this.stable.fetched(holding(FIRST, T0, 3), SECOND, T0);
		assertThat(transition.kind()).isEqualTo(RefreshTransitions.Kind.OBTAINED);
		assertThat(transition.state().consecutiveFailures()).isZero();
		assertThat(transition.state().lastError()).isNull();
	}

	@Test
	void failureKeepsTheCredentialsAndBacksOff() {
		RefreshState held = holding(FIRST, T0, 0);
		RefreshTransitions.Transition first = this.stable.failed(held, HTTP_500, T0.plusSeconds(10));
		assertThat(first.state().credentials()).isSameAs(FIRST);
		assertThat(first.state().consecutiveFailures()).isOne();
		assertThat(first.state().lastAttempt()).isEqualTo(T0.plusSeconds(10));
		assertThat(first.delay()).isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));
		RefreshTransitions.Transition many = this.stable.failed(holding(FIRST, T0, 12), HTTP_500, T0);
		assertThat(many.delay()).isBetween(Duration.ofSeconds(30), RefreshTransitions.BACKOFF_CAP);
	}

	@Test
	void codeFailureRecordsCodeAndMessage() {
		RefreshTransitions.Transition transition = this.stable.failed(RefreshState.INITIAL,
				new RoleCredentialsCodeException("/x", "Failure", "Role cannot be assumed"), T0);
		assertThat(transition.state().lastCode()).isEqualTo("Failure");
		assertThat(transition.state().lastMessage()).isEqualTo("Role cannot be assumed");
	}

	@Test
	void expiredOnArrivalIsAFailureThatServesThemOnlyWithStaticStability() {
		Instant late = T0.plus(Duration.ofHours(8));
		RefreshTransitions.Transition stable = this.stable.fetched(RefreshState.INITIAL, FIRST, late);
		assertThat(stable.kind()).isEqualTo(RefreshTransitions.Kind.FAILED);
		assertThat(stable.state().credentials()).isSameAs(FIRST);
		assertThat(RefreshFailureCause.of(stable.state().lastError())).isEqualTo(RefreshFailureCause.EXPIRED_ON_ARRIVAL);
		assertThat(this.strict.fetched(RefreshState.INITIAL, FIRST, late).state().credentials()).isNull();
	}

	@Test
	void failureBeforeAnyCredentialsLeavesNothingToServe() {
		RefreshTransitions.Transition transition = this.stable.failed(RefreshState.INITIAL, HTTP_500, T0);
		assertThat(transition.state().credentials()).isNull();
		assertThat(transition.state().lastRefresh()).isNull();
		assertThat(transition.state().lastError()).isSameAs(HTTP_500);
		assertThat(transition.state().nextRefresh()).isEqualTo(T0.plus(transition.delay()));
	}

	@Test
	void expiredOnArrivalWhileValidCredentialsAreHeldKeepsTheValidOnes() {
		RefreshState held = holding(SECOND, T0, 0);
		Instant now = FIRST.expiration().plusSeconds(1);
		RefreshTransitions.Transition transition = this.stable.fetched(held, FIRST, now);
		assertThat(transition.kind()).isEqualTo(RefreshTransitions.Kind.FAILED);
		assertThat(transition.state().credentials()).isSameAs(SECOND);
		assertThat(transition.state().lastRefresh()).isEqualTo(T0);
	}

	@Test
	void expiredOnArrivalWhileOlderExpiredCredentialsAreHeldServesTheNewerOnes() {
		Instant now = SECOND.expiration().plusSeconds(1);
		RefreshTransitions.Transition transition = this.stable.fetched(holding(FIRST, T0, 2), SECOND, now);
		assertThat(transition.state().credentials()).isSameAs(SECOND);
		assertThat(transition.state().lastRefresh()).isEqualTo(now);
		assertThat(transition.state().consecutiveFailures()).isEqualTo(3);
		assertThat(this.strict.fetched(holding(FIRST, T0, 2), SECOND, now).state().credentials()).isSameAs(FIRST);
	}

	@Test
	void expiredOnArrivalOfOlderCredentialsThanTheExpiredOnesHeldKeepsTheHeldOnes() {
		Instant now = SECOND.expiration().plusSeconds(1);
		RefreshTransitions.Transition transition = this.stable.fetched(holding(SECOND, T0, 2), FIRST, now);
		assertThat(transition.state().credentials()).isSameAs(SECOND);
		assertThat(transition.state().lastRefresh()).isEqualTo(T0);
	}

}
