package io.github.imds.ssrf;

import java.io.IOException;
import java.net.InetAddress;

import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.client5.http.impl.ChainElement;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpHost;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpComponentsClientHttpRequestFactoryBuilder;

/**
 * For Apache HttpClient 5, which Spring Boot builds with {@code useSystemProperties()}: when a route goes
 * through a proxy (a {@code http.proxyHost} system property, a default {@code ProxySelector}), the target is
 * never resolved by the client, so Boot's filtered {@code DnsResolver} sees only the proxy. This step of the
 * exec chain, before the connection is made, checks the target of each hop (redirects included) with the
 * guard. Loaded only when Apache HttpClient 5 is on the class path.
 *
 * @param guard the guard
 */
record HttpComponentsProxiedTargetCheck(ImdsSsrfGuard guard) implements ExecChainHandler {

	static final String NAME = "imds-ssrf-guard-proxied-target";

	/**
	 * Adds the check to the builder.
	 * @param builder the Boot builder of the Apache factory
	 * @param guard the guard
	 * @return the builder with the check
	 */
	static ClientHttpRequestFactoryBuilder<?> addTo(ClientHttpRequestFactoryBuilder<?> builder, ImdsSsrfGuard guard) {
		return ((HttpComponentsClientHttpRequestFactoryBuilder) builder).withHttpClientCustomizer((client) -> client
			.addExecInterceptorBefore(ChainElement.CONNECT.name(), NAME, new HttpComponentsProxiedTargetCheck(guard)));
	}

	@Override
	public ClassicHttpResponse execute(ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
			throws IOException, HttpException {
		HttpRoute route = scope.route;
		HttpHost proxy = route.getProxyHost();
		if (proxy != null) {
			HttpHost target = route.getTargetHost();
			InetAddress address = target.getAddress();
			ProxiedTargets.check(this.guard, (address != null) ? address.getHostAddress() : target.getHostName(),
					proxy.toHostString(), InetAddress::getAllByName);
		}
		return chain.proceed(request, scope);
	}

}
