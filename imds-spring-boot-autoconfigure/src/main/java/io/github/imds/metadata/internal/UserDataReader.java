package io.github.imds.metadata.internal;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import io.github.imds.client.ImdsException;
import io.github.imds.client.ImdsResponse;
import io.github.imds.metadata.UserDataMode;
import org.jspecify.annotations.Nullable;

/**
 * Reads user data as {@code ec2.user-data} ({@link UserDataMode#RAW RAW}) or {@code ec2.user-data.*}
 * ({@link UserDataMode#PROPERTIES PROPERTIES}). User data may hold secrets: a warning says what is wrong with
 * it, never what it contains. Usable user data is UTF-8 text of at most {@value #MAX_USER_DATA_BYTES} bytes
 * without control characters other than tab, CR and LF (a NUL or escape means a binary or gzip payload that
 * no property user expects).
 */
final class UserDataReader {

	/** RAW user data becomes this key, PROPERTIES user data keys below it. */
	static final String USER_DATA_KEY = MetadataKeyMapper.PREFIX + ".user-data";

	/** The largest user data EC2 accepts; anything larger is not user data as we know it. */
	static final int MAX_USER_DATA_BYTES = 16 * 1024;

	private static final String SKIPPED = "binary or oversized user data skipped: ";

	private UserDataReader() {
	}

	/**
	 * Reads the user data of a response.
	 * @param response the response to {@code /latest/user-data}
	 * @param mode {@code RAW} or {@code PROPERTIES}
	 * @return the entries, or none and a warning
	 */
	static Result read(ImdsResponse response, UserDataMode mode) {
		String text;
		try {
			text = response.asString();
		}
		catch (ImdsException ex) {
			return Result.warning(SKIPPED + "not UTF-8 text (compressed?)");
		}
		return read(text, mode);
	}

	/**
	 * Reads decoded user data.
	 * @param text the user data
	 * @param mode {@code RAW} or {@code PROPERTIES}
	 * @return the entries, or none and a warning
	 */
	static Result read(String text, UserDataMode mode) {
		int length = text.getBytes(StandardCharsets.UTF_8).length;
		if (length > MAX_USER_DATA_BYTES) {
			return Result.warning(SKIPPED + "%d bytes, more than %d".formatted(length, MAX_USER_DATA_BYTES));
		}
		if (text.indexOf('\uFFFD') >= 0) {
			// what a lenient decoder makes of bytes that are not UTF-8
			return Result.warning(SKIPPED + "not UTF-8 text (compressed?)");
		}
		if (!isUsableText(text)) {
			return Result.warning(SKIPPED + "contains control characters");
		}
		if (mode == UserDataMode.RAW) {
			return new Result(Map.of(USER_DATA_KEY, text), null);
		}
		try {
			return new Result(properties(text), null);
		}
		catch (IllegalArgumentException ex) {
			return Result.warning(ex.getMessage() + "; no ec2.user-data.* keys");
		}
	}

	/**
	 * Whether text holds no control character other than tab, CR and LF.
	 * @param text the decoded user data
	 * @return {@code true} when it is usable text
	 */
	static boolean isUsableText(String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (Character.isISOControl(c) && c != '\t' && c != '\r' && c != '\n') {
				return false;
			}
		}
		return true;
	}

	/**
	 * User data in {@link Properties} format as {@code ec2.user-data.<key>} entries.
	 * @param text the user data
	 * @return the entries, in key order
	 * @throws IllegalArgumentException when the text is not in properties format (a malformed {@code \\u}
	 * escape); the message does not quote the text
	 */
	static Map<String, String> properties(String text) {
		Properties properties = new Properties();
		try {
			properties.load(new StringReader(text));
		}
		catch (IOException | IllegalArgumentException ex) {
			// Properties' own message quotes the malformed part, which may be a secret.
			throw new IllegalArgumentException("user data is not in java.util.Properties format");
		}
		Map<String, String> result = new LinkedHashMap<>();
		properties.stringPropertyNames()
			.stream()
			.sorted()
			.forEach((name) -> result.put(USER_DATA_KEY + "." + name, properties.getProperty(name)));
		return result;
	}

	/**
	 * What user data gave.
	 *
	 * @param properties the entries, empty when skipped
	 * @param warning why it was skipped, never quoting it; {@code null} when it was read
	 */
	record Result(Map<String, String> properties, @Nullable String warning) {

		static Result warning(String warning) {
			return new Result(Map.of(), warning);
		}

	}

}
