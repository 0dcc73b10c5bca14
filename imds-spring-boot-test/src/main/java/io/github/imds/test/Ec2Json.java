package io.github.imds.test;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Map;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON documents written as EC2 writes them: the identity document, {@code iam/info} and
 * credentials pretty-printed with two spaces and {@code " : "}
 * (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/instance-metadata-security-credentials.html,
 * https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/retrieve-iid.html), notices on one
 * line with {@code ": "} and {@code ", "}
 * (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/spot-instance-termination-notices.html).
 */
final class Ec2Json {

	private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

	private Ec2Json() {
	}

	static byte[] pretty(Map<String, ?> document) {
		return JSON.writeValueAsString(document).getBytes(StandardCharsets.UTF_8);
	}

	static byte[] prettyArray(Collection<?> documents) {
		return documents.isEmpty() ? "[]".getBytes(StandardCharsets.UTF_8)
				: JSON.writeValueAsString(documents).getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * One line, such as {@code {"action": "terminate", "time": "2026-01-01T00:00:00Z"}}.
	 */
	static String line(Map<String, String> document) {
		StringBuilder out = new StringBuilder("{");
		document.forEach((key, value) -> {
			if (out.length() > 1) {
				out.append(", ");
			}
			out.append(quote(key)).append(": ").append(quote(value));
		});
		return out.append('}').toString();
	}

	private static String quote(String value) {
		return JSON.writeValueAsString(value);
	}

}
