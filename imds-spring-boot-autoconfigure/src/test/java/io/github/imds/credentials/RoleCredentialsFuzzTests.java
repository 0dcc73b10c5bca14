package io.github.imds.credentials;

import java.util.concurrent.TimeUnit;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.imds.client.ImdsJson;
import io.github.imds.client.ImdsResponse;
import io.github.imds.client.ImdsResponseException;
import io.github.imds.testsupport.FuzzInput;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzz tests for the credentials document ({@link RoleCredentialsFetcher#parse}): any body gives credentials
 * whose {@code toString()} hides the secret access key and the token, or throws
 * {@link ImdsResponseException} or {@link RoleCredentialsCodeException} without repeating a secret. Seeds in
 * {@code src/test/resources/.../RoleCredentialsFuzzTestsInputs/}; docs/reliability.md, "Fuzzing".
 */
class RoleCredentialsFuzzTests {

	private static final String PATH = "/latest/meta-data/iam/security-credentials-extended/app-role";

	@FuzzTest
	@Timeout(value = 10, unit = TimeUnit.SECONDS)
	void parse(byte[] input) {
		ImdsResponse response = ImdsResponse.of(PATH, FuzzInput.bytes(input));
		RoleCredentials credentials;
		try {
			credentials = RoleCredentialsFetcher.parse(response, "app-role");
		}
		catch (ImdsResponseException ex) {
			FuzzInput.assertNoSecretIn(ex);
			return;
		}
		catch (RoleCredentialsCodeException ex) {
			// IMDS's own Code and Message are quoted, as the SDKs do: a secret elsewhere must not be
			ImdsJson json = response.asJson();
			if (!FuzzInput.containsSecretPart(text(json, "Code"))
					&& !FuzzInput.containsSecretPart(text(json, "Message"))) {
				FuzzInput.assertNoSecretIn(ex);
			}
			return;
		}
		assertThat(credentials.accessKeyId()).isNotBlank();
		assertThat(credentials.secretAccessKey()).isNotBlank();
		assertThat(credentials.sessionToken()).isNotBlank();
		assertThat(credentials.expiration()).isNotNull();
		// the account id is shown, as IMDS gave it; nothing else of the document may be
		String shown = credentials.toString().replace(String.valueOf(credentials.accountId()), "");
		FuzzInput.assertNoSecretIn("RoleCredentials.toString()", shown);
	}

	private static String text(ImdsJson json, String field) {
		ImdsJson value = json.get(field);
		return (value != null) ? value.asString() : "";
	}

}
