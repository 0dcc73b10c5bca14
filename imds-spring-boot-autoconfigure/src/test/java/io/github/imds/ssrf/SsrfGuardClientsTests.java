package io.github.imds.ssrf;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import io.github.imds.testsupport.MutableClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.FilteredHostException;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

import io.github.imds.autoconfigure.ImdsSsrfGuardAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Every HTTP client that Spring Boot builds and that is on the test class path, with the guard's deny set
 * extended by a loopback stand-in ({@code 127.0.0.2}) for the metadata addresses: refused directly and
 * through a 302 before any connection to the stand-in, with the same exception both ways, while a 302 to an
 * allowed address is followed. No test connects to a real metadata address.
 */
class SsrfGuardClientsTests {

	private static LoopbackServer standIn;

	private static LoopbackServer allowed;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ImdsSsrfGuardAutoConfiguration.class,
				HttpClientAutoConfiguration.class, ImperativeHttpClientAutoConfiguration.class,
				ReactiveHttpClientAutoConfiguration.class, RestClientAutoConfiguration.class,
				RestTemplateAutoConfiguration.class, WebClientAutoConfiguration.class))
		.withUserConfiguration(StandInGuardConfiguration.class);

	@BeforeAll
	static void startServers() throws IOException {
		standIn = new LoopbackServer("stand-in", "127.0.0.2");
		allowed = new LoopbackServer("allowed", "127.0.0.1");
	}

	@AfterAll
	static void stopServers() throws IOException {
		standIn.close();
		allowed.close();
	}

	@ParameterizedTest
	@EnumSource(Client.class)
	void requestToMetadataAddressIsRefusedBeforeConnecting(Client client) {
		this.contextRunner.withPropertyValues(client.property).run((context) -> {
			int before = standIn.connections();
			Throwable refused = catchThrowable(() -> client.fetch(context, standIn.url("/latest/meta-data/")));
			assertThat(causes(refused)).as("refused with FilteredHostException").contains(FilteredHostException.class);
			assertThat(standIn.connections()).isEqualTo(before);
			assertThat(context.getBean(ImdsSsrfGuard.class).attempts()).isEqualTo(1);
		});
	}

	@ParameterizedTest
	@EnumSource(Client.class)
	void redirectToMetadataAddressIsRefusedLikeADirectRequest(Client client) {
		this.contextRunner.withPropertyValues(client.property).run((context) -> {
			int before = standIn.connections();
			Throwable direct = catchThrowable(() -> client.fetch(context, standIn.url("/latest/meta-data/")));
			Throwable redirected = catchThrowable(
					() -> client.fetch(context, allowed.url("/redirect?to=" + standIn.url("/latest/meta-data/"))));
			assertThat(redirected).as("refused").isNotNull();
			assertThat(redirected).isExactlyInstanceOf(direct.getClass());
			assertThat(causes(redirected)).contains(FilteredHostException.class);
			assertThat(standIn.connections()).as("connections to the stand-in").isEqualTo(before);
			assertThat(context.getBean(ImdsSsrfGuard.class).attempts()).isEqualTo(2);
		});
	}

	@ParameterizedTest
	@EnumSource(Client.class)
	void redirectToAllowedAddressIsFollowed(Client client) {
		this.contextRunner.withPropertyValues(client.property).run((context) -> {
			String body = client.fetch(context, allowed.url("/redirect?to=" + allowed.url("/target")));
			assertThat(body).isEqualTo("allowed /target");
			assertThat(context.getBean(ImdsSsrfGuard.class).attempts()).isZero();
		});
	}

	static List<Class<?>> causes(Throwable ex) {
		List<Class<?>> causes = new ArrayList<>();
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			causes.add(cause.getClass());
		}
		return causes;
	}

	enum Client {

		REST_CLIENT_JDK("spring.http.clients.imperative.factory=jdk", Client::restClient),

		REST_CLIENT_APACHE("spring.http.clients.imperative.factory=http-components", Client::restClient),

		REST_CLIENT_JETTY("spring.http.clients.imperative.factory=jetty", Client::restClient),

		REST_CLIENT_REACTOR("spring.http.clients.imperative.factory=reactor", Client::restClient),

		REST_TEMPLATE_JDK("spring.http.clients.imperative.factory=jdk", Client::restTemplate),

		REST_TEMPLATE_APACHE("spring.http.clients.imperative.factory=http-components", Client::restTemplate),

		REST_TEMPLATE_JETTY("spring.http.clients.imperative.factory=jetty", Client::restTemplate),

		REST_TEMPLATE_REACTOR("spring.http.clients.imperative.factory=reactor", Client::restTemplate),

		WEB_CLIENT_REACTOR("spring.http.clients.reactive.connector=reactor", Client::webClient),

		WEB_CLIENT_JETTY("spring.http.clients.reactive.connector=jetty", Client::webClient),

		WEB_CLIENT_JDK("spring.http.clients.reactive.connector=jdk", Client::webClient);

		private final String property;

		private final Function<ApplicationContext, Function<String, String>> client;

		Client(String property, Function<ApplicationContext, Function<String, String>> client) {
			this.property = property;
			this.client = client;
		}

		String fetch(ApplicationContext context, String url) {
			return this.client.apply(context).apply(url);
		}

		private static Function<String, String> restClient(ApplicationContext context) {
			RestClient client = context.getBean(RestClient.Builder.class).build();
			return (url) -> client.get().uri(url).retrieve().body(String.class);
		}

		private static Function<String, String> restTemplate(ApplicationContext context) {
			return (url) -> context.getBean(RestTemplateBuilder.class).build().getForObject(url, String.class);
		}

		private static Function<String, String> webClient(ApplicationContext context) {
			WebClient client = context.getBean(WebClient.Builder.class).build();
			// a bound so that a broken guard fails the test instead of hanging it
			return (url) -> client.get().uri(url).retrieve().bodyToMono(String.class).block(Duration.ofSeconds(30));
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
