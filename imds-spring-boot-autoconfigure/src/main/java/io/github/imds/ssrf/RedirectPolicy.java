package io.github.imds.ssrf;

import java.net.URI;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpMethod;

/**
 * The JDK {@code HttpClient}'s {@code Redirect.NORMAL} policy, for the guard that follows the JDK client's
 * redirects one request per hop.
 */
final class RedirectPolicy {

	/**
	 * As the JDK's {@code jdk.httpclient.redirects.retrylimit} default.
	 */
	static final int MAX_REDIRECTS = 5;

	private RedirectPolicy() {
	}

	/**
	 * Where a response redirects to.
	 * @param from the URI that was requested
	 * @param status the response status
	 * @param location its {@code Location} header, or {@code null}
	 * @return the absolute target, or {@code null} when the response is not followed: not a 301, 302, 303, 307
	 * or 308, no usable {@code Location}, not HTTP(S), or from HTTPS to HTTP
	 */
	static @Nullable URI target(URI from, int status, @Nullable String location) {
		if (status != 301 && status != 302 && status != 303 && status != 307 && status != 308) {
			return null;
		}
		if (location == null || location.isBlank()) {
			return null;
		}
		URI target;
		try {
			target = from.resolve(URI.create(location.trim()));
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
		String scheme = (target.getScheme() != null) ? target.getScheme().toLowerCase(Locale.ROOT) : "";
		boolean downgrade = "https".equalsIgnoreCase(from.getScheme()) && "http".equals(scheme);
		return (("http".equals(scheme) || "https".equals(scheme)) && !downgrade) ? target : null;
	}

	/**
	 * Whether the next hop is a {@code GET} without a body: after a 303 (but a {@code HEAD} stays one), and
	 * after a 301 or 302 to a {@code POST}.
	 * @param status the redirect status
	 * @param method the method of the hop that was redirected
	 * @return whether the next hop is a {@code GET}
	 */
	static boolean becomesGet(int status, HttpMethod method) {
		return (status == 303 && method != HttpMethod.HEAD)
				|| ((status == 301 || status == 302) && method == HttpMethod.POST);
	}

}
