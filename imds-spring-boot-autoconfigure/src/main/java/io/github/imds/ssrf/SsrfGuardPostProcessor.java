package io.github.imds.ssrf;

import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.reactive.ClientHttpConnectorBuilder;
import org.springframework.util.ClassUtils;

/**
 * Puts the {@link ImdsSsrfGuard} into the {@link HttpClientSettings} bean that Spring Boot's
 * {@code RestClient}, {@code RestTemplate} and {@code WebClient} builders use, {@code and}-ed with the
 * application's own {@code InetAddressFilter} (which Spring Boot has already put there). It also decorates
 * the {@link ClientHttpRequestFactoryBuilder} bean where the filter alone is not enough: the JDK
 * {@code HttpClient} gets each redirect hop checked, and a factory that refuses a filter is built without
 * the guard, with a warning at startup. Apache HttpClient 5 follows the JVM-wide proxy settings, through which
 * the target is never resolved by the client: the guard checks the target of each proxied request itself.
 * Where a client that follows JVM-wide proxy settings cannot be covered (Reactor Netty, the Apache
 * {@code WebClient} connector) and such a proxy is configured, one WARN at startup says so. Not for use by
 * applications.
 *
 * @since 0.1.0
 */
public final class SsrfGuardPostProcessor implements BeanPostProcessor {

	private static final Log logger = LogFactory.getLog(SsrfGuardPostProcessor.class);

	private static final String PACKAGE = "org.springframework.boot.http.client.";

	/**
	 * Builders that apply the filter to every connection, redirects included, and that ignore the JVM-wide
	 * proxy settings.
	 */
	private static final Set<String> FILTERING = Set.of(PACKAGE + "JettyClientHttpRequestFactoryBuilder");

	/**
	 * Builders that apply the filter to every connection, but that follow the JVM-wide proxy settings
	 * (through a proxy, only the proxy's address is filtered), and that the guard cannot cover there.
	 */
	private static final Set<String> PROXYING = Set.of(PACKAGE + "ReactorClientHttpRequestFactoryBuilder",
			PACKAGE + "reactive.ReactorClientHttpConnectorBuilder",
			PACKAGE + "reactive.HttpComponentsClientHttpConnectorBuilder");

	private static final String HTTP_COMPONENTS = PACKAGE + "HttpComponentsClientHttpRequestFactoryBuilder";

	private static final String JDK = PACKAGE + "JdkClientHttpRequestFactoryBuilder";

	private static final boolean REACTIVE_PRESENT = ClassUtils.isPresent("reactor.core.publisher.Mono",
			SsrfGuardPostProcessor.class.getClassLoader());

	private final ObjectProvider<ImdsSsrfGuard> guard;

	private final AtomicBoolean proxyWarned = new AtomicBoolean();

	/**
	 * Creates the post-processor.
	 * @param guard the guard, asked for when the first HTTP client bean is created
	 */
	public SsrfGuardPostProcessor(ObjectProvider<ImdsSsrfGuard> guard) {
		this.guard = guard;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof HttpClientSettings settings) {
			ImdsSsrfGuard guard = activeGuard();
			return (guard != null)
					? settings.withInetAddressFilter(GuardedInetAddressFilter.around(guard, settings.inetAddressFilter()))
					: settings;
		}
		ImdsSsrfGuard guard = (bean instanceof ClientHttpRequestFactoryBuilder<?>
				|| (REACTIVE_PRESENT && bean instanceof ClientHttpConnectorBuilder<?>)) ? activeGuard() : null;
		if (guard != null && bean instanceof ClientHttpRequestFactoryBuilder<?> builder) {
			return decorate(builder, beanName, guard);
		}
		if (guard != null && bean instanceof ClientHttpConnectorBuilder<?> builder) {
			warnIfProxied(builder, beanName);
			return GuardedConnectorBuilders.decorate(builder);
		}
		return bean;
	}

	private ClientHttpRequestFactoryBuilder<?> decorate(ClientHttpRequestFactoryBuilder<?> builder, String beanName,
			ImdsSsrfGuard guard) {
		String type = builder.getClass().getName();
		if (HTTP_COMPONENTS.equals(type)) {
			return HttpComponentsProxiedTargetCheck.addTo(builder, guard);
		}
		if (FILTERING.contains(type)) {
			return builder;
		}
		if (PROXYING.contains(type)) {
			warnIfProxied(builder, beanName);
			return builder;
		}
		if (JDK.equals(type)) {
			return GuardedRequestFactoryBuilders.followingRedirectsPerHop(builder);
		}
		logger.warn(("The SSRF guard (imds.ssrf-guard) cannot apply to the HTTP client factory of the bean '%s' (%s): "
				+ "it cannot filter the addresses it connects to (the simple HttpURLConnection factory refuses an "
				+ "InetAddressFilter), so RestClient and RestTemplate built by Spring Boot can reach the instance "
				+ "metadata addresses. Consider spring.http.clients.imperative.factory=jdk, or Apache HttpClient 5, "
				+ "Jetty or Reactor Netty on the class path; or set imds.ssrf-guard.enabled=false to accept this.")
			.formatted(beanName, builder.getClass().getSimpleName()));
		return GuardedRequestFactoryBuilders.withoutGuard(builder);
	}

	private void warnIfProxied(Object builder, String beanName) {
		String type = builder.getClass().getName();
		if (!PROXYING.contains(type)) {
			return;
		}
		// Reactor Netty reads the proxy system properties; Apache's async client the default ProxySelector
		String proxy = type.contains("Reactor") ? JvmProxies.systemProperties(System::getProperty)
				: JvmProxies.configured();
		if (proxy != null && this.proxyWarned.compareAndSet(false, true)) {
			logger.warn(("The SSRF guard (imds.ssrf-guard) cannot check the requests that the HTTP client of the bean "
					+ "'%s' (%s) sends through the JVM-wide proxy configured by %s: through a proxy the client "
					+ "connects only to the proxy, which fetches any URL, instance metadata addresses included, "
					+ "for the application. Consider spring.http.clients.imperative.factory=jdk or http-components "
					+ "(and spring.http.clients.reactive.connector=jdk), which the guard covers with a proxy; or "
					+ "make the proxy refuse 169.254.169.254, fd00:ec2::254, 169.254.170.2 and 169.254.170.23.")
				.formatted(beanName, builder.getClass().getSimpleName(), proxy));
		}
	}

	private @Nullable ImdsSsrfGuard activeGuard() {
		ImdsSsrfGuard guard = this.guard.getIfAvailable();
		return (guard != null && guard.isActive()) ? guard : null;
	}

}
