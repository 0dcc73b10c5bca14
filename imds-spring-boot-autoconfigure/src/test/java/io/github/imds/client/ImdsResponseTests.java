package io.github.imds.client;

import java.nio.charset.StandardCharsets;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static io.github.imds.client.ImdsTestSupport.TOKEN;
import static io.github.imds.client.ImdsTestSupport.TOKEN_PATH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Reading bodies: text, listings, JSON, and failures that never quote the body.
 */
class ImdsResponseTests {

	private static final String CREDENTIALS_PATH = "/latest/meta-data/iam/security-credentials/fake-role";

	@RegisterExtension
	static WireMockExtension wm = ImdsTestSupport.loopbackWireMock();

	private ImdsResponse fetch(String path, byte[] body) {
		wm.stubFor(put(TOKEN_PATH).willReturn(ok(TOKEN)));
		wm.stubFor(get(path).willReturn(ok().withBody(body)));
		try (ImdsClient client = ImdsTestSupport.builder(wm).build()) {
			return client.get(path).orElseThrow();
		}
	}

	@Test
	void asStringWhenBodyIsNotUtf8Throws() {
		ImdsResponse response = fetch("/latest/user-data", new byte[] { 'o', 'k', (byte) 0xC3, (byte) 0x28, (byte) 0xFF });
		assertThat(response.length()).isEqualTo(5);
		assertThatExceptionOfType(ImdsResponseException.class).isThrownBy(response::asString)
			.satisfies((ex) -> {
				assertThat(ex.getPath()).isEqualTo("/latest/user-data");
				assertThat(ex.getStatus()).isEqualTo(200);
				assertThat(ex.getMessage()).contains("UTF-8");
			});
		assertThatExceptionOfType(ImdsResponseException.class).isThrownBy(response::asJson);
	}

	@Test
	void asJsonWhenBodyIsMalformedThrowsWithoutQuotingBody() {
		ImdsResponse response = fetch(CREDENTIALS_PATH,
				"{\"SecretAccessKey\":\"fake-secret-xyz".getBytes(StandardCharsets.UTF_8));
		assertThatExceptionOfType(ImdsResponseException.class).isThrownBy(response::asJson)
			.satisfies((ex) -> {
				assertThat(ex.getMessage()).contains(CREDENTIALS_PATH)
					.contains("not valid JSON")
					.doesNotContain("fake-secret")
					.doesNotContain("SecretAccessKey");
				assertThat(ex.getCause()).isNull();
				assertThat(ex.toString()).doesNotContain("fake-secret");
			});
		assertThat(response.toString()).doesNotContain("fake-secret");
	}

