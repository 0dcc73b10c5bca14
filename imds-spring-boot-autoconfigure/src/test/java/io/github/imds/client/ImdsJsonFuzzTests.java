package io.github.imds.client;

import java.util.concurrent.TimeUnit;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.imds.testsupport.FuzzInput;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzz tests for the body of a response as JSON, text and lines ({@link ImdsResponse#asJson()}, the
 * streaming {@link JsonTreeReader} behind it): any body is read or throws {@link ImdsResponseException} naming
 * the path and a position, never the body; {@link ImdsJson#toString()} never shows a value. Seeds in
 * {@code src/test/resources/.../ImdsJsonFuzzTestsInputs/}; docs/reliability.md, "Fuzzing".
 */
class ImdsJsonFuzzTests {

	private static final String PATH = "/latest/dynamic/instance-identity/document";

	@FuzzTest
	@Timeout(value = 10, unit = TimeUnit.SECONDS)
	void asJson(byte[] input) {
		ImdsResponse response = ImdsResponse.of(PATH, FuzzInput.bytes(input));
		FuzzInput.assertNoSecretIn("ImdsResponse.toString()", response.toString());
		ImdsJson json;
		try {
			json = response.asJson();
		}
		catch (ImdsResponseException ex) {
			assertThat(ex.getMessage()).contains(PATH);
			FuzzInput.assertNoSecretIn(ex);
			return;
		}
		walk(json, 0);
	}

	@FuzzTest
	@Timeout(value = 10, unit = TimeUnit.SECONDS)
	void asLines(byte[] input) {
		ImdsResponse response = ImdsResponse.of("/latest/meta-data/", FuzzInput.bytes(input));
		try {
			assertThat(response.asLines()).allSatisfy((line) -> assertThat(line).isNotBlank().doesNotContain("\n"));
		}
		catch (ImdsResponseException ex) {
			FuzzInput.assertNoSecretIn(ex);
		}
	}

	private static void walk(ImdsJson json, int depth) {
		FuzzInput.assertNoSecretIn("ImdsJson.toString()", json.toString());
		assertThat(depth).isLessThan(2000);
		assertThat(json.isValueNode()).isNotEqualTo(json.isObject() || json.isArray());
		for (ImdsJson value : json) {
			walk(value, depth + 1);
		}
	}

}
