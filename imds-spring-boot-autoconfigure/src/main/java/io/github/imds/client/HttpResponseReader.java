package io.github.imds.client;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Reads one HTTP/1.1 response from a stream: the status line, the headers, and a body delimited by
 * {@code Content-Length}, by {@code chunked} transfer coding, or by the end of the connection. Interim
 * {@code 1xx} responses are skipped. Nothing is logged, and no exception message quotes what was read.
 * <p>
 * A body longer than {@link ImdsClient#MAX_BODY_BYTES} or a malformed response throws
 * {@link MalformedResponseException}; a body cut short (fewer bytes than announced, a chunk cut off) throws
 * an {@link EOFException}: a short body is never a response.
 */
final class HttpResponseReader {

	/** Status line plus headers; IMDS sends a few hundred bytes. */
	static final int MAX_HEAD_BYTES = 64 * 1024;

	private static final int MAX_LINE_BYTES = 8 * 1024;

	private HttpResponseReader() {
	}

	/**
	 * Reads one response.
	 * @param in the connection's stream, positioned at the start of a response
	 * @param headRequest whether the request was {@code HEAD} (no body follows)
	 * @return the response
	 * @throws IOException when the connection fails or the response is cut short or malformed
	 */
	static HttpResponse read(InputStream in, boolean headRequest) throws IOException {
		for (;;) {
			int[] headBytes = { 0 };
			String statusLine = readLine(in, headBytes, true);
			int status = parseStatus(statusLine);
			Map<String, String> headers = new HashMap<>();
			for (String line = readLine(in, headBytes, false); !line.isEmpty(); line = readLine(in, headBytes, false)) {
				int colon = line.indexOf(':');
				if (colon <= 0) {
					throw new MalformedResponseException("the response has a header line without a name");
				}
				String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
				String value = line.substring(colon + 1).trim();
				headers.merge(name, value, (first, second) -> first + ", " + second);
			}
			if (status >= 100 && status < 200) {
				continue;
			}
			boolean http11 = statusLine.startsWith("HTTP/1.1");
			boolean keepAlive = http11 && !hasToken(headers.get("connection"), "close");
			if (headRequest || status == 204 || status == 304) {
				return new HttpResponse(status, headers, new byte[0], keepAlive);
			}
			String transferEncoding = headers.get("transfer-encoding");
			if (transferEncoding != null) {
				if (!hasToken(transferEncoding, "chunked")) {
					throw new MalformedResponseException("the response has an unsupported Transfer-Encoding");
				}
				return new HttpResponse(status, headers, readChunked(in, headBytes), keepAlive);
			}
			String contentLength = headers.get("content-length");
			if (contentLength != null) {
				return new HttpResponse(status, headers, readFixed(in, parseLength(contentLength)), keepAlive);
			}
			return new HttpResponse(status, headers, readToEnd(in), false);
		}
	}

	private static int parseStatus(String line) throws MalformedResponseException {
		// "HTTP/1.1 200 OK": the reason phrase is optional
		if (!line.startsWith("HTTP/1.") || line.length() < 12 || line.charAt(8) != ' '
				|| (line.length() > 12 && line.charAt(12) != ' ')) {
			throw new MalformedResponseException("not an HTTP/1.x response");
		}
		// three digits, 100 to 599 (Integer.parseInt would take "-12" or "+20", and no status is 890)
		int status = 0;
		for (int i = 9; i < 12; i++) {
			char digit = line.charAt(i);
			if (digit < '0' || digit > '9') {
				throw new MalformedResponseException("not an HTTP/1.x response");
			}
			status = status * 10 + (digit - '0');
		}
		if (status < 100 || status > 599) {
			throw new MalformedResponseException("the response has a status outside 100-599");
		}
		return status;
	}

	private static long parseLength(String value) throws MalformedResponseException {
		try {
			long length = Long.parseLong(value);
			if (length < 0) {
				throw new MalformedResponseException("the response has a negative Content-Length");
			}
			return length;
		}
		catch (NumberFormatException ex) {
			throw new MalformedResponseException("the response has an invalid Content-Length");
		}
	}

	private static byte[] readFixed(InputStream in, long length) throws IOException {
		if (length > ImdsClient.MAX_BODY_BYTES) {
			throw tooLarge();
		}
		byte[] body = new byte[(int) length];
		int read = 0;
		while (read < body.length) {
			int n = in.read(body, read, body.length - read);
			if (n < 0) {
				throw new EOFException("body of %d bytes where Content-Length said %d".formatted(read, length));
			}
			read += n;
		}
		return body;
	}

	private static byte[] readChunked(InputStream in, int[] headBytes) throws IOException {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		for (;;) {
			String sizeLine = readLine(in, headBytes, false);
			int extension = sizeLine.indexOf(';');
			String hex = ((extension >= 0) ? sizeLine.substring(0, extension) : sizeLine).trim();
			long size;
			try {
				size = Long.parseLong(hex, 16);
			}
			catch (NumberFormatException ex) {
				throw new MalformedResponseException("the response has an invalid chunk size");
			}
			if (size < 0) {
				throw new MalformedResponseException("the response has an invalid chunk size");
			}
			if (size == 0) {
				// trailers, up to the empty line
				while (!readLine(in, headBytes, false).isEmpty()) {
					// ignored
				}
				return body.toByteArray();
			}
			if (body.size() + size > ImdsClient.MAX_BODY_BYTES) {
				throw tooLarge();
			}
			body.write(readFixed(in, size));
			if (!readLine(in, headBytes, false).isEmpty()) {
				throw new MalformedResponseException("the response has a chunk longer than its size");
			}
		}
	}

	private static byte[] readToEnd(InputStream in) throws IOException {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		byte[] buffer = new byte[8192];
		for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
			if (body.size() + n > ImdsClient.MAX_BODY_BYTES) {
				throw tooLarge();
			}
			body.write(buffer, 0, n);
		}
		return body.toByteArray();
	}

	/** One line without its CR LF; ISO-8859-1, as HTTP/1.1 heads are. */
	private static String readLine(InputStream in, int[] headBytes, boolean first) throws IOException {
		StringBuilder line = new StringBuilder();
		for (;;) {
			int b = in.read();
			if (b < 0) {
				throw (first && line.isEmpty()) ? new EOFException("connection closed before a response")
						: new EOFException("connection closed in the middle of the response");
			}
			if (++headBytes[0] > MAX_HEAD_BYTES || line.length() > MAX_LINE_BYTES) {
				throw new MalformedResponseException("the response has a head longer than " + MAX_HEAD_BYTES + " bytes");
			}
			if (b == '\n') {
				int end = line.length();
				return (end > 0 && line.charAt(end - 1) == '\r') ? line.substring(0, end - 1) : line.toString();
			}
			line.append((char) b);
		}
	}

	private static boolean hasToken(@Nullable String header, String token) {
		if (header == null) {
			return false;
		}
		for (String part : header.split(",")) {
			if (part.trim().equalsIgnoreCase(token)) {
				return true;
			}
		}
		return false;
	}

	private static MalformedResponseException tooLarge() {
		return new MalformedResponseException("the response has a body larger than " + ImdsClient.MAX_BODY_BYTES + " bytes");
	}

	/**
	 * A complete response.
	 *
	 * @param status the status code
	 * @param headers the headers, names in lower case, repeated ones joined with {@code ", "}
	 * @param body the whole body
	 * @param keepAlive whether the connection may carry another request
	 */
	record HttpResponse(int status, Map<String, String> headers, byte[] body, boolean keepAlive) {

		@Nullable String header(String name) {
			return this.headers.get(name.toLowerCase(Locale.ROOT));
		}

		@Override
		public String toString() {
			return "HttpResponse[status=" + this.status + ", length=" + this.body.length + "]";
		}

	}

	/**
	 * The response cannot be used: not HTTP, a head or body over the limits, or a broken chunk. The message
	 * names what was wrong, never what was read.
	 */
	static final class MalformedResponseException extends IOException {

		MalformedResponseException(String message) {
			super(message);
		}

	}

}
