package io.github.imds.actuate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Calls the actuator of a test application on its real HTTP port, and keeps the bodies as examples for
 * {@code docs/actuator.md} under {@code target/actuator-examples}.
 */
final class ActuatorHttp {

	static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

	private static final Path EXAMPLES = Path.of("target", "actuator-examples");

	/** Values that must never appear in an actuator response: the simulator's fake secrets and tokens. */
	static final String[] SECRETS = { "fake-secret", "fake-session-token", "SecretAccessKey", "AQAEAFAKE", "ASIAFAKE" };

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final int port;

	ActuatorHttp(int port) {
		this.port = port;
	}

	Response get(String path) {
		return send(HttpRequest.newBuilder(uri(path)).GET().build());
	}

	Response post(String path) {
		return send(HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.noBody())
			.build());
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	private Response send(HttpRequest request) {
		try {
			HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
			return new Response(response.statusCode(), response.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	record Response(int status, String body) {

		JsonNode json() {
			return JSON.readTree(this.body);
		}

		String at(String pointer) {
			return json().at(pointer).asString();
		}

		/** Asserts that nothing secret is in the body, and keeps it as an example. */
		Response save(String name) {
			for (String secret : SECRETS) {
				assertThat(this.body).doesNotContain(secret);
			}
			try {
				Files.createDirectories(EXAMPLES);
				Files.writeString(EXAMPLES.resolve(name + ".json"), JSON.writeValueAsString(json()));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			return this;
		}

	}

}
