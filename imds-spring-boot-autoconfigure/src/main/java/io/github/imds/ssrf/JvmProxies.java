package io.github.imds.ssrf;

import java.net.ProxySelector;
import java.util.List;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * Decides whether a JVM-wide proxy is configured, that a client built with the system's settings may send
 * requests through: the {@code http.proxyHost}, {@code https.proxyHost} or {@code socksProxyHost} system
 * properties, {@code java.net.useSystemProxies=true}, or a default {@code ProxySelector} other than the
 * JDK's own.
 */
final class JvmProxies {

	private static final List<String> PROXY_HOSTS = List.of("http.proxyHost", "https.proxyHost", "socksProxyHost");

	private static final String JDK_SELECTOR = "sun.net.spi.DefaultProxySelector";

	private JvmProxies() {
	}

	/**
	 * The JVM-wide proxy setting, if any.
	 * @param properties reads a system property
	 * @param selector the default {@code ProxySelector}, or {@code null}
	 * @return the setting that configures a proxy (never its value), or {@code null} when there is none
	 */
	static @Nullable String configured(Function<String, @Nullable String> properties, @Nullable ProxySelector selector) {
		String property = systemProperties(properties);
		if (property != null) {
			return property;
		}
		if ("true".equalsIgnoreCase(properties.apply("java.net.useSystemProxies"))) {
			return "java.net.useSystemProxies=true";
		}
		if (selector != null && !JDK_SELECTOR.equals(selector.getClass().getName())) {
			return "a default ProxySelector (" + selector.getClass().getName() + ")";
		}
		return null;
	}

	/**
	 * The proxy system property, if any, for the clients that read those and not the {@code ProxySelector}
	 * (Reactor Netty's {@code proxyWithSystemProperties()}).
	 * @param properties reads a system property
	 * @return the property that configures a proxy (never its value), or {@code null} when there is none
	 */
	static @Nullable String systemProperties(Function<String, @Nullable String> properties) {
		for (String name : PROXY_HOSTS) {
			String value = properties.apply(name);
			if (value != null && !value.isBlank()) {
				return "the system property " + name;
			}
		}
		return null;
	}

	/**
	 * The JVM-wide proxy setting of this JVM, if any.
	 * @return the setting, or {@code null}
	 */
	static @Nullable String configured() {
		return configured(System::getProperty, ProxySelector.getDefault());
	}

}
