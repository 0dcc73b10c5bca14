package io.github.imds.client;

import java.time.Duration;

/**
 * The effective settings of an {@link ImdsClient}, after validation and after the AWS SDK settings were
 * applied.
 *
 * @param tokenTtl the IMDSv2 token TTL
 * @param connectTimeout the connect timeout per request
 * @param readTimeout the response timeout per request
 * @param maxAttempts the attempts for retryable failures
 * @param v1Fallback whether IMDSv1 may be used when tokens cannot be had
 * @param platformDetection the platform detection mode
 * @since 0.1.0
 */
public record ImdsClientSettings(Duration tokenTtl, Duration connectTimeout, Duration readTimeout, int maxAttempts,
		boolean v1Fallback, PlatformDetectionMode platformDetection) {

	/**
	 * The longest a single {@link ImdsClient#get(String)} can take with these settings when every attempt
	 * times out: the token fetch and the request, each with all its attempts and backoff, and the one repeat
	 * after a 401.
	 * @return the upper bound
	 */
	public Duration worstCaseCallDuration() {
		Duration perAttempt = this.connectTimeout.plus(this.readTimeout);
		Duration oneRequest = perAttempt.multipliedBy(this.maxAttempts).plus(Backoff.maxTotalDelay(this.maxAttempts));
		// token fetch + request, and once more after a 401
		return oneRequest.multipliedBy(4);
	}

}
