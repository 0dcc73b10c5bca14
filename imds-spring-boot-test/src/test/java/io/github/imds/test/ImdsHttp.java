package io.github.imds.test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * A plain JDK client for the tests, always through loopback and never through a proxy.
 */
final class ImdsHttp {

	private static final Duration REQUEST_GUARD = Duration.ofSeconds(30);

	private final HttpClient client = HttpClient.newBuilder()
		.proxy(HttpClient.Builder.NO_PROXY)
		.version(HttpClient.Version.HTTP_1_1)
		// hang guards, not expectations: 64 clients at once on two loaded cores can take seconds to be served;
		// a test about timeouts sets its own on the request
		.connectTimeout(Duration.ofSeconds(20))
		.build();

	private final String endpoint;

	ImdsHttp(String endpoint) {
		this.endpoint = endpoint;
	}

	HttpResponse<String> putToken(@Nullable String ttl) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(ImdsSimulator.TOKEN_PATH))
			.timeout(REQUEST_GUARD)
			.PUT(HttpRequest.BodyPublishers.noBody());
		if (ttl != null) {
			request.header("X-aws-ec2-metadata-token-ttl-seconds", ttl);
		}
		return this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	String token() throws IOException, InterruptedException {
		HttpResponse<String> response = putToken("21600");
		if (response.statusCode() != 200) {
			throw new IllegalStateException("Token request answered " + response.statusCode());
		}
		return response.body();
	}

	HttpResponse<String> get(String path, @Nullable String token) throws IOException, InterruptedException {
		return send(request(path, token).build(), HttpResponse.BodyHandlers.ofString());
	}

	HttpResponse<byte[]> getBytes(String path, @Nullable String token) throws IOException, InterruptedException {
		return send(request(path, token).build(), HttpResponse.BodyHandlers.ofByteArray());
	}

	/**
	 * GET with a fresh token.
	 */
	String body(String path) throws IOException, InterruptedException {
		HttpResponse<String> response = get(path, token());
		if (response.statusCode() != 200) {
			throw new IllegalStateException("GET " + path + " answered " + response.statusCode());
		}
		return response.body();
	}

	HttpRequest.Builder request(String path, @Nullable String token) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(REQUEST_GUARD).GET();
		if (token != null) {
			request.header("X-aws-ec2-metadata-token", token);
		}
		return request;
	}

	<T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
			throws IOException, InterruptedException {
		return this.client.send(request, handler);
	}

	URI uri(String path) {
		String absolute = path.startsWith("/") ? path : "/latest/meta-data/" + path;
		return URI.create(this.endpoint + absolute);
	}

	static String utf8(byte[] bytes) {
		return new String(bytes, StandardCharsets.UTF_8);
	}

}
