package io.github.imds.credentials;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.github.imds.client.ImdsConnectionException;
import io.github.imds.client.ImdsHttpException;
import io.github.imds.client.ImdsResponseException;
import io.github.imds.client.ImdsTokenException;
import io.github.imds.client.ImdsUnavailableException;
import io.github.imds.client.RequestOutcome;

/**
 * Why a credentials refresh failed, in a few low-cardinality words: the {@code cause} tag of the
 * {@code imds.credentials.refresh.failures} counter.
 *
 * @since 0.1.0
 */
public enum RefreshFailureCause {

	/** A connect or read timeout. */
	TIMEOUT("timeout"),

	/** Connection refused or another IO error. */
	CONNECTION("connection"),

	/** IMDS answered 429. */
	THROTTLED("throttled"),

	/** IMDS answered 5xx. */
	HTTP_5XX("http-5xx"),

	/** IMDS answered another 4xx, such as 401 or 403. */
	HTTP_4XX("http-4xx"),

	/** The answer could not be read as a credentials document. */
	INVALID_RESPONSE("invalid-response"),

	/** No instance profile is attached. */
	NO_INSTANCE_PROFILE("no-instance-profile"),

	/** IMDS has no credentials for the role (a wrong {@code imds.credentials.role-name}). */
	ROLE_NOT_FOUND("role-not-found"),

	/** The document's {@code Code} is not {@code Success}. */
	CODE_NOT_SUCCESS("code-not-success"),

	/** The credentials had expired on arrival (clock skew). */
	EXPIRED_ON_ARRIVAL("expired-on-arrival"),

	/** IMDS is disabled or not on EC2. */
	UNAVAILABLE("unavailable"),

	/** Anything else. */
	OTHER("other");

	private final String tag;

	RefreshFailureCause(String tag) {
		this.tag = tag;
	}

	/**
	 * The tag value, such as {@code http-5xx}.
	 * @return the tag
	 */
	public String tag() {
		return this.tag;
	}

	static RefreshFailureCause of(RuntimeException ex) {
		if (ex instanceof NoInstanceProfileException) {
			return NO_INSTANCE_PROFILE;
		}
		if (ex instanceof RoleCredentialsCodeException) {
			return CODE_NOT_SUCCESS;
		}
		if (ex instanceof ExpiredOnArrivalException) {
			return EXPIRED_ON_ARRIVAL;
		}
		if (ex instanceof RoleCredentialsException) {
			return ROLE_NOT_FOUND;
		}
		if (ex instanceof ImdsResponseException) {
			return INVALID_RESPONSE;
		}
		if (ex instanceof ImdsUnavailableException) {
			return UNAVAILABLE;
		}
		if (ex instanceof ImdsConnectionException connection) {
			return of(connection.getOutcome());
		}
		if (ex instanceof ImdsHttpException http) {
			return of(http.getOutcome());
		}
		if (ex instanceof ImdsTokenException token) {
			return of(token.getOutcome());
		}
		return OTHER;
	}

	private static RefreshFailureCause of(RequestOutcome outcome) {
		return switch (outcome) {
			case CONNECT_TIMEOUT, READ_TIMEOUT -> TIMEOUT;
			case CONNECTION_REFUSED, IO_ERROR -> CONNECTION;
			case THROTTLED -> THROTTLED;
			case SERVER_ERROR -> HTTP_5XX;
			case UNAUTHORIZED, FORBIDDEN, CLIENT_ERROR, NOT_FOUND -> HTTP_4XX;
			case INVALID_RESPONSE -> INVALID_RESPONSE;
			case SUCCESS -> OTHER;
		};
	}

	/**
	 * Failed refreshes by cause since start; thread-safe.
	 */
	static final class Counts {

		private final Map<RefreshFailureCause, AtomicLong> counts = new ConcurrentHashMap<>();

		void record(RuntimeException ex) {
			this.counts.computeIfAbsent(of(ex), (cause) -> new AtomicLong()).incrementAndGet();
		}

		Map<String, Long> snapshot() {
			Map<String, Long> snapshot = new LinkedHashMap<>();
			for (RefreshFailureCause cause : values()) {
				AtomicLong count = this.counts.get(cause);
				if (count != null) {
					snapshot.put(cause.tag(), count.get());
				}
			}
			return snapshot;
		}

	}

	/**
	 * Credentials that had expired when IMDS returned them.
	 */
	static final class ExpiredOnArrivalException extends RoleCredentialsException {

		private static final long serialVersionUID = 1L;

		ExpiredOnArrivalException(String message) {
			super(message, null);
		}

	}

}
