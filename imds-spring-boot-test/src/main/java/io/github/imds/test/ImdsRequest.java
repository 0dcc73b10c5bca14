package io.github.imds.test;

import java.time.Instant;

/**
 * One request received by an {@link ImdsSimulator}, as recorded in its journal.
 *
 * @param method the HTTP method, such as {@code GET} or {@code PUT}
 * @param path the decoded request path, without the query string
 * @param at when the request arrived, on the simulator's clock
 * @param status the status answered, or {@code 0} when no response was sent (connection
 * reset, dropped token response)
 * @param hadToken whether the request carried an {@code X-aws-ec2-metadata-token} header
 * @param hadForwardedFor whether the request carried an {@code X-Forwarded-For} header
 * @author imds-spring-boot contributors
 * @since 0.1.0
 */
public record ImdsRequest(String method, String path, Instant at, int status, boolean hadToken,
		boolean hadForwardedFor) {

	/**
	 * Whether this request was a session token request ({@code PUT /latest/api/token}).
	 * @return {@code true} for a token request
	 */
	public boolean isTokenRequest() {
		return "PUT".equals(this.method) && ImdsPathResolver.isTokenPath(this.path);
	}

}
