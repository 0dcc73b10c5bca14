package io.github.imds.ssrf;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import io.github.imds.autoconfigure.ImdsSsrfGuardAutoConfiguration;
import io.github.imds.testsupport.MutableClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.FilteredHostException;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.InputStreamResource;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.StreamingHttpOutputMessage;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.mock.http.client.MockClientHttpRequest;
import org.springframework.mock.http.client.MockClientHttpResponse;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Request bodies through the JDK client with the guard following its redirects: the first hop streams, and
 * a body is sent again only for a redirect that needs it (307 here), from a kept copy up to
 * {@link ReplayBuffer#MAX_REPLAY_BYTES}. Against loopback servers; {@code 127.0.0.2} is the stand-in for the
 * metadata addresses.
 */
class SsrfGuardRequestBodyTests {

	private static final int LARGE = ReplayBuffer.MAX_REPLAY_BYTES + 1024;

	private static LoopbackServer standIn;

	private static LoopbackServer allowed;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ImdsSsrfGuardAutoConfiguration.class,
				HttpClientAutoConfiguration.class, ImperativeHttpClientAutoConfiguration.class,
				RestClientAutoConfiguration.class))
		.withUserConfiguration(StandInGuardConfiguration.class)
		.withPropertyValues("spring.http.clients.imperative.factory=jdk");

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

	@Test
	void bodyReachesTheFirstHopAsItIsWrittenNotWhenTheRequestIsExecuted() throws IOException {
		Recording delegate = new Recording();
		ClientHttpRequest request = new RedirectFollowingRequestFactory(delegate, 16)
			.createRequest(URI.create("http://127.0.0.1:9/upload"), HttpMethod.POST);
		OutputStream body = request.getBody();
		body.write(new byte[100]);
		assertThat(delegate.request.getBodyAsBytes()).as("streamed to the first hop").hasSize(100);
		body.write(new byte[50]);
		assertThat(delegate.request.getBodyAsBytes()).hasSize(150);
		assertThat(request.execute().getStatusCode()).isEqualTo(HttpStatus.OK);
	}

	@Test
	void streamingBodyIsHandedToTheFirstHopAsAStreamingBody() throws IOException {
		StreamingRecording delegate = new StreamingRecording();
		ClientHttpRequest request = new RedirectFollowingRequestFactory(delegate, 16)
			.createRequest(URI.create("http://127.0.0.1:9/upload"), HttpMethod.POST);
		((StreamingHttpOutputMessage) request).setBody((out) -> out.write(new byte[100]));
		assertThat(request.execute().getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(delegate.request.streamed).as("setBody on the first hop").isNotNull();
		assertThat(delegate.request.getBodyAsBytes()).as("nothing written through getBody").isEmpty();
	}

	@Test
	void nonRepeatableBodyLargerThanTheReplayCapGoesThroughWithoutRedirect() {
		this.contextRunner.run((context) -> assertThat(post(context, allowed.url("/upload"), stream(LARGE), LARGE))
			.isEqualTo("allowed /upload body=" + LARGE + " bytes"));
	}

	@Test
	void repeatableBodyIsSentAgainAfterA307() {
		this.contextRunner.run((context) -> {
			RestClient client = context.getBean(RestClient.Builder.class).build();
			String body = client.post()
				.uri(allowed.url("/redirect307?to=" + allowed.url("/target")))
				.contentType(MediaType.TEXT_PLAIN)
				.body("hello")
				.retrieve()
				.body(String.class);
			assertThat(body).isEqualTo("allowed /target body=hello");
		});
	}

	@Test
	void smallNonRepeatableBodyIsReplayedAfterA307() {
		this.contextRunner.run((context) -> assertThat(
				post(context, allowed.url("/redirect307?to=" + allowed.url("/target")), stream("hello"), 5))
			.isEqualTo("allowed /target body=hello"));
	}

	@Test
	void nonRepeatableBodyLargerThanTheReplayCapRefusesA307() {
		this.contextRunner.run((context) -> {
			Throwable refused = catchThrowable(
					() -> post(context, allowed.url("/redirect307?to=" + allowed.url("/target")), stream(LARGE), LARGE));
			assertThat(refused).hasStackTraceContaining("Refused to follow the 307 redirect to the host '127.0.0.1'")
				.hasStackTraceContaining("more than " + ReplayBuffer.MAX_REPLAY_BYTES + " bytes");
		});
	}

	@Test
	void redirect307WithABodyToAMetadataAddressIsRefused() {
		this.contextRunner.run((context) -> {
			int before = standIn.connections();
			Throwable refused = catchThrowable(() -> post(context,
					allowed.url("/redirect307?to=" + standIn.url("/latest/meta-data/")), stream("hello"), 5));
			assertThat(SsrfGuardClientsTests.causes(refused)).contains(FilteredHostException.class);
			assertThat(standIn.connections()).isEqualTo(before);
		});
	}

	private static String post(ApplicationContext context, String url, InputStreamResource body, long length) {
		RestClient client = context.getBean(RestClient.Builder.class).build();
		return client.post()
			.uri(url)
			.contentType(MediaType.APPLICATION_OCTET_STREAM)
			.contentLength(length)
			.body(body)
			.retrieve()
			.body(String.class);
	}

	private static InputStreamResource stream(int size) {
		byte[] bytes = new byte[size];
		Arrays.fill(bytes, (byte) 'x');
		return new InputStreamResource(new ByteArrayInputStream(bytes));
	}

	private static InputStreamResource stream(String text) {
		return new InputStreamResource(new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)));
	}

	/**
	 * A factory of one mock request, whose body records what reaches it.
	 */
	private static final class Recording implements ClientHttpRequestFactory {

		private final MockClientHttpRequest request = new MockClientHttpRequest();

		@Override
		public ClientHttpRequest createRequest(URI uri, HttpMethod httpMethod) {
			this.request.setResponse(new MockClientHttpResponse(new byte[0], HttpStatus.OK));
			this.request.setURI(uri);
			this.request.setMethod(httpMethod);
			return this.request;
		}

	}

	/**
	 * A factory of one mock request that takes a streaming body, and records it.
	 */
	private static final class StreamingRecording implements ClientHttpRequestFactory {

		private final StreamingMockRequest request = new StreamingMockRequest();

		@Override
		public ClientHttpRequest createRequest(URI uri, HttpMethod httpMethod) {
			this.request.setResponse(new MockClientHttpResponse(new byte[0], HttpStatus.OK));
			return this.request;
		}

	}

	private static final class StreamingMockRequest extends MockClientHttpRequest
			implements StreamingHttpOutputMessage {

		private StreamingHttpOutputMessage.Body streamed;

		@Override
		public void setBody(StreamingHttpOutputMessage.Body body) {
			this.streamed = body;
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
