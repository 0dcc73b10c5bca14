package io.github.imds.client;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;

/**
 * A successful IMDS response. Its {@link #toString()} shows the path, status and size, never the body,
 * which may hold credentials. A fake {@link ImdsClient} (in a user's tests) makes them with
 * {@link #of(String, String)}.
 *
 * @since 0.1.0
 */
public final class ImdsResponse {

	private final String path;

	private final int status;

	private final byte[] body;

	ImdsResponse(String path, int status, byte[] body) {
		this.path = path;
		this.status = status;
		this.body = body;
	}

	/**
	 * A response with status 200, for example from a fake {@link ImdsClient}.
	 * @param path the request path
	 * @param body the body, encoded as UTF-8
	 * @return the response
	 */
	public static ImdsResponse of(String path, String body) {
		Objects.requireNonNull(body, "'body' must not be null");
		return of(path, body.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * A response with status 200, for example from a fake {@link ImdsClient}.
	 * @param path the request path
	 * @param body the raw body (copied)
	 * @return the response
	 */
	public static ImdsResponse of(String path, byte[] body) {
		Objects.requireNonNull(path, "'path' must not be null");
		Objects.requireNonNull(body, "'body' must not be null");
		return new ImdsResponse(path, 200, body.clone());
	}

	/**
	 * The request path.
	 * @return the path
	 */
	public String path() {
		return this.path;
	}

	/**
	 * The HTTP status (2xx).
	 * @return the status
	 */
	public int status() {
		return this.status;
	}

	/**
	 * The body's length in bytes.
	 * @return the length
	 */
	public int length() {
		return this.body.length;
	}

	/**
	 * A copy of the raw body.
	 * @return the body
	 */
	public byte[] bytes() {
		return this.body.clone();
	}

	/**
	 * The body as UTF-8 text.
	 * @return the text
	 * @throws ImdsResponseException when the body is not valid UTF-8
	 */
	public String asString() {
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(this.body))
				.toString();
		}
		catch (CharacterCodingException ex) {
			throw new ImdsResponseException("Response to %s is not valid UTF-8".formatted(this.path), this.path,
					this.status, null);
		}
	}

	/**
	 * The body as a newline-separated listing, lines trimmed, empty lines dropped.
	 * @return the lines
	 */
	public List<String> asLines() {
		return asString().lines().map(String::trim).filter((line) -> !line.isEmpty()).toList();
	}

	/**
	 * The body as JSON, read with Jackson's streaming parser.
	 * @return the JSON value
	 * @throws ImdsResponseException when the body is not JSON; the message gives the position, not the text
	 */
	public ImdsJson asJson() {
		String text = asString();
		if (text.isBlank()) {
			throw new ImdsResponseException("Response to %s is empty where JSON was expected".formatted(this.path),
					this.path, this.status, null);
		}
		try {
			return JsonTreeReader.read(text);
		}
		catch (JacksonException ex) {
			// Jackson's message quotes the offending text, which may be part of a secret: keep only the position.
			TokenStreamLocation location = ex.getLocation();
			String where = (location != null)
					? " (line %d, column %d)".formatted(location.getLineNr(), location.getColumnNr()) : "";
			throw new ImdsResponseException("Response to %s is not valid JSON%s".formatted(this.path, where),
					this.path, this.status, null);
		}
	}

	@Override
	public boolean equals(Object obj) {
		return (obj instanceof ImdsResponse other) && this.path.equals(other.path) && this.status == other.status
				&& Arrays.equals(this.body, other.body);
	}

	@Override
	public int hashCode() {
		return 31 * this.path.hashCode() + Arrays.hashCode(this.body);
	}

	@Override
	public String toString() {
		return "ImdsResponse[path=%s, status=%d, length=%d]".formatted(this.path, this.status, this.body.length);
	}

}
