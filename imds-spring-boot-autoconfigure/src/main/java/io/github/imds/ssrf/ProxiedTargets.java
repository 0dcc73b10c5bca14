package io.github.imds.ssrf;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Checks the target of a request that a client sends through a proxy. Spring Boot's filter sees only the
 * addresses a client connects to, and through a proxy that is the proxy's: the target is resolved, and
 * fetched, by the proxy. So the guard resolves the target itself and refuses it when it is a metadata
 * address, before the client connects to the proxy. A name that this JVM cannot resolve is left to the
 * proxy (a proxy is often the only way out to names the host cannot resolve); an address literal never
 * needs a lookup.
 */
final class ProxiedTargets {

	private ProxiedTargets() {
	}

	/**
	 * Refuses a proxied request whose target is a metadata address.
	 * @param guard the guard
	 * @param host the target host, a name or an address literal (IPv6 with or without brackets)
	 * @param proxy the proxy, as {@code host:port}, for the message
	 * @param resolver resolves a name to its addresses
	 * @throws ProxiedTargetRefusedException when the guard refuses one of the target's addresses
	 */
	static void check(ImdsSsrfGuard guard, String host, String proxy, Resolver resolver)
			throws ProxiedTargetRefusedException {
		for (InetAddress address : addresses(host, resolver)) {
			if (!guard.allows(address)) {
				throw new ProxiedTargetRefusedException(ImdsSsrfGuard.host(address), proxy);
			}
		}
	}

	private static InetAddress[] addresses(String host, Resolver resolver) {
		String name = host.trim().toLowerCase(Locale.ROOT);
		if (name.startsWith("[") && name.endsWith("]")) {
			name = name.substring(1, name.length() - 1);
		}
		try {
			return resolver.resolve(name);
		}
		catch (UnknownHostException | SecurityException ex) {
			return new InetAddress[0];
		}
	}

	/**
	 * Resolves a host name; {@link InetAddress#getAllByName} in production.
	 */
	@FunctionalInterface
	interface Resolver {

		InetAddress[] resolve(String host) throws UnknownHostException;

	}

	/**
	 * A proxied request refused by the guard: a {@code ConnectException}, so that {@code RestClient} and
	 * {@code RestTemplate} wrap it in a {@code ResourceAccessException} as they do a refused connection, and
	 * so that the clients' default retry strategies do not retry it.
	 */
	static final class ProxiedTargetRefusedException extends ConnectException {

		private static final long serialVersionUID = 1L;

		ProxiedTargetRefusedException(String host, String proxy) {
			super(("Refused a request to the host '%s' through the proxy %s: it is an instance metadata address, "
					+ "which only the IMDS starter's own client may reach, and the proxy would fetch it for this "
					+ "application. If the application fetches URLs it is given, this may be server-side request "
					+ "forgery; check where the URL came from (see imds.ssrf-guard in docs/ssrf-guard.md).")
				.formatted(host, proxy));
		}

	}

}
