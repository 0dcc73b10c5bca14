package io.github.imds.ssrf;

import java.io.IOException;
import java.net.InetAddress;

import io.github.imds.autoconfigure.ImdsSsrfGuardAutoConfiguration;
import io.github.imds.testsupport.MutableClock;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.FilteredHostException;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.InetAddressFilter;
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
 * The guard with the application's own filter, in report mode, with the simple factory, and its counter;
 * against loopback servers, with {@code 127.0.0.2} as the stand-in for the metadata addresses.
 */
@ExtendWith(OutputCaptureExtension.class)
class SsrfGuardCompositionTests {

	private static LoopbackServer standIn;

	private static LoopbackServer denied;

	private static LoopbackServer allowed;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ImdsSsrfGuardAutoConfiguration.class,
				HttpClientAutoConfiguration.class, ImperativeHttpClientAutoConfiguration.class,
				RestClientAutoConfiguration.class));

	@BeforeAll
	static void startServers() throws IOException {
		standIn = new LoopbackServer("stand-in", "127.0.0.2");
		denied = new LoopbackServer("denied-by-the-application", "127.0.0.3");
		allowed = new LoopbackServer("allowed", "127.0.0.1");
	}

	@AfterAll
	static void stopServers() throws IOException {
		standIn.close();
		denied.close();
		allowed.close();
	}

	@Test
	void applicationFilterIsCombinedWithTheGuard() {
		this.contextRunner.withUserConfiguration(EnforcingGuard.class, ApplicationFilter.class)
			.withPropertyValues("spring.http.clients.imperative.factory=jdk")
			.run((context) -> {
				assertThat(context).hasSingleBean(InetAddressFilter.class);
				assertThat(context.getBean(InetAddressFilter.class)).isSameAs(ApplicationFilter.FILTER);
				assertThat(fetch(context, allowed.url("/"))).isEqualTo("allowed /");
				assertRefused(context, denied.url("/"));
				assertRefused(context, allowed.url("/redirect?to=" + denied.url("/")));
				assertThat(context.getBean(ImdsSsrfGuard.class).attempts()).isZero();
				assertRefused(context, standIn.url("/"));
				assertThat(context.getBean(ImdsSsrfGuard.class).attempts()).isOne();
				assertThat(denied.connections()).isZero();
				assertThat(standIn.connections()).isZero();
			});
	}

	@Test
	void applicationSettingsBeanGetsTheGuardToo() {
		this.contextRunner.withUserConfiguration(EnforcingGuard.class)
			.withBean(HttpClientSettings.class, HttpClientSettings::defaults)
			.run((context) -> {
				assertThat(context.getBean(HttpClientSettings.class).inetAddressFilter())
					.isInstanceOf(GuardedInetAddressFilter.class);
				assertRefused(context, standIn.url("/"));
			});
	}

	@Test
	void reportModeLetsTheRequestThroughAndLogsAndCountsIt(CapturedOutput output) {
		this.contextRunner.withUserConfiguration(ReportingGuard.class).run((context) -> {
			int before = standIn.connections();
			assertThat(fetch(context, standIn.url("/latest/meta-data/"))).isEqualTo("stand-in /latest/meta-data/");
			assertThat(standIn.connections()).isEqualTo(before + 1);
			assertThat(context.getBean(ImdsSsrfGuard.class).attempts()).isOne();
			assertThat(output).contains("Let through a connection to the instance metadata address 127.0.0.2 for "
					+ "the URL host '127.0.0.2'");
		});
	}

	@Test
	void counterCountsRefusalsWithTheMode() {
		this.contextRunner.withUserConfiguration(EnforcingGuard.class).run((context) -> {
			SimpleMeterRegistry registry = new SimpleMeterRegistry();
			context.getBean("imdsSsrfGuardMeterBinder", MeterBinder.class).bindTo(registry);
			assertRefused(context, standIn.url("/"));
			assertRefused(context, allowed.url("/redirect?to=" + standIn.url("/")));
			assertThat(registry.get("imds.ssrf.blocked").tag("mode", "enforce").functionCounter().count())
				.isEqualTo(2);
		});
	}

	@Test
	void simpleFactoryStartsWithAWarningThatTheGuardCannotApply(CapturedOutput output) {
		this.contextRunner.withUserConfiguration(EnforcingGuard.class)
			.withPropertyValues("spring.http.clients.imperative.factory=simple")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(fetch(context, allowed.url("/"))).isEqualTo("allowed /");
				assertThat(output).contains("The SSRF guard (imds.ssrf-guard) cannot apply to the HTTP client factory")
					.contains("spring.http.clients.imperative.factory=jdk");
			});
	}

	@Test
	void simpleFactoryStillRefusesTheApplicationFilterAsSpringBootDoes() {
		this.contextRunner.withUserConfiguration(EnforcingGuard.class, ApplicationFilter.class)
			.withPropertyValues("spring.http.clients.imperative.factory=simple")
			.run((context) -> {
				Throwable failure = catchThrowable(() -> fetch(context, allowed.url("/")));
				assertThat(failure).hasStackTraceContaining("does not support InetAddress filtering");
			});
	}

	private static String fetch(ApplicationContext context, String url) {
		return context.getBean(RestClient.Builder.class).build().get().uri(url).retrieve().body(String.class);
	}

	private static void assertRefused(ApplicationContext context, String url) {
		Throwable refused = catchThrowable(() -> fetch(context, url));
		assertThat(SsrfGuardClientsTests.causes(refused)).contains(FilteredHostException.class);
	}

	@Configuration(proxyBeanMethods = false)
	static class EnforcingGuard {

		@Bean
		ImdsSsrfGuard imdsSsrfGuard() throws IOException {
			return new ImdsSsrfGuard(MetadataAddresses.DEFAULT.and(InetAddress.getByName("127.0.0.2")),
					SsrfGuardMode.ENFORCE, true, "test", new MutableClock());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ReportingGuard {

		@Bean
		ImdsSsrfGuard imdsSsrfGuard() throws IOException {
			return new ImdsSsrfGuard(MetadataAddresses.DEFAULT.and(InetAddress.getByName("127.0.0.2")),
					SsrfGuardMode.REPORT, true, "test", new MutableClock());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ApplicationFilter {

		static final InetAddressFilter FILTER = InetAddressFilter.not("127.0.0.3");

		@Bean
		InetAddressFilter applicationInetAddressFilter() {
			return FILTER;
		}

	}

}
