package io.github.imds.client;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for what {@link HttpTransport} writes before it connects: the request line's path encoding and the
 * header values it refuses. The transport points at a loopback port nothing listens on.
 */
class HttpTransportTests {

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource(delimiter = '|', textBlock = """
			/latest/meta-data/instance-id | /latest/meta-data/instance-id
			/latest/meta-data/tags/instance/a b | /latest/meta-data/tags/instance/a%20b
			/latest/x!~ | /latest/x!~
			/latest/x" | /latest/x%22
			/latest/x< | /latest/x%3C
			/latest/x> | /latest/x%3E
			/latest/x\\ | /latest/x%5C
			/latest/x^ | /latest/x%5E
			/latest/x` | /latest/x%60
			/latest/x{ | /latest/x%7B
			/latest/x} | /latest/x%7D
			/latest/é | /latest/%C3%A9
			""")
	void encodePathEscapesWhatARequestLineCannotCarry(String path, String encoded) {
		assertThat(HttpTransport.encodePath(path)).isEqualTo(encoded);
	}

	@Test
	void encodePathEscapesControlCharactersDeleteAndThePipe() {
		assertThat(HttpTransport.encodePath("/latest/\u001f\u007f|\t")).isEqualTo("/latest/%1F%7F%7C%09");
	}

	@ParameterizedTest
	@ValueSource(strings = { "a\u001fb", "a\u007fb", "a\r\nb", "é" })
	void headerWithACharacterHttpCannotCarryIsRefusedBeforeConnectingAndNotQuoted(String value) {
		HttpTransport transport = transport();
		try {
			assertThatIllegalArgumentException()
				.isThrownBy(() -> transport.exchange("GET", "/latest/x", Map.of("X-Test", value)))
				.withMessage("A request header contains a character HTTP/1.1 cannot carry");
			assertThatIllegalArgumentException()
				.isThrownBy(() -> transport.exchange("GET", "/latest/x", Map.of(value, "v")))
				.withMessage("A request header contains a character HTTP/1.1 cannot carry");
		}
		finally {
			transport.close();
		}
	}

	@Test
	void headerOfPrintableCharactersAndSpacesIsSent() throws InterruptedException {
		HttpTransport transport = transport();
		try {
			Exchange exchange = transport.exchange("PUT", "/latest/x", Map.of("X-Test", " a~b "));
			assertThat(exchange.outcome()).isEqualTo(RequestOutcome.CONNECTION_REFUSED);
		}
		finally {
			transport.close();
		}
	}

	@Test
	void exchangeAfterCloseFails() {
		HttpTransport transport = transport();
		transport.close();
		assertThatIllegalStateException()
			.isThrownBy(() -> transport.exchange("GET", "/latest/x", Map.of()))
			.withMessage("ImdsClient is closed");
	}

	private static HttpTransport transport() {
		return new HttpTransport(URI.create("http://127.0.0.1:" + ImdsTestSupport.closedPort()), Duration.ofSeconds(1),
				Duration.ofSeconds(1));
	}

}
