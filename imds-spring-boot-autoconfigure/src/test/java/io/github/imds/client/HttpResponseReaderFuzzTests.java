package io.github.imds.client;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.imds.testsupport.FuzzInput;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzz tests for the HTTP/1.1 framing of the transport ({@link HttpResponseReader}): any bytes from the
 * connection give one response with a real status and a body within the limit, or throw an
 * {@link IOException} that never quotes what was read. Seeds in
 * {@code src/test/resources/.../HttpResponseReaderFuzzTestsInputs/}; docs/reliability.md, "Fuzzing".
 */
class HttpResponseReaderFuzzTests {

	@FuzzTest
	@Timeout(value = 10, unit = TimeUnit.SECONDS)
	void read(byte[] input) {
		byte[] raw = FuzzInput.bytes(input);
		// the last byte says whether the request was a HEAD, as the transport would know
		boolean head = raw.length > 0 && raw[raw.length - 1] == 'H';
		HttpResponseReader.HttpResponse response;
		try {
			response = HttpResponseReader.read(new ByteArrayInputStream(raw), head);
		}
		catch (IOException ex) {
			FuzzInput.assertNoSecretIn(ex);
			return;
		}
		assertThat(response.status()).isBetween(200, 599);
		assertThat(response.body().length).isLessThanOrEqualTo(Math.min(raw.length, ImdsClient.MAX_BODY_BYTES));
		if (head) {
			assertThat(response.body()).isEmpty();
		}
		FuzzInput.assertNoSecretIn("HttpResponse.toString()", response.toString());
	}

}
