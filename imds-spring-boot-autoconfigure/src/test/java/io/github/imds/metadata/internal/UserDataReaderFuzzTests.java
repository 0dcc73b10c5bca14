package io.github.imds.metadata.internal;

import java.util.concurrent.TimeUnit;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.imds.client.ImdsResponse;
import io.github.imds.metadata.UserDataMode;
import io.github.imds.testsupport.FuzzInput;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzz tests for {@link UserDataReader}: any user data, in properties or raw mode, is read or skipped with a
 * warning that never quotes it; nothing throws. Seeds in
 * {@code src/test/resources/.../UserDataReaderFuzzTestsInputs/}; docs/reliability.md, "Fuzzing".
 */
class UserDataReaderFuzzTests {

	@FuzzTest
	@Timeout(value = 10, unit = TimeUnit.SECONDS)
	void propertiesMode(byte[] input) {
		UserDataReader.Result result = UserDataReader.read(ImdsResponse.of("/latest/user-data", FuzzInput.bytes(input)),
				UserDataMode.PROPERTIES);
		if (result.warning() != null) {
			assertThat(result.properties()).isEmpty();
			FuzzInput.assertNoSecretIn("the user data warning", result.warning());
		}
		assertThat(result.properties().keySet())
			.allSatisfy((key) -> assertThat(key).startsWith(UserDataReader.USER_DATA_KEY + "."));
	}

	@FuzzTest
	@Timeout(value = 10, unit = TimeUnit.SECONDS)
	void rawMode(byte[] input) {
		UserDataReader.Result result = UserDataReader.read(ImdsResponse.of("/latest/user-data", FuzzInput.bytes(input)),
				UserDataMode.RAW);
		if (result.warning() != null) {
			assertThat(result.properties()).isEmpty();
			FuzzInput.assertNoSecretIn("the user data warning", result.warning());
		}
		else {
			assertThat(result.properties()).containsOnlyKeys(UserDataReader.USER_DATA_KEY);
		}
	}

}
