package io.github.imds.test;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * Tests for the faults and the concurrency of {@link ImdsSimulator}.
 */
class ImdsSimulatorFaultTests {

	private static ImdsSimulator simulator;

	private static ImdsHttp http;

	@BeforeAll
	static void start() {
		simulator = ImdsSimulator.startDefault();
		http = new ImdsHttp(simulator.endpoint());
	}

	@AfterAll
	static void stop() {
		simulator.close();
	}

	@BeforeEach
	void reset() {
		simulator.reset();
	}

	@Test
	void latencyMakesShortTimeoutClientTimeOut() throws Exception {
		String token = http.token();
		simulator.latency(Duration.ofSeconds(2));
		HttpRequest request = http.request("instance-id", token).timeout(Duration.ofMillis(200)).build();
		assertThatExceptionOfType(HttpTimeoutException.class)
			.isThrownBy(() -> http.send(request, HttpResponse.BodyHandlers.ofString()));
		simulator.clearFaults();
		assertThat(http.get("instance-id", token).statusCode()).isEqualTo(200);
	}

	@Test
	void failNextFailsThatManyRequestsThenRecovers() throws Exception {
		simulator.failNext(2, 503);
		assertThat(http.putToken("60").statusCode()).isEqualTo(503);
		assertThat(http.putToken("60").statusCode()).isEqualTo(503);
		String token = http.token();
		assertThat(http.get("instance-id", token).statusCode()).isEqualTo(200);
	}

	@Test
	void failNextWithPrefixOnlyFailsMatchingPaths() throws Exception {
		simulator.failNext(1, 500, "iam/security-credentials/").failNext(1, 404, ImdsSimulator.TOKEN_PATH);
		assertThat(http.putToken("60").statusCode()).isEqualTo(404);
		String token = http.token();
		assertThat(http.get("instance-id", token).statusCode()).isEqualTo(200);
		assertThat(http.get("iam/security-credentials/sample-role", token).statusCode()).isEqualTo(500);
		assertThat(http.get("iam/security-credentials/sample-role", token).statusCode()).isEqualTo(200);
	}

