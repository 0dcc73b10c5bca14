package io.github.imds.metadata.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.json.JsonFactory;

/**
 * Flattens a JSON document into {@code ec2.*} keys with Jackson's streaming parser: names become kebab-case
 * ({@code accountId} -> {@code account-id}), nulls, empty arrays and empty objects are skipped, an array of
 * scalars becomes a comma-separated value, an array holding any object or array becomes indexed keys
 * ({@code key[0].name}), the form Spring Boot binds to a {@code List} as well. Numbers and booleans keep their
 * JSON text.
 * <p>
 * Streaming rather than a {@code JsonMapper}: in a fresh JVM the first document read this way costs about a
 * quarter to a sixth of databind's first {@code readTree} (measured with {@code benchmarks/JsonFirstUse}: 60-80
 * ms against 340-520 ms on an idle machine), and startup reads only small, flat documents. Spring Boot's {@code BasicJsonParser} costs less still but accepts truncated
 * documents and does not decode unicode escapes, so it would load a broken identity document silently.
 */
final class JsonFlattener {

	/**
	 * Keys and values may hold at most this many times the characters of the document (and its prefix):
	 * every leaf repeats the names above it, so a deep or long-named document would otherwise flatten into
	 * many times its size (a 4 KiB array nested 400 deep gives a million characters).
	 */
	static final int MAX_EXPANSION = 64;

	private JsonFlattener() {
	}

	/**
	 * Flattens a JSON document under {@code prefix}.
	 * @param prefix the key of the document, for example {@code ec2.iam.info}
	 * @param json the document
	 * @return the keys and values in document order
	 * @throws IllegalArgumentException when the text is not one JSON document; the message gives the position
	 * ({@code not valid JSON (line 1, column 15)}), never the text, which may be part of a secret; or when its
	 * keys and values would exceed {@link #MAX_EXPANSION} times its size
	 */
	static Map<String, String> flatten(String prefix, String json) {
		if (json.isBlank()) {
			throw new IllegalArgumentException("empty where JSON was expected");
		}
		Map<String, String> result = new LinkedHashMap<>();
		long budget = (long) MAX_EXPANSION * (json.length() + prefix.length());
		flatten(prefix, parse(json), result, new long[] { budget });
		return result;
	}

	private static @Nullable Object parse(String json) {
		try (JsonParser parser = Factory.INSTANCE.createParser(ObjectReadContext.empty(), json)) {
			JsonToken first = parser.nextToken();
			Object value = value(parser, first);
			if (parser.nextToken() != null) {
				throw new IllegalArgumentException("not valid JSON" + where(parser.currentLocation()));
			}
			return value;
		}
		catch (JacksonException ex) {
			// Jackson's message quotes the offending text: keep only the position.
			throw new IllegalArgumentException("not valid JSON" + where(ex.getLocation()));
		}
	}

	/**
	 * A light tree: objects as maps, arrays as lists, scalars as their text, {@code null} as {@code null}.
	 */
	private static @Nullable Object value(JsonParser parser, @Nullable JsonToken token) {
		if (token == null) {
			throw new IllegalArgumentException("not valid JSON" + where(parser.currentLocation()));
		}
		return switch (token) {
			case START_OBJECT -> {
				Map<String, @Nullable Object> object = new LinkedHashMap<>();
				while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
					String name = parser.currentName();
					object.put(name, value(parser, parser.nextToken()));
				}
				yield object;
			}
			case START_ARRAY -> {
				List<@Nullable Object> array = new ArrayList<>();
				JsonToken next;
				while ((next = parser.nextToken()) != JsonToken.END_ARRAY) {
					array.add(value(parser, next));
				}
				yield array;
			}
			case VALUE_NULL -> null;
			default -> parser.getString();
		};
	}

	@SuppressWarnings("unchecked")
	private static void flatten(String key, @Nullable Object node, Map<String, String> result, long[] budget) {
		if (node instanceof Map<?, ?> object) {
			for (Map.Entry<String, @Nullable Object> property : ((Map<String, @Nullable Object>) object).entrySet()) {
				flatten(key + "." + kebabCase(property.getKey()), property.getValue(), result, budget);
			}
		}
		else if (node instanceof List<?> elements) {
			if (elements.stream().noneMatch((element) -> element instanceof Map || element instanceof List)) {
				String value = elements.stream()
					.filter((element) -> element != null)
					.map(String::valueOf)
					.collect(Collectors.joining(","));
				if (!value.isEmpty()) {
					put(key, value, result, budget);
				}
			}
			else {
				for (int i = 0; i < elements.size(); i++) {
					flatten(key + "[" + i + "]", elements.get(i), result, budget);
				}
			}
		}
		else if (node != null) {
			put(key, (String) node, result, budget);
		}
	}

	private static void put(String key, String value, Map<String, String> result, long[] budget) {
		budget[0] -= key.length() + value.length();
		if (budget[0] < 0) {
			throw new IllegalArgumentException("a JSON document whose keys and values would be more than %d times its size"
				.formatted(MAX_EXPANSION));
		}
		result.put(key, value);
	}

	/**
	 * A JSON name in kebab-case: {@code accountId} -> {@code account-id}, {@code InstanceProfileArn} ->
	 * {@code instance-profile-arn}, {@code IPAddress} -> {@code ip-address}, {@code snake_case} ->
	 * {@code snake-case}.
	 * @param name the name
	 * @return the kebab-case name
	 */
	static String kebabCase(String name) {
		StringBuilder result = new StringBuilder(name.length() + 4);
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			if (c == '_' || c == ' ' || c == '-') {
				appendDash(result);
			}
			else if (Character.isUpperCase(c)) {
				char previous = (i > 0) ? name.charAt(i - 1) : ' ';
				char next = (i + 1 < name.length()) ? name.charAt(i + 1) : ' ';
				boolean wordStart = Character.isLowerCase(previous) || Character.isDigit(previous)
						|| (Character.isUpperCase(previous) && Character.isLowerCase(next));
				if (wordStart) {
					appendDash(result);
				}
				result.append(Character.toLowerCase(c));
			}
			else {
				result.append(c);
			}
		}
		int end = result.length();
		while (end > 0 && result.charAt(end - 1) == '-') {
			end--;
		}
		return result.substring(0, end);
	}

	private static void appendDash(StringBuilder result) {
		if (result.length() > 0 && result.charAt(result.length() - 1) != '-') {
			result.append('-');
		}
	}

	private static String where(@Nullable TokenStreamLocation location) {
		return (location != null) ? " (line %d, column %d)".formatted(location.getLineNr(), location.getColumnNr())
				: "";
	}

	/**
	 * The factory, made on first use only: an application that never reads a JSON leaf never loads it.
	 */
	private static final class Factory {

		static final JsonFactory INSTANCE = new JsonFactory();

	}

}
