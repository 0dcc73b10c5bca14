package io.github.imds.client;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Table tests for {@link EndpointResolver#redactUserInfo}: what precedes the last {@code @} is hidden, a
 * {@code scheme://} that comes before the first {@code @} is kept, a value without {@code @} is unchanged.
 */
class EndpointRedactionTests {

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource(delimiter = '|', textBlock = """
			http://127.0.0.1:1338 | http://127.0.0.1:1338
			http://user:secret@127.0.0.1:1338 | http://***@127.0.0.1:1338
			user:secret@127.0.0.1 | ***@127.0.0.1
			@127.0.0.1 | ***@127.0.0.1
			//user:secret@host | //***@host
			ftp://user:secret@host | ftp://***@host
			http://a@b@host | http://***@host
			http:user:secret@host//x@y | ***@y
			""")
	void redactUserInfoHidesEverythingBeforeTheLastAtKeepingASchemeBeforeIt(String value, String redacted) {
		assertThat(EndpointResolver.redactUserInfo(value)).isEqualTo(redacted);
	}

	@Test
	void invalidEndpointMessageShowsTheRedactedValue() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> EndpointResolver.parse("http://user:secret@127.0.0.1:1338", "imds.endpoint"))
			.withMessageStartingWith("Invalid IMDS endpoint 'http://***@127.0.0.1:1338' from imds.endpoint: ")
			.withMessageNotContaining("secret");
	}

}
