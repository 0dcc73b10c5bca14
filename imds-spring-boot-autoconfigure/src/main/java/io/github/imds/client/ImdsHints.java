package io.github.imds.client;

/**
 * The advice attached to failures: one sentence naming the likely cause and the fix.
 */
final class ImdsHints {

	static final String HOP_LIMIT = "The token PUT timed out although the endpoint accepts connections: this is "
			+ "the IMDSv2 hop limit, usual for containers on EC2 (the PUT response needs one more network hop). Fix: "
			+ "'aws ec2 modify-instance-metadata-options --instance-id <id> --http-put-response-hop-limit 2', or set "
			+ "imds.v1-fallback=true where IMDSv1 is acceptable";

	static final String TOKEN_FORBIDDEN = "IMDS refused the token request: the metadata service is disabled on "
			+ "this instance (HttpEndpoint=disabled), or a proxy added X-Forwarded-For. Fix: "
			+ "'aws ec2 modify-instance-metadata-options --instance-id <id> --http-endpoint enabled'";

	static final String TOKEN_NOT_SUPPORTED = "The endpoint does not support IMDSv2 tokens (HTTP %d): check that "
			+ "imds.endpoint points at IMDS, or set imds.v1-fallback=true to allow IMDSv1";

	static final String TOKEN_BAD_REQUEST = "IMDS rejected the token request as malformed: check that imds.token-ttl "
			+ "is between 1s and 6h and that no proxy or sidecar rewrites the request";

	static final String THROTTLED = "IMDS is throttling this instance (HTTP 429): processes on the instance send "
			+ "too many requests; cache results and lower request rates";

	static final String UNAUTHORIZED = "IMDS rejected a freshly fetched token: check that nothing between the "
			+ "application and IMDS strips the X-aws-ec2-metadata-token header";

	static final String REDIRECT = "IMDS never redirects and redirects are not followed: imds.endpoint probably "
			+ "points at something else";

	static final String DATA_FORBIDDEN = "IMDS refused the request (HTTP 403): the metadata service is disabled on "
			+ "this instance, or the request went through a proxy";

	private ImdsHints() {
	}

	static String forStatus(int status) {
		if (status == 429) {
			return THROTTLED;
		}
		if (status == 403) {
			return DATA_FORBIDDEN;
		}
		if (status >= 300 && status < 400) {
			return REDIRECT;
		}
		if (status >= 500) {
			return "IMDS answered HTTP %d on every attempt; this is usually transient".formatted(status);
		}
		return "IMDS does not answer HTTP %d to valid requests: check imds.endpoint".formatted(status);
	}

	static String forConnection(RequestOutcome outcome, ResolvedEndpoint endpoint) {
		return switch (outcome) {
			case CONNECTION_REFUSED -> ("Nothing listens at %s (%s): check the endpoint setting, or set "
					+ "imds.enabled=false where IMDS is not available").formatted(endpoint.uri(), endpoint.source());
			case CONNECT_TIMEOUT -> ("Nothing answers at %s (%s): connections time out. Off EC2, leave "
					+ "imds.platform-detection=auto or set imds.enabled=false; on EC2, check that the metadata "
					+ "service is enabled (HttpEndpoint=enabled) and that no firewall drops link-local traffic")
				.formatted(endpoint.uri(), endpoint.source());
			case READ_TIMEOUT -> "IMDS accepted the connection but did not answer in time (imds.read-timeout)";
			default -> "The connection to %s broke; this is usually transient".formatted(endpoint.uri());
		};
	}

}
