package io.github.imds.actuate;

import java.net.URI;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Stream;

import io.github.imds.client.ImdsAvailability;
import io.github.imds.client.PlatformDetection;
import io.github.imds.client.RequestKind;
import io.github.imds.client.RequestOutcome;
import io.github.imds.client.TokenStatus;
import io.github.imds.client.internal.ImdsRequestStatistics;
import io.github.imds.credentials.CredentialsStatus;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ImdsDiagnosis}: one row per known case.
 */
class ImdsDiagnosisTests {

	static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

	static final ImdsAvailability AVAILABLE = new ImdsAvailability(ImdsAvailability.State.AVAILABLE,
			"IMDS at " + URI.create("http://127.0.0.1:1338"),
			new PlatformDetection(PlatformDetection.State.EC2, "sys_vendor is Amazon EC2"));

	static final ImdsAvailability DISABLED = new ImdsAvailability(ImdsAvailability.State.DISABLED,
			"IMDS is disabled by AWS_EC2_METADATA_DISABLED=true",
			new PlatformDetection(PlatformDetection.State.SKIPPED, "platform detection skipped"));

	static final ImdsAvailability NOT_EC2 = new ImdsAvailability(ImdsAvailability.State.NOT_EC2,
			"sys_vendor is 'QEMU', not Amazon EC2",
			new PlatformDetection(PlatformDetection.State.NOT_EC2, "sys_vendor is 'QEMU', not Amazon EC2"));

	static final TokenStatus VALID = new TokenStatus(TokenStatus.State.VALID, T0, T0.plusSeconds(21600), null);

	static final TokenStatus FAILED = new TokenStatus(TokenStatus.State.FAILED, null, null, "token PUT failed");

	static final TokenStatus V1 = new TokenStatus(TokenStatus.State.V1_FALLBACK, null, null, "token PUT timed out");

	static Stream<Arguments> cases() {
		return Stream.of(
				row("disabled", DISABLED, VALID, Map.of(), null),
				row("not-ec2", NOT_EC2, VALID, Map.of(), null),
				row("healthy", AVAILABLE, VALID, Map.of(RequestKind.TOKEN, ok(0), RequestKind.METADATA, ok(1)), null),
				row("hop-limit", AVAILABLE, FAILED, Map.of(RequestKind.TOKEN, failed(RequestOutcome.READ_TIMEOUT, 1, 1)),
						null),
				row("hop-limit", AVAILABLE, V1,
						Map.of(RequestKind.TOKEN, failed(RequestOutcome.READ_TIMEOUT, 1, 1), RequestKind.METADATA, ok(2)),
						null),
				row("connection-refused", AVAILABLE, FAILED,
						Map.of(RequestKind.TOKEN, failed(RequestOutcome.CONNECTION_REFUSED, 1, 3)), null),
				row("black-holed", AVAILABLE, FAILED,
						Map.of(RequestKind.TOKEN, failed(RequestOutcome.CONNECT_TIMEOUT, 1, 3)), null),
				row("black-holed", AVAILABLE, V1, Map.of(RequestKind.TOKEN, failed(RequestOutcome.READ_TIMEOUT, 1, 1),
						RequestKind.METADATA, failed(RequestOutcome.READ_TIMEOUT, 2, 3)), null),
				row("token-forbidden", AVAILABLE, FAILED,
						Map.of(RequestKind.TOKEN, failed(RequestOutcome.FORBIDDEN, 1, 1)), null),
				row("unauthorized", AVAILABLE, VALID, Map.of(RequestKind.TOKEN, ok(0), RequestKind.METADATA,
						failed(RequestOutcome.UNAUTHORIZED, 2, 2)), null),
				// one 401 is not "repeated": the client renews the token once by itself
				row("imds-error", AVAILABLE, VALID, Map.of(RequestKind.TOKEN, ok(0), RequestKind.METADATA,
						failed(RequestOutcome.UNAUTHORIZED, 2, 1)), null),
				row("throttled", AVAILABLE, VALID, Map.of(RequestKind.TOKEN, ok(0), RequestKind.CREDENTIALS,
						failed(RequestOutcome.THROTTLED, 2, 3)), null),
				// a failure followed by an answer of another kind is history
				row("healthy", AVAILABLE, VALID, Map.of(RequestKind.TOKEN, ok(0), RequestKind.LIFECYCLE,
						failed(RequestOutcome.THROTTLED, 2, 1), RequestKind.METADATA, ok(3)), null),
				row("no-instance-profile", AVAILABLE, VALID, Map.of(RequestKind.CREDENTIALS, ok(1)),
						credentials(CredentialsStatus.State.NO_INSTANCE_PROFILE, null)),
				row("credentials-error", AVAILABLE, VALID, Map.of(RequestKind.CREDENTIALS, ok(1)),
						credentials(CredentialsStatus.State.CODE_NOT_SUCCESS, "AssumeRoleUnauthorizedAccess")),
				row("credentials-expired-served", AVAILABLE, VALID, Map.of(RequestKind.CREDENTIALS, ok(1)),
						credentials(CredentialsStatus.State.EXPIRED_SERVED, null)),
				row("credentials-degraded", AVAILABLE, VALID, Map.of(RequestKind.CREDENTIALS, ok(1)),
						credentials(CredentialsStatus.State.DEGRADED, null)),
				row("healthy", AVAILABLE, VALID, Map.of(RequestKind.CREDENTIALS, ok(1)),
						credentials(CredentialsStatus.State.VALID, null)),
				// the network cause wins over its effect on credentials
				row("throttled", AVAILABLE, VALID, Map.of(RequestKind.CREDENTIALS, failed(RequestOutcome.THROTTLED, 1, 3)),
						credentials(CredentialsStatus.State.DEGRADED, null)),
				row("imds-error", AVAILABLE, VALID, Map.of(RequestKind.METADATA, failed(RequestOutcome.SERVER_ERROR, 1, 3)),
						null),
				row("v1-fallback", AVAILABLE, V1, Map.of(RequestKind.TOKEN, failed(RequestOutcome.NOT_FOUND, 1, 1)),
						null));
	}

