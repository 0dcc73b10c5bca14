package io.github.imds.ssrf;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;

import io.github.imds.autoconfigure.ImdsSsrfGuardAutoConfiguration;
import io.github.imds.testsupport.MutableClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.FilteredHostException;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * DNS names that resolve to the stand-in, through the hosts file {@code src/test/resources/ssrf-hosts}
 * ({@code -Djdk.net.hosts.file}, in a surefire execution of its own, so that no name is ever looked up in
 * DNS). Reactor Netty is left out here: it resolves with its own DNS client, which ignores that file and
 * would ask the real name server; literal addresses cover it in {@link SsrfGuardClientsTests}.
 */
@ExtendWith(OutputCaptureExtension.class)
class SsrfGuardDnsNamesTests {

	private static LoopbackServer standIn;

	private static LoopbackServer allowed;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ImdsSsrfGuardAutoConfiguration.class,
				HttpClientAutoConfiguration.class, ImperativeHttpClientAutoConfiguration.class,
				ReactiveHttpClientAutoConfiguration.class, RestClientAutoConfiguration.class,
				WebClientAutoConfiguration.class))
		.withUserConfiguration(StandInGuardConfiguration.class);

	@BeforeAll
	static void startServers() throws IOException {
		String hostsFile = System.getProperty("jdk.net.hosts.file");
		// run alone (-Dtest=...) without the hosts file, these names would go to the real name server
		assumeTrue(hostsFile != null && hostsFile.endsWith("ssrf-hosts"), "needs -Djdk.net.hosts.file=.../ssrf-hosts");
		standIn = new LoopbackServer("stand-in", "127.0.0.2");
		allowed = new LoopbackServer("allowed", "127.0.0.1");
	}

	@AfterAll
	static void stopServers() throws IOException {
		if (standIn != null) {
			standIn.close();
			allowed.close();
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "imperative.factory=jdk", "imperative.factory=http-components",
			"imperative.factory=jetty", "reactive.connector=jdk", "reactive.connector=jetty" })
	void nameOfAMetadataAddressIsRefusedDirectAndByRedirect(String client, CapturedOutput output) {
		this.contextRunner.withPropertyValues("spring.http.clients." + client).run((context) -> {
			String metadata = "http://metadata-alias.test:" + standIn.port() + "/latest/meta-data/";
			String redirect = "http://allowed.test:" + allowed.port() + "/redirect?to=http://also-metadata.test:"
					+ standIn.port() + "/";
			assertRefused(context, client, metadata);
			assertRefused(context, client, redirect);
			assertThat(standIn.connections()).isZero();
			assertThat(context.getBean(ImdsSsrfGuard.class).status().lastHost()).isEqualTo("also-metadata.test");
			assertThat(output).contains("127.0.0.2 for the URL host 'metadata-alias.test'")
				.doesNotContain("/latest/meta-data/");
			String followed = fetch(context, client,
					"http://allowed.test:" + allowed.port() + "/redirect?to=http://allowed.test:" + allowed.port()
							+ "/target");
			assertThat(followed).isEqualTo("allowed /target");
		});
	}

	@Test
	void spellingsTheJdkResolvesAreMetadataAddresses() throws UnknownHostException {
		// literals only: with the hosts file, a name that is not in it fails here instead of going to DNS
		for (String spelling : new String[] { "169.254.169.254", "2852039166", "169.254.43518",
				"::ffff:169.254.169.254", "::ffff:a9fe:a9fe", "[::ffff:a9fe:a9fe]", "0:0:0:0:0:ffff:a9fe:a9fe",
				"64:ff9b::a9fe:a9fe", "2002:a9fe:a9fe::1", "fd00:ec2::254", "FD00:EC2:0:0:0:0:0:254",
				"fd00:ec2::23", "169.254.170.2", "169.254.170.23", "::169.254.170.2" }) {
			InetAddress address = InetAddress.getByName(spelling.replace("[", "").replace("]", ""));
			assertThat(MetadataAddresses.DEFAULT.target(address)).as(spelling).isPresent();
		}
		for (String spelling : new String[] { "169.254.169.253", "10.0.0.1", "192.168.1.1", "fd00:ec2::255",
				"fe80::1", "127.0.0.1" }) {
			assertThat(MetadataAddresses.DEFAULT.target(InetAddress.getByName(spelling))).as(spelling).isEmpty();
		}
	}

	private static void assertRefused(ApplicationContext context, String client, String url) {
		Throwable refused = catchThrowable(() -> fetch(context, client, url));
		assertThat(SsrfGuardClientsTests.causes(refused)).as(url).contains(FilteredHostException.class);
	}

	private static String fetch(ApplicationContext context, String client, String url) {
		if (client.startsWith("reactive")) {
			return context.getBean(WebClient.Builder.class)
				.build()
				.get()
				.uri(url)
				.retrieve()
				.bodyToMono(String.class)
				.block(Duration.ofSeconds(30));
		}
		return context.getBean(RestClient.Builder.class).build().get().uri(url).retrieve().body(String.class);
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
