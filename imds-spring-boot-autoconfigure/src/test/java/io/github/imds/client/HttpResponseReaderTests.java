package io.github.imds.client;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link HttpResponseReader}.
 */
class HttpResponseReaderTests {

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			HTTP/1.1 200 OK\\r\\nContent-Length: 5\\r\\n\\r\\nhello                                    | 200 | hello | true
			HTTP/1.1 200 OK\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n3\\r\\nhel\\r\\n2;x=y\\r\\nlo\\r\\n0\\r\\n\\r\\n | 200 | hello | true
			HTTP/1.1 200 OK\\r\\nContent-Length: 5\\r\\nConnection: close\\r\\n\\r\\nhello                 | 200 | hello | false
			HTTP/1.0 200 OK\\r\\nContent-Length: 5\\r\\n\\r\\nhello                                    | 200 | hello | false
			HTTP/1.1 200 OK\\r\\n\\r\\nhello                                                         | 200 | hello | false
			HTTP/1.1 100 Continue\\r\\n\\r\\nHTTP/1.1 404 Not Found\\r\\nContent-Length: 0\\r\\n\\r\\n      | 404 |       | true
			HTTP/1.1 204\\r\\n\\r\\n                                                                  | 204 |       | true
			HTTP/1.1 304 Not Modified\\r\\n\\r\\n                                                     | 304 |       | true
			HTTP/1.1 200 OK\\nContent-Length: 2\\n\\nok                                                | 200 | ok    | true
			HTTP/1.1 200 OK\\r\\nContent-Length: 2\\r\\nConnection: keep-alive\\r\\nConnection: close\\r\\n\\r\\nok | 200 | ok | false
			HTTP/1.1 200 OK\\r\\nContent-Length: 2\\r\\nConnection: keep-alive, Close\\r\\n\\r\\nok | 200 | ok | false
			HTTP/1.1 200 OK\\r\\nContent-Length: 2\\r\\nConnection: keep-alive\\r\\n\\r\\nok    | 200 | ok    | true
			HTTP/1.1 200 OK\\r\\nTransfer-Encoding: gzip, chunked\\r\\n\\r\\n2\\r\\nok\\r\\n0\\r\\nX-Trailer: t\\r\\n\\r\\n | 200 | ok | true
			HTTP/1.1 100 Continue\\r\\n\\r\\nHTTP/1.1 199 Early\\r\\n\\r\\nHTTP/1.1 200 OK\\r\\nContent-Length: 0\\r\\n\\r\\n | 200 | | true
			HTTP/1.1 599\\r\\nContent-Length: 0\\r\\n\\r\\n                                            | 599 |       | true
			""")
	void readWhenResponseIsWellFormedReturnsStatusBodyAndKeepsAlive(String raw, int status, String body,
			boolean keepAlive) throws IOException {
		HttpResponseReader.HttpResponse response = read(raw);
		assertThat(response.status()).isEqualTo(status);
		assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo((body != null) ? body : "");
		assertThat(response.keepAlive()).isEqualTo(keepAlive);
	}

	@Test
	void readWhenHeadersRepeatOrDifferInCaseFindsThemCaseInsensitively() throws IOException {
		HttpResponseReader.HttpResponse response = read(
				"HTTP/1.1 200 OK\\r\\nx-AWS-ec2-metadata-token-ttl-seconds: 21600\\r\\nContent-Length: 1\\r\\n\\r\\nt");
		assertThat(response.header("X-aws-ec2-metadata-token-ttl-seconds")).isEqualTo("21600");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			HTTP/1.1 200 OK\\r\\nContent-Length: 40\\r\\n\\r\\ni-0fake                        | Content-Length said 40
			HTTP/1.1 200 OK\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n10\\r\\nabc                 | Content-Length said 16
			HTTP/1.1 200 OK\\r\\nContent-Le                                                  | in the middle of the response
			''                                                                                | before a response
			""")
	void readWhenResponseIsCutShortFailsAsAnEndOfStream(String raw, String message) {
		assertThatExceptionOfType(EOFException.class).isThrownBy(() -> read(raw)).withMessageContaining(message);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			SSH-2.0-OpenSSH\\r\\n\\r\\n                                                        | not an HTTP/1.x response
			HTTP/1.1 2x0 OK\\r\\n\\r\\n                                                        | not an HTTP/1.x response
			HTTP/1.1 -12 OK\\r\\n\\r\\n                                                        | not an HTTP/1.x response
			HTTP/1.1 +20 OK\\r\\n\\r\\n                                                        | not an HTTP/1.x response
			HTTP/1.1 890 OK\\r\\nContent-Length: 100\\r\\n\\r\\nH                            | status outside 100-599
			HTTP/1.1 099 OK\\r\\n\\r\\n                                                        | status outside 100-599
			HTTP/1.1 200 OK\\r\\nContent-Length: -1\\r\\n\\r\\n                                | negative Content-Length
			HTTP/1.1 200 OK\\r\\nContent-Length: 2000000\\r\\n\\r\\n                           | larger than 1048576 bytes
			HTTP/1.1 200 OK\\r\\nTransfer-Encoding: gzip\\r\\n\\r\\n                           | unsupported Transfer-Encoding
			HTTP/1.1 200 OK\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\nzz\\r\\n                | invalid chunk size
			HTTP/1.1 200 OK\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n1\\r\\nab\\r\\n0\\r\\n\\r\\n | chunk longer than its size
			HTTP/1.1 200 OK\\r\\nno colon here\\r\\n\\r\\n                                     | header line without a name
			HTTP/1.1 200 OK\\r\\n: no name\\r\\n\\r\\n                                         | header line without a name
			HTTP/1.1 600 OK\\r\\n\\r\\n                                                        | status outside 100-599
			HTTP/1.1 2/0 OK\\r\\n\\r\\n                                                        | not an HTTP/1.x response
			HTTP/1.1 2:0 OK\\r\\n\\r\\n                                                        | not an HTTP/1.x response
			HTTP/1.1 20\\r\\n\\r\\n                                                            | not an HTTP/1.x response
			HTTP/1.1 2000\\r\\n\\r\\n                                                          | not an HTTP/1.x response
			HTTP/1.1x200 OK\\r\\n\\r\\n                                                        | not an HTTP/1.x response
			HTTP/2.0 200 OK\\r\\n\\r\\n                                                        | not an HTTP/1.x response
			HTTP/1.1 200 OK\\r\\nContent-Length: x\\r\\n\\r\\n                                 | invalid Content-Length
			HTTP/1.1 200 OK\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n-1\\r\\n                | invalid chunk size
			""")
	void readWhenResponseIsMalformedFailsNamingWhatIsWrongWithoutQuotingIt(String raw, String message) {
		assertThatExceptionOfType(HttpResponseReader.MalformedResponseException.class).isThrownBy(() -> read(raw))
			.withMessageContaining(message)
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain("OpenSSH").doesNotContain("zz"));
	}

	@Test
	void readWhenChunkedBodyExceedsTheLimitFails() {
		byte[] chunk = new byte[700_000];
		Arrays.fill(chunk, (byte) 'a');
		String head = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
		String size = Integer.toHexString(chunk.length) + "\r\n";
		byte[] raw = concat(head.getBytes(StandardCharsets.ISO_8859_1), size.getBytes(StandardCharsets.ISO_8859_1),
				chunk, "\r\n".getBytes(StandardCharsets.ISO_8859_1), size.getBytes(StandardCharsets.ISO_8859_1), chunk);
		assertThatExceptionOfType(HttpResponseReader.MalformedResponseException.class)
			.isThrownBy(() -> HttpResponseReader.read(new ByteArrayInputStream(raw), false))
			.withMessageContaining("larger than");
	}

	@Test
	void readWhenHeadIsEndlessFailsInsteadOfBuffering() {
		byte[] raw = ("HTTP/1.1 200 OK\r\n" + "X-Filler: abc\r\n".repeat(10_000)).getBytes(StandardCharsets.ISO_8859_1);
		assertThatExceptionOfType(HttpResponseReader.MalformedResponseException.class)
			.isThrownBy(() -> HttpResponseReader.read(new ByteArrayInputStream(raw), false))
			.withMessageContaining("head longer than");
	}

	@Test
	void readWhenOneHeaderLineIsTooLongFails() {
		byte[] raw = ("HTTP/1.1 200 OK\r\nX-Filler: " + "a".repeat(9000) + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
		assertThatExceptionOfType(HttpResponseReader.MalformedResponseException.class)
			.isThrownBy(() -> HttpResponseReader.read(new ByteArrayInputStream(raw), false))
			.withMessageContaining("head longer than");
	}

	@Test
	void readWhenHeadJustFitsTheLimitReadsIt() throws IOException {
		String status = "HTTP/1.1 200 OK\r\n";
		String end = "Content-Length: 0\r\n\r\n";
		StringBuilder head = new StringBuilder(status);
		while (head.length() + end.length() + 8 * 1024 < HttpResponseReader.MAX_HEAD_BYTES) {
			head.append("X-Filler: ").append("a".repeat(8 * 1024 - 20)).append("\r\n");
		}
		int filler = HttpResponseReader.MAX_HEAD_BYTES - head.length() - "X-Last: \r\n".length() - end.length();
		head.append("X-Last: ").append("b".repeat(filler)).append("\r\n").append(end);
		assertThat(head).hasSize(HttpResponseReader.MAX_HEAD_BYTES);
		byte[] raw = head.toString().getBytes(StandardCharsets.ISO_8859_1);
		assertThat(HttpResponseReader.read(new ByteArrayInputStream(raw), false).status()).isEqualTo(200);
		byte[] longer = head.insert(status.length(), "X: y\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
		assertThatExceptionOfType(HttpResponseReader.MalformedResponseException.class)
			.isThrownBy(() -> HttpResponseReader.read(new ByteArrayInputStream(longer), false))
			.withMessageContaining("head longer than");
	}

	@Test
	void readOfAHeadRequestReadsNoBody() throws IOException {
		byte[] raw = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
		HttpResponseReader.HttpResponse response = HttpResponseReader.read(new ByteArrayInputStream(raw), true);
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.body()).isEmpty();
		assertThat(response.keepAlive()).isTrue();
		assertThat(response.toString()).isEqualTo("HttpResponse[status=200, length=0]");
	}

	@Test
	void readToTheEndOfTheConnectionAcceptsABodyAtTheLimitAndNotOneByteMore() throws IOException {
		byte[] head = "HTTP/1.1 200 OK\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
		byte[] atLimit = new byte[ImdsClient.MAX_BODY_BYTES];
		assertThat(HttpResponseReader.read(new ByteArrayInputStream(concat(head, atLimit)), false).body())
			.hasSize(ImdsClient.MAX_BODY_BYTES);
		assertThatExceptionOfType(HttpResponseReader.MalformedResponseException.class)
			.isThrownBy(() -> HttpResponseReader.read(new ByteArrayInputStream(concat(head, atLimit, new byte[1])), false))
			.withMessageContaining("larger than");
	}

	@Test
	void readOfChunksAcceptsABodyAtTheLimit() throws IOException {
		byte[] chunk = new byte[ImdsClient.MAX_BODY_BYTES / 2];
		String size = Integer.toHexString(chunk.length) + "\r\n";
		byte[] raw = concat("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1),
				size.getBytes(StandardCharsets.ISO_8859_1), chunk, "\r\n".getBytes(StandardCharsets.ISO_8859_1),
				size.getBytes(StandardCharsets.ISO_8859_1), chunk, "\r\n0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
		assertThat(HttpResponseReader.read(new ByteArrayInputStream(raw), false).body()).hasSize(ImdsClient.MAX_BODY_BYTES);
	}

	@Test
	void readOfAKeptConnectionLeavesTheNextResponseAfterTheTrailers() throws IOException {
		byte[] raw = ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\nX-Trailer: t\r\n\r\n"
				+ "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
		ByteArrayInputStream in = new ByteArrayInputStream(raw);
		assertThat(HttpResponseReader.read(in, false).body()).asString(StandardCharsets.ISO_8859_1).isEqualTo("ok");
		assertThat(HttpResponseReader.read(in, false).status()).isEqualTo(404);
	}

	@Test
	void readOfAHeaderLineAtTheLineLimitAcceptsItAndFailsOneByteLonger() throws IOException {
		// 8191 characters before CR LF is the longest header line
		String line = "X-Filler: " + "a".repeat(8191 - 10);
		byte[] raw = ("HTTP/1.1 200 OK\r\n" + line + "\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
		assertThat(HttpResponseReader.read(new ByteArrayInputStream(raw), false).header("X-Filler")).hasSize(8191 - 10);
		byte[] longer = ("HTTP/1.1 200 OK\r\n" + line + "a\r\nContent-Length: 0\r\n\r\n")
			.getBytes(StandardCharsets.ISO_8859_1);
		assertThatExceptionOfType(HttpResponseReader.MalformedResponseException.class)
			.isThrownBy(() -> HttpResponseReader.read(new ByteArrayInputStream(longer), false))
			.withMessageContaining("head longer than");
	}

	@Test
	void readOfAZeroByteInAHeaderKeepsReading() throws IOException {
		byte[] raw = "HTTP/1.1 200 OK\r\nX-Odd: a\u0000b\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.ISO_8859_1);
		HttpResponseReader.HttpResponse response = HttpResponseReader.read(new ByteArrayInputStream(raw), false);
		assertThat(response.header("X-Odd")).isEqualTo("a\u0000b");
		assertThat(response.body()).asString(StandardCharsets.ISO_8859_1).isEqualTo("ok");
	}

	@Test
	void readOfAContentLengthAtTheLimitAcceptsIt() throws IOException {
		byte[] head = ("HTTP/1.1 200 OK\r\nContent-Length: " + ImdsClient.MAX_BODY_BYTES + "\r\n\r\n")
			.getBytes(StandardCharsets.ISO_8859_1);
		assertThat(HttpResponseReader.read(new ByteArrayInputStream(concat(head, new byte[ImdsClient.MAX_BODY_BYTES])), false)
			.body()).hasSize(ImdsClient.MAX_BODY_BYTES);
	}

	@Test
	void readOfABodyToTheEndOfTheConnectionAtTheLimitAcceptsIt() throws IOException {
		byte[] head = "HTTP/1.1 200 OK\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
		HttpResponseReader.HttpResponse response = HttpResponseReader
			.read(new ByteArrayInputStream(concat(head, new byte[ImdsClient.MAX_BODY_BYTES])), false);
		assertThat(response.body()).hasSize(ImdsClient.MAX_BODY_BYTES);
		assertThat(response.keepAlive()).isFalse();
	}

	@Test
	void readOfABodyToTheEndOfTheConnectionOverTheLimitRefusesIt() {
		byte[] head = "HTTP/1.1 200 OK\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
		assertThatExceptionOfType(HttpResponseReader.MalformedResponseException.class)
			.isThrownBy(() -> HttpResponseReader
				.read(new ByteArrayInputStream(concat(head, new byte[ImdsClient.MAX_BODY_BYTES + 1])), false))
			.withMessageContaining("larger than");
	}

	private static HttpResponseReader.HttpResponse read(String escaped) throws IOException {
		String raw = escaped.replace("\\r", "\r").replace("\\n", "\n");
		return HttpResponseReader.read(new ByteArrayInputStream(raw.getBytes(StandardCharsets.ISO_8859_1)), false);
	}

	private static byte[] concat(byte[]... parts) {
		int length = Arrays.stream(parts).mapToInt((part) -> part.length).sum();
		byte[] all = new byte[length];
		int at = 0;
		for (byte[] part : parts) {
			System.arraycopy(part, 0, all, at, part.length);
			at += part.length;
		}
		return all;
	}

}