	@Test
	void asJsonWhenBodyHasTrailingGarbageThrowsWithoutQuotingBody() {
		ImdsResponse response = fetch(CREDENTIALS_PATH,
				"{\"Code\":\"Success\"} fake-secret-tail".getBytes(StandardCharsets.UTF_8));
		assertThatExceptionOfType(ImdsResponseException.class).isThrownBy(response::asJson)
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain("fake-secret"));
	}

	@Test
	void asJsonWhenBodyIsEmptyThrows() {
		ImdsResponse response = fetch(CREDENTIALS_PATH, new byte[0]);
		assertThatExceptionOfType(ImdsResponseException.class).isThrownBy(response::asJson)
			.withMessageContaining("empty");
	}

	@Test
	void asJsonWhenBodyIsJsonParsesAndIgnoresUnknownFields() {
		ImdsResponse response = fetch(CREDENTIALS_PATH, ("{\"Code\":\"Success\",\"AccessKeyId\":\"ASIAFAKE\","
				+ "\"SecretAccessKey\":\"fake-secret-xyz\",\"Unknown\":1}").getBytes(StandardCharsets.UTF_8));
		assertThat(response.asJson().get("AccessKeyId").asString()).isEqualTo("ASIAFAKE");
		assertThat(response.toString()).contains(CREDENTIALS_PATH).doesNotContain("fake-secret").doesNotContain("ASIAFAKE");
	}

	@Test
	void asLinesSplitsListingsAndDropsEmptyLines() {
		ImdsResponse response = fetch("/latest/meta-data/security-groups",
				"default\r\n  web \n\nssh\n".getBytes(StandardCharsets.UTF_8));
		assertThat(response.asLines()).containsExactly("default", "web", "ssh");
	}

	@Test
	void bytesReturnsCopy() {
		ImdsResponse response = fetch("/latest/user-data", new byte[] { 1, 2, 3 });
		response.bytes()[0] = 9;
		assertThat(response.bytes()).containsExactly(1, 2, 3);
	}

	@Test
	void ofMakesAResponseAFakeClientCanReturn() {
		ImdsResponse response = ImdsResponse.of("/latest/meta-data/instance-id", "i-0fake");
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.asString()).isEqualTo("i-0fake");
		assertThat(response).isEqualTo(ImdsResponse.of("/latest/meta-data/instance-id", "i-0fake".getBytes(StandardCharsets.UTF_8)));
	}

	@Test
	void asJsonGivesEveryKindOfValueInDocumentOrderWithNumbersAsSent() {
		ImdsJson json = ImdsResponse.of("/latest/dynamic/instance-identity/document",
				"{\"b\":[\"x\",2.50,true,null],\"a\":{\"n\":12345678901234567890},\"s\":\"v\",\"z\":null}").asJson();
		assertThat(json.isObject()).isTrue();
		assertThat(json.properties()).extracting(java.util.Map.Entry::getKey).containsExactly("b", "a", "s", "z");
		ImdsJson array = json.get("b");
		assertThat(array.isArray()).isTrue();
		assertThat(array.values()).extracting(ImdsJson::asString).containsExactly("x", "2.50", "true", "");
		assertThat(array.get(3).isNull()).isTrue();
		assertThat(array.get(4)).isNull();
		assertThat(json.get("a").get("n").isNumber()).isTrue();
		assertThat(json.get("a").get("n").asString()).isEqualTo("12345678901234567890");
		assertThat(json.get("s").isString()).isTrue();
		assertThat(json.get("missing")).isNull();
		assertThat(json).hasSize(4);
		assertThat(json.toString()).isEqualTo("ImdsJson[object, size=4]").doesNotContain("v");
	}

	@Test
	void asJsonWhenDocumentIsCutShortThrowsWithoutQuotingBody() {
		ImdsResponse response = ImdsResponse.of(CREDENTIALS_PATH, "{\"SecretAccessKey\":\"fake-secret-cut");
		assertThatExceptionOfType(ImdsResponseException.class).isThrownBy(response::asJson)
			.satisfies((ex) -> assertThat(ex.getMessage()).contains("not valid JSON").doesNotContain("fake-secret"));
	}

	@Test
	void asJsonWhenBodyHoldsTwoDocumentsThrows() {
		ImdsResponse response = ImdsResponse.of(CREDENTIALS_PATH, "{\"Code\":\"Success\"} {}");
		assertThatExceptionOfType(ImdsResponseException.class).isThrownBy(response::asJson)
			.withMessageContaining("not valid JSON");
	}

	@Test
	void asJsonWhenBodyIsMalformedNamesThePosition() {
		ImdsResponse response = ImdsResponse.of(CREDENTIALS_PATH, "{\"Code\":\n oops}");
		assertThatExceptionOfType(ImdsResponseException.class).isThrownBy(response::asJson)
			.withMessageContaining("not valid JSON (line 2, column ")
			.withMessageNotContaining("oops");
	}

	@Test
	void equalResponsesHaveThePathStatusAndBodyInCommon() {
		ImdsResponse response = new ImdsResponse(CREDENTIALS_PATH, 200, new byte[] { 1, 2 });
		ImdsResponse same = new ImdsResponse(CREDENTIALS_PATH, 200, new byte[] { 1, 2 });
		assertThat(response).isEqualTo(same).hasSameHashCodeAs(same);
		assertThat(response).isNotEqualTo(new ImdsResponse(CREDENTIALS_PATH, 200, new byte[] { 1, 3 }))
			.isNotEqualTo(new ImdsResponse("/latest/meta-data/other", 200, new byte[] { 1, 2 }))
			.isNotEqualTo(new ImdsResponse(CREDENTIALS_PATH, 206, new byte[] { 1, 2 }))
			.isNotEqualTo("not a response");
		// hash codes spread over the path and the body
		assertThat(response.hashCode())
			.isNotEqualTo(new ImdsResponse("/latest/meta-data/other", 200, new byte[] { 1, 2 }).hashCode())
			.isNotEqualTo(new ImdsResponse(CREDENTIALS_PATH, 200, new byte[] { 1, 3 }).hashCode());
	}

}
