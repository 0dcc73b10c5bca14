package io.github.imds.client;

import io.github.imds.client.ImdsSettingNames.Setting;

/**
 * The advice attached to failures: one sentence naming the likely cause and the fix. Settings are named with
 * the client's {@link ImdsSettingNames}.
 */
final class ImdsHints {

	static final String TOKEN_FORBIDDEN = "IMDS refused the token request: the metadata service is disabled on "
			+ "this instance (HttpEndpoint=disabled), or a proxy added X-Forwarded-For. Fix: "
			+ "'aws ec2 modify-instance-metadata-options --instance-id <id> --http-endpoint enabled'";

	static final String THROTTLED = "IMDS is throttling this instance (HTTP 429): processes on the instance send "
			+ "too many requests; cache results and lower request rates";

	static final String UNAUTHORIZED = "IMDS rejected a freshly fetched token: check that nothing between the "
			+ "application and IMDS strips the X-aws-ec2-metadata-token header";

	static final String DATA_FORBIDDEN = "IMDS refused the request (HTTP 403): the metadata service is disabled on "
			+ "this instance, or the request went through a proxy";

	private final ImdsSettingNames names;

	ImdsHints(ImdsSettingNames names) {
		this.names = names;
	}

	String hopLimit() {
		return "The token PUT timed out although the endpoint accepts connections: this is the IMDSv2 hop limit, "
				+ "usual for containers on EC2 (the PUT response needs one more network hop). Fix: "
				+ "'aws ec2 modify-instance-metadata-options --instance-id <id> --http-put-response-hop-limit 2', "
				+ "or set " + allowV1() + " where IMDSv1 is acceptable";
	}

	String tokenNotSupported(int status) {
		return "The endpoint does not support IMDSv2 tokens (HTTP %d): check that %s points at IMDS, or set %s to "
			.formatted(status, name(Setting.ENDPOINT), allowV1()) + "allow IMDSv1";
	}

	String tokenBadRequest() {
		return "IMDS rejected the token request as malformed: check that %s is between 1s and 6h and that no proxy "
			.formatted(name(Setting.TOKEN_TTL)) + "or sidecar rewrites the request";
	}

	String notImds() {
		return "the endpoint does not behave like IMDS; check " + name(Setting.ENDPOINT);
	}

	String forStatus(int status) {
		if (status == 429) {
			return THROTTLED;
		}
		if (status == 403) {
			return DATA_FORBIDDEN;
		}
		if (status >= 300 && status < 400) {
			return "IMDS never redirects and redirects are not followed: %s probably points at something else"
				.formatted(name(Setting.ENDPOINT));
		}
		if (status >= 500) {
			return "IMDS answered HTTP %d on every attempt; this is usually transient".formatted(status);
		}
		return "IMDS does not answer HTTP %d to valid requests: check %s".formatted(status, name(Setting.ENDPOINT));
	}

	String forConnection(RequestOutcome outcome, ResolvedEndpoint endpoint) {
		String disable = this.names.assignment(Setting.ENABLED, false);
		return switch (outcome) {
			case CONNECTION_REFUSED -> ("Nothing listens at %s (%s): check the endpoint setting, or set %s where "
					+ "IMDS is not available").formatted(endpoint.uri(), endpoint.source(), disable);
			case CONNECT_TIMEOUT -> ("Nothing answers at %s (%s): connections time out. Off EC2, leave %s or set %s; "
					+ "on EC2, check that the metadata service is enabled (HttpEndpoint=enabled) and that no firewall "
					+ "drops link-local traffic")
				.formatted(endpoint.uri(), endpoint.source(),
						this.names.assignment(Setting.PLATFORM_DETECTION, PlatformDetectionMode.AUTO), disable);
			case READ_TIMEOUT -> "IMDS accepted the connection but did not answer in time (%s)"
				.formatted(name(Setting.READ_TIMEOUT));
			default -> "The connection to %s broke; this is usually transient".formatted(endpoint.uri());
		};
	}

	private String allowV1() {
		return this.names.assignment(Setting.V1_FALLBACK, true);
	}

	private String name(Setting setting) {
		return this.names.name(setting);
	}

}
