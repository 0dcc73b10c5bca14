package io.github.imds.ssrf;

import java.util.Set;

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
 * the guard, with a warning at startup. Not for use by applications.
 *
 * @since 0.1.0
 */
public final class SsrfGuardPostProcessor implements BeanPostProcessor {

	private static final Log logger = LogFactory.getLog(SsrfGuardPostProcessor.class);

	private static final String PACKAGE = "org.springframework.boot.http.client.";

	/**
	 * Builders that apply the filter to every connection, redirects included.
	 */
	private static final Set<String> FILTERING = Set.of(PACKAGE + "HttpComponentsClientHttpRequestFactoryBuilder",
			PACKAGE + "JettyClientHttpRequestFactoryBuilder", PACKAGE + "ReactorClientHttpRequestFactoryBuilder");

	private static final String JDK = PACKAGE + "JdkClientHttpRequestFactoryBuilder";

	private static final boolean REACTIVE_PRESENT = ClassUtils.isPresent("reactor.core.publisher.Mono",
			SsrfGuardPostProcessor.class.getClassLoader());

	private final ObjectProvider<ImdsSsrfGuard> guard;

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
		if (bean instanceof ClientHttpRequestFactoryBuilder<?> builder && activeGuard() != null) {
			return decorate(builder, beanName);
		}
		if (REACTIVE_PRESENT && bean instanceof ClientHttpConnectorBuilder<?> builder && activeGuard() != null) {
			return GuardedConnectorBuilders.decorate(builder);
		}
		return bean;
	}

	private ClientHttpRequestFactoryBuilder<?> decorate(ClientHttpRequestFactoryBuilder<?> builder, String beanName) {
		String type = builder.getClass().getName();
		if (FILTERING.contains(type)) {
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

	private @Nullable ImdsSsrfGuard activeGuard() {
		ImdsSsrfGuard guard = this.guard.getIfAvailable();
		return (guard != null && guard.isActive()) ? guard : null;
	}

}
