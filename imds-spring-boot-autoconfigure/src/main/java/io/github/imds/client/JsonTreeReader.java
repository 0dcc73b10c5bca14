package io.github.imds.client;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads a JSON document into an {@link ImdsJson} with Jackson's streaming parser: IMDS's documents are small
 * and flat, and a fresh JVM pays for databind's {@code JsonMapper} far more than for the parser
 * ({@code benchmarks/run.sh}, "JSON in a fresh JVM").
 */
final class JsonTreeReader {

	private static final JsonFactory FACTORY = new JsonFactory();

	private JsonTreeReader() {
	}

	/**
	 * Parses one document; anything after it but whitespace is an error.
	 * @param text the document
	 * @return the value
	 * @throws JacksonException when the text is not one JSON document
	 */
	static ImdsJson read(String text) {
		try (JsonParser parser = FACTORY.createParser(ObjectReadContext.empty(), text)) {
			JsonToken first = parser.nextToken();
			if (first == null) {
				throw new StreamReadException(parser, "No JSON content");
			}
			ImdsJson value = value(parser, first);
			if (parser.nextToken() != null) {
				throw new StreamReadException(parser, "Content after the JSON document");
			}
			return value;
		}
	}

	private static ImdsJson value(JsonParser parser, JsonToken token) {
		return switch (token) {
			case START_OBJECT -> {
				LinkedHashMap<String, ImdsJson> properties = new LinkedHashMap<>();
				for (JsonToken next = parser.nextToken(); next != JsonToken.END_OBJECT; next = parser.nextToken()) {
					String name = parser.currentName();
					properties.put(name, value(parser, parser.nextToken()));
				}
				yield ImdsJson.object(properties);
			}
			case START_ARRAY -> {
				List<ImdsJson> elements = new ArrayList<>();
				for (JsonToken next = parser.nextToken(); next != JsonToken.END_ARRAY; next = parser.nextToken()) {
					elements.add(value(parser, next));
				}
				yield ImdsJson.array(elements);
			}
			case VALUE_STRING -> ImdsJson.scalar(ImdsJson.Kind.STRING, parser.getString());
			case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> ImdsJson.scalar(ImdsJson.Kind.NUMBER, parser.getString());
			case VALUE_TRUE -> ImdsJson.scalar(ImdsJson.Kind.BOOLEAN, "true");
			case VALUE_FALSE -> ImdsJson.scalar(ImdsJson.Kind.BOOLEAN, "false");
			case VALUE_NULL -> ImdsJson.NULL;
			default -> throw new StreamReadException(parser, "Unexpected token " + token);
		};
	}

}