	@Test
	void throttleAnswers429UnderBurst() throws Exception {
		simulator.acceptImdsV1(true).throttleAbove(5);
		List<Integer> statuses = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			statuses.add(http.get("instance-id", null).statusCode());
		}
		assertThat(statuses).contains(429).contains(200);
		assertThat(statuses.stream().filter((status) -> status == 200)).hasSizeLessThan(20);
		simulator.throttleAbove(0);
		assertThat(http.get("instance-id", null).statusCode()).isEqualTo(200);
	}

	@Test
	void resetConnectionGivesIoException() throws Exception {
		simulator.acceptImdsV1(true).resetConnectionNext(3);
		assertThatIOException().isThrownBy(() -> http.get("instance-id", null));
		simulator.clearFaults();
		assertThat(http.get("instance-id", null).statusCode()).isEqualTo(200);
		assertThat(simulator.countMatching((request) -> request.status() == 0)).isPositive();
	}

	@Test
	void droppedTokenResponsesTimeOutPutWhileGetWorks() throws Exception {
		simulator.acceptImdsV1(true).dropTokenResponses(true);
		HttpRequest put = HttpRequest.newBuilder(http.uri(ImdsSimulator.TOKEN_PATH))
			.header("X-aws-ec2-metadata-token-ttl-seconds", "60")
			.timeout(Duration.ofMillis(500))
			.PUT(HttpRequest.BodyPublishers.noBody())
			.build();
		assertThatExceptionOfType(HttpTimeoutException.class)
			.isThrownBy(() -> http.send(put, HttpResponse.BodyHandlers.ofString()));
		assertThat(http.get("instance-id", null).statusCode()).isEqualTo(200);
		assertThat(simulator.tokenPuts()).isEqualTo(1);
		assertThat(simulator.tokensIssued()).isZero();
	}

	@Test
	void stopDoesNotHangOnDroppedTokenResponses() throws Exception {
		ImdsSimulator other = ImdsSimulator.startDefault();
		other.dropTokenResponses(true);
		ImdsHttp client = new ImdsHttp(other.endpoint());
		HttpRequest put = HttpRequest.newBuilder(client.uri(ImdsSimulator.TOKEN_PATH))
			.header("X-aws-ec2-metadata-token-ttl-seconds", "60")
			.timeout(Duration.ofMillis(300))
			.PUT(HttpRequest.BodyPublishers.noBody())
			.build();
		assertThatExceptionOfType(HttpTimeoutException.class)
			.isThrownBy(() -> client.send(put, HttpResponse.BodyHandlers.ofString()));
		ExecutorService executor = Executors.newSingleThreadExecutor();
		try {
			Future<?> stopped = executor.submit(other::stop);
			// generous: far below the 30 s a held response would otherwise take
			stopped.get(15, java.util.concurrent.TimeUnit.SECONDS);
		}
		finally {
			executor.shutdownNow();
		}
		assertThat(other.isRunning()).isFalse();
	}

	@Test
	void malformedJsonDoesNotParse() throws Exception {
		simulator.malformedJson("iam/security-credentials/sample-role");
		String body = http.body("iam/security-credentials/sample-role");
		assertThatExceptionOfType(JacksonException.class)
			.isThrownBy(() -> JsonMapper.builder().build().readTree(body));
	}

	@Test
	void oversizedBodyHasRequestedSize() throws Exception {
		simulator.oversizedBody("/latest/user-data", 100_000);
		assertThat(http.getBytes("/latest/user-data", http.token()).body()).hasSize(100_000);
	}

	@Test
	void slowBodyTricklesTheNormalBody() throws Exception {
		simulator.slowBody("instance-id", Duration.ofSeconds(3));
		String token = http.token();
		HttpRequest request = http.request("instance-id", token).timeout(Duration.ofMillis(300)).build();
		assertThatExceptionOfType(HttpTimeoutException.class)
			.isThrownBy(() -> http.send(request, HttpResponse.BodyHandlers.ofString()));
		simulator.slowBody("instance-type", Duration.ofMillis(200));
		assertThat(http.get("instance-type", token).body()).isEqualTo("m5.large");
	}

	@Test
	void emptyBodyAnswers200WithNothing() throws Exception {
		simulator.emptyBody("iam/security-credentials/sample-role").emptyBody(ImdsSimulator.TOKEN_PATH);
		HttpResponse<String> token = http.putToken("60");
		assertThat(token.statusCode()).isEqualTo(200);
		assertThat(token.body()).isEmpty();
		simulator.acceptImdsV1(true);
		HttpResponse<String> response = http.get("iam/security-credentials/sample-role", null);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEmpty();
	}

	@Test
	void redirectAnswersStatusAndLocation() throws Exception {
		simulator.redirect("instance-id", 307, "http://127.0.0.1:1/elsewhere");
		HttpResponse<String> response = http.get("instance-id", http.token());
		assertThat(response.statusCode()).isEqualTo(307);
		assertThat(response.headers().firstValue("Location")).hasValue("http://127.0.0.1:1/elsewhere");
	}

	@Test
	void invalidUtf8DoesNotDecode() throws Exception {
		simulator.invalidUtf8("tags/instance/Name");
		byte[] body = http.getBytes("tags/instance/Name", http.token()).body();
		assertThatExceptionOfType(CharacterCodingException.class)
			.isThrownBy(() -> StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(body)));
	}

	@Test
	void clearFaultsRemovesPathFaults() throws Exception {
		simulator.emptyBody("instance-id").clearFaults();
		assertThat(http.body("instance-id")).isEqualTo("i-0123456789abcdef0");
	}

	@Test
	void sixtyFourConcurrentClientsAllSucceed() throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(64);
		try {
			List<Callable<String>> calls = new ArrayList<>();
			for (int i = 0; i < 64; i++) {
				calls.add(() -> {
					// each client its own connection pool, like separate processes
					ImdsHttp client = new ImdsHttp(simulator.endpoint());
					String token = client.token();
					HttpResponse<String> response = client.get("instance-id", token);
					if (response.statusCode() != 200) {
						throw new IOException("GET answered " + response.statusCode());
					}
					return token;
				});
			}
			List<String> tokens = new ArrayList<>();
			for (Future<String> result : executor.invokeAll(calls)) {
				tokens.add(result.get());
			}
			assertThat(tokens).hasSize(64).doesNotHaveDuplicates();
		}
		finally {
			executor.shutdownNow();
		}
		assertThat(simulator.tokensIssued()).isEqualTo(64);
		assertThat(simulator.tokenPuts()).isEqualTo(64);
		assertThat(simulator.count("GET", "instance-id")).isEqualTo(64);
	}

}
