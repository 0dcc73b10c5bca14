package io.github.imds.ssrf;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.List;

import io.github.imds.autoconfigure.ImdsSsrfGuardAutoConfiguration;
import io.github.imds.testsupport.MutableClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.FilteredHostException;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The HTTP clients Spring Boot builds with a JVM-wide proxy: a default {@code ProxySelector} (set here and
 * restored after each test) that sends every request to a loopback "proxy", which answers for any URL as a
 * forwarding proxy would. The stand-in for the metadata addresses is {@code 127.0.0.2}; no request leaves
 * loopback.
 */
@ExtendWith(OutputCaptureExtension.class)
class SsrfGuardProxyTests {

	private static final String METADATA_PATH = "/latest/meta-data/iam/security-credentials/";

	private static LoopbackServer standIn;

	private static LoopbackServer proxy;

	private static LoopbackServer allowed;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ImdsSsrfGuardAutoConfiguration.class,
				HttpClientAutoConfiguration.class, ImperativeHttpClientAutoConfiguration.class,
				RestClientAutoConfiguration.class))
		.withUserConfiguration(StandInGuardConfiguration.class);

	private ProxySelector original;

	@BeforeAll
	static void startServers() throws IOException {
		standIn = new LoopbackServer("stand-in", "127.0.0.2");
		proxy = new LoopbackServer("proxy", "127.0.0.1");
		allowed = new LoopbackServer("allowed", "127.0.0.1");
	}

	@AfterAll
	static void stopServers() throws IOException {
		standIn.close();
		proxy.close();
		allowed.close();
	}

	@BeforeEach
	void useTheLoopbackProxy() {
		this.original = ProxySelector.getDefault();
		ProxySelector.setDefault(new EverythingThroughProxy(proxy.port()));
	}

	@AfterEach
	void restoreTheProxySelector() {
		ProxySelector.setDefault(this.original);
	}

	@Test
	void apacheThroughAProxyRefusesAMetadataTargetBeforeConnectingToTheProxy() {
		this.contextRunner.withPropertyValues("spring.http.clients.imperative.factory=http-components")
			.run((context) -> {
				int proxied = proxy.connections();
				int direct = standIn.connections();
				Throwable refused = catchThrowable(() -> fetch(context, standIn.url(METADATA_PATH)));
				assertThat(refused).as("refused").isNotNull();
				assertThat(SsrfGuardClientsTests.causes(refused))
					.contains(ProxiedTargets.ProxiedTargetRefusedException.class);
				assertThat(refused).hasStackTraceContaining("Refused a request to the host '127.0.0.2' through the proxy");
				assertThat(proxy.connections()).as("connections to the proxy").isEqualTo(proxied);
				assertThat(standIn.connections()).isEqualTo(direct);
				assertThat(context.getBean(ImdsSsrfGuard.class).attempts()).isEqualTo(1);
			});
	}

	@Test
	void apacheThroughAProxyRefusesARedirectToAMetadataTarget() {
		this.contextRunner.withPropertyValues("spring.http.clients.imperative.factory=http-components")
			.run((context) -> {
				Throwable refused = catchThrowable(
						() -> fetch(context, allowed.url("/redirect?to=" + standIn.url(METADATA_PATH))));
				assertThat(SsrfGuardClientsTests.causes(refused))
					.contains(ProxiedTargets.ProxiedTargetRefusedException.class);
				assertThat(context.getBean(ImdsSsrfGuard.class).attempts()).isEqualTo(1);
			});
	}

	@Test
	void apacheThroughAProxyStillSendsOtherRequestsThroughTheProxy() {
		this.contextRunner.withPropertyValues("spring.http.clients.imperative.factory=http-components")
			.run((context) -> {
				String target = allowed.url("/target");
				assertThat(fetch(context, target)).isEqualTo("proxy " + target);
				assertThat(context.getBean(ImdsSsrfGuard.class).attempts()).isZero();
			});
	}

	@Test
	void jdkThroughAProxyRefusesAMetadataTargetAsSpringBootDoes() {
		this.contextRunner.withPropertyValues("spring.http.clients.imperative.factory=jdk").run((context) -> {
			int proxied = proxy.connections();
			Throwable refused = catchThrowable(() -> fetch(context, standIn.url(METADATA_PATH)));
			assertThat(SsrfGuardClientsTests.causes(refused)).contains(FilteredHostException.class);
			assertThat(proxy.connections()).isEqualTo(proxied);
		});
	}

	@Test
	void reactorNettyWithAJvmWideProxyStartsWithOneWarning(CapturedOutput output) {
		this.contextRunner.withSystemProperties("http.proxyHost=127.0.0.1", "http.proxyPort=" + proxy.port())
			.withPropertyValues("spring.http.clients.imperative.factory=reactor")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				context.getBean(RestClient.Builder.class).build();
				String warning = "cannot check the requests that the HTTP client of the bean";
				assertThat(output).contains(warning).contains("the system property http.proxyHost");
				assertThat(output.toString().split(warning, -1)).hasSize(2);
			});
	}

	@Test
	void reactorNettyWithOnlyADefaultProxySelectorStartsWithoutTheWarning(CapturedOutput output) {
		// Reactor Netty follows the proxy system properties, not the default ProxySelector
		this.contextRunner.withPropertyValues("spring.http.clients.imperative.factory=reactor").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(output).doesNotContain("cannot check the requests");
		});
	}

	@Test
	void apacheWithAJvmWideProxyStartsWithoutTheWarning(CapturedOutput output) {
		this.contextRunner.withPropertyValues("spring.http.clients.imperative.factory=http-components")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output).doesNotContain("cannot check the requests");
			});
	}

	private static String fetch(ApplicationContext context, String url) {
		RestClient client = context.getBean(RestClient.Builder.class).build();
		return client.get().uri(url).retrieve().body(String.class);
	}

	private static final class EverythingThroughProxy extends ProxySelector {

		private final int port;

		EverythingThroughProxy(int port) {
			this.port = port;
		}

		@Override
		public List<Proxy> select(URI uri) {
			return List.of(new Proxy(Proxy.Type.HTTP, new InetSocketAddress("127.0.0.1", this.port)));
		}

		@Override
		public void connectFailed(URI uri, SocketAddress address, IOException ex) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class StandInGuardConfiguration {

		@Bean
		ImdsSsrfGuard imdsSsrfGuard() throws IOException {
			return new ImdsSsrfGuard(MetadataAddresses.DEFAULT.and(InetAddress.getByName("127.0.0.2")),
					SsrfGuardMode.ENFORCE, true, "test", new MutableClock());
		}

	}

}
