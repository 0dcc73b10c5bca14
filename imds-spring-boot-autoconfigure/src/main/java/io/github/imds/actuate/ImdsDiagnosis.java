package io.github.imds.actuate;

import java.time.Instant;
import java.util.Map;

import io.github.imds.client.ImdsAvailability;
import io.github.imds.client.RequestKind;
import io.github.imds.client.RequestOutcome;
import io.github.imds.client.TokenStatus;
import io.github.imds.client.internal.ImdsRequestStatistics;
import io.github.imds.credentials.CredentialsStatus;
import org.jspecify.annotations.Nullable;

/**
 * One sentence naming the cause of an IMDS problem and its fix, with a short stable code.
 *
 * @param code a short, stable code such as {@code hop-limit} or {@code healthy}
 * @param message the cause and the fix, in one sentence
 * @since 0.1.0
 */
public record ImdsDiagnosis(String code, String message) {

	static final String MODIFY_OPTIONS = "'aws ec2 modify-instance-metadata-options --instance-id <id>";

	/**
	 * Diagnoses the state of IMDS from what is known, without any request. The first matching case wins,
	 * in this order: disabled, not on EC2, the network cases (hop limit, refused, black-holed), refused
	 * token, repeated 401, throttling, the credentials cases, any other failure, healthy.
	 * @param availability whether the client may send requests
	 * @param token the token state
	 * @param recent the latest outcome of each kind of request
	 * @param credentials the credentials status, or {@code null} when credentials are not used
	 * @return the diagnosis
	 */
	static ImdsDiagnosis diagnose(ImdsAvailability availability, TokenStatus token,
			Map<RequestKind, ImdsRequestStatistics.Recent> recent, @Nullable CredentialsStatus credentials) {
		if (availability.state() == ImdsAvailability.State.DISABLED) {
			return new ImdsDiagnosis("disabled", ("%s, so no instance metadata or role credentials are read; remove "
					+ "that setting where this application should use IMDS").formatted(availability.reason()));
		}
		if (availability.state() == ImdsAvailability.State.NOT_EC2) {
			return new ImdsDiagnosis("not-ec2", ("Not running on EC2 (%s), so IMDS is not contacted; this is "
					+ "expected off EC2, else set imds.endpoint (a simulator) or imds.platform-detection=off")
				.formatted(availability.reason()));
		}
		ImdsRequestStatistics.Recent tokenRecent = currentTokenFailure(token, recent);
		ImdsRequestStatistics.Recent data = currentDataFailure(recent);
		RequestOutcome tokenOutcome = (tokenRecent != null) ? tokenRecent.outcome() : null;
		RequestOutcome dataOutcome = (data != null) ? data.outcome() : null;
		if (tokenOutcome == RequestOutcome.READ_TIMEOUT && dataOutcome != RequestOutcome.READ_TIMEOUT
				&& dataOutcome != RequestOutcome.CONNECT_TIMEOUT) {
			return new ImdsDiagnosis("hop-limit", "The IMDSv2 token PUT times out while the endpoint accepts "
					+ "connections: the PUT response hop limit is too low for this container (default 1); fix: "
					+ MODIFY_OPTIONS + " --http-put-response-hop-limit 2', or imds.v1-fallback=true where IMDSv1 is "
					+ "acceptable");
		}
		if (tokenOutcome == RequestOutcome.CONNECTION_REFUSED || dataOutcome == RequestOutcome.CONNECTION_REFUSED) {
			return new ImdsDiagnosis("connection-refused", ("Nothing listens at the IMDS endpoint (connection "
					+ "refused): check imds.endpoint and AWS_EC2_METADATA_SERVICE_ENDPOINT, or set imds.enabled=false "
					+ "where there is no IMDS"));
		}
		if (tokenOutcome == RequestOutcome.CONNECT_TIMEOUT || dataOutcome == RequestOutcome.CONNECT_TIMEOUT
				|| (tokenOutcome == RequestOutcome.READ_TIMEOUT && dataOutcome == RequestOutcome.READ_TIMEOUT)) {
			return new ImdsDiagnosis("black-holed", "Requests to the IMDS endpoint time out (black-holed): off EC2 "
					+ "leave imds.platform-detection=auto or set imds.enabled=false; on EC2 enable the metadata service "
					+ "(" + MODIFY_OPTIONS + " --http-endpoint enabled') and let link-local traffic through firewalls "
					+ "and proxies");
		}
		if (tokenOutcome == RequestOutcome.FORBIDDEN) {
			return new ImdsDiagnosis("token-forbidden", "IMDS answers 403 to the IMDSv2 token PUT: the metadata "
					+ "service or its tokens are disabled on this instance, or a proxy adds X-Forwarded-For; fix: "
					+ MODIFY_OPTIONS + " --http-endpoint enabled --http-tokens required', or remove the proxy");
		}
		if (dataOutcome == RequestOutcome.UNAUTHORIZED && data.consecutive() >= 2) {
			return new ImdsDiagnosis("unauthorized", "IMDS answers 401 even to freshly issued tokens: something "
					+ "between the application and IMDS strips the X-aws-ec2-metadata-token header or replays old "
					+ "tokens; send requests to IMDS directly, without a proxy");
		}
		if (tokenOutcome == RequestOutcome.THROTTLED || dataOutcome == RequestOutcome.THROTTLED) {
			return new ImdsDiagnosis("throttled", "IMDS throttles this instance (HTTP 429): processes on it send "
					+ "too many metadata requests; cache results (this starter does) and lower the request rate of "
					+ "other IMDS clients on the instance");
		}
		if (tokenRecent != null && token.state() == TokenStatus.State.FAILED) {
			// Without a token no credentials can be read either: the token request is what to fix, not the
			// instance profile (for example a 400, whose hint is in the token's error).
			return new ImdsDiagnosis("imds-error", "The IMDSv2 token request failed (%s)".formatted(token.lastError()));
		}
		ImdsDiagnosis forCredentials = (credentials != null) ? diagnose(credentials) : null;
		if (forCredentials != null) {
			return forCredentials;
		}
		if (tokenRecent != null || data != null) {
			ImdsRequestStatistics.Recent failure = (data != null) ? data : tokenRecent;
			return new ImdsDiagnosis("imds-error", ("IMDS requests fail (%s, %s); this is usually transient, else "
					+ "check imds.endpoint").formatted(failure.outcome().tag(), failure.error()));
		}
		if (token.state() == TokenStatus.State.FAILED) {
			return new ImdsDiagnosis("imds-error", "The IMDSv2 token request failed (%s)".formatted(token.lastError()));
		}
		if (token.state() == TokenStatus.State.V1_FALLBACK) {
			return new ImdsDiagnosis("v1-fallback", ("IMDSv2 tokens cannot be had (%s), so requests use IMDSv1; "
					+ "fix the token PUT (hop limit, proxy) to get IMDSv2 back").formatted(token.lastError()));
		}
		return new ImdsDiagnosis("healthy", "IMDS answers over %s; nothing to fix".formatted(token.protocol()));
	}