	@ParameterizedTest(name = "{0}: {index}")
	@MethodSource("cases")
	void diagnose(String code, ImdsAvailability availability, TokenStatus token,
			Map<RequestKind, ImdsRequestStatistics.Recent> recent, @Nullable CredentialsStatus credentials) {
		ImdsDiagnosis diagnosis = ImdsDiagnosis.diagnose(availability, token, new EnumMap<>(withKinds(recent)),
				credentials);
		assertThat(diagnosis.code()).isEqualTo(code);
		assertThat(diagnosis.message()).doesNotContain("%s").doesNotContain("null");
		assertThat(diagnosis.message().split("\\. ")).hasSize(1);
	}

	private static Map<RequestKind, ImdsRequestStatistics.Recent> withKinds(
			Map<RequestKind, ImdsRequestStatistics.Recent> recent) {
		Map<RequestKind, ImdsRequestStatistics.Recent> map = new EnumMap<>(RequestKind.class);
		map.putAll(recent);
		return map;
	}

	private static Arguments row(String code, ImdsAvailability availability, TokenStatus token,
			Map<RequestKind, ImdsRequestStatistics.Recent> recent, @Nullable CredentialsStatus credentials) {
		return Arguments.of(code, availability, token, recent, credentials);
	}

	private static ImdsRequestStatistics.Recent ok(int second) {
		return new ImdsRequestStatistics.Recent(RequestOutcome.SUCCESS, 200, T0.plusSeconds(second), null, 1);
	}

	private static ImdsRequestStatistics.Recent failed(RequestOutcome outcome, int second, int consecutive) {
		return new ImdsRequestStatistics.Recent(outcome, 0, T0.plusSeconds(second), outcome.tag(), consecutive);
	}

	private static CredentialsStatus credentials(CredentialsStatus.State state, @Nullable String code) {
		return new CredentialsStatus(state, "sample-role", "****0001", T0.plusSeconds(3600), T0,
				T0.plusSeconds(2700), 0, "refresh failed: HTTP 500", code, null, null, "instance-profile", Map.of());
	}

}