	private static @Nullable ImdsDiagnosis diagnose(CredentialsStatus credentials) {
		return switch (credentials.state()) {
			case NO_INSTANCE_PROFILE -> new ImdsDiagnosis("no-instance-profile", "The instance has no instance "
					+ "profile, so IMDS has no role credentials; attach one ('aws ec2 associate-iam-instance-profile "
					+ "--instance-id <id> --iam-instance-profile Name=<profile>') or set imds.credentials.enabled=false");
			case CODE_NOT_SUCCESS -> new ImdsDiagnosis("credentials-error", ("IMDS answers Code '%s' instead of "
					+ "Success for role '%s' (%s): check that the role exists and that its trust policy allows "
					+ "ec2.amazonaws.com, then re-associate the instance profile")
				.formatted(credentials.code(), credentials.role(), credentials.lastError()));
			case EXPIRED_SERVED -> new ImdsDiagnosis("credentials-expired-served", ("The role credentials expired "
					+ "at %s and are still served by static stability because refreshes fail (%s); AWS calls may be "
					+ "refused until IMDS answers again: fix the refresh cause")
				.formatted(credentials.expiration(), credentials.lastError()));
			case FAILED -> new ImdsDiagnosis("credentials-error", ("No valid role credentials (%s): check the "
					+ "instance profile and imds.credentials.role-name").formatted(credentials.lastError()));
			case DEGRADED -> new ImdsDiagnosis("credentials-degraded", ("Refreshing the role credentials fails (%s); "
					+ "the current ones stay valid until %s and the refresh is retried")
				.formatted(credentials.lastError(), credentials.expiration()));
			default -> null;
		};
	}

	/**
	 * The latest token outcome, if it failed and tokens are still a problem: a token failure followed by a
	 * valid token is history.
	 */
	private static ImdsRequestStatistics.@Nullable Recent currentTokenFailure(TokenStatus token,
			Map<RequestKind, ImdsRequestStatistics.Recent> recent) {
		ImdsRequestStatistics.Recent latest = recent.get(RequestKind.TOKEN);
		if (latest == null || latest.isAnswer() || token.state() == TokenStatus.State.VALID) {
			return null;
		}
		return latest;
	}

	/**
	 * The latest failed data request, unless a data request was answered after it: then it was transient.
	 */
	private static ImdsRequestStatistics.@Nullable Recent currentDataFailure(
			Map<RequestKind, ImdsRequestStatistics.Recent> recent) {
		Instant lastAnswer = null;
		ImdsRequestStatistics.Recent latestFailure = null;
		for (Map.Entry<RequestKind, ImdsRequestStatistics.Recent> entry : recent.entrySet()) {
			if (entry.getKey() == RequestKind.TOKEN) {
				continue;
			}
			ImdsRequestStatistics.Recent candidate = entry.getValue();
			if (candidate.isAnswer()) {
				lastAnswer = (lastAnswer == null || candidate.at().isAfter(lastAnswer)) ? candidate.at() : lastAnswer;
			}
			else if (latestFailure == null || candidate.at().isAfter(latestFailure.at())) {
				latestFailure = candidate;
			}
		}
		if (latestFailure == null || (lastAnswer != null && lastAnswer.isAfter(latestFailure.at()))) {
			return null;
		}
		return latestFailure;
	}

}
