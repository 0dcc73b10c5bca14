package io.github.imds.test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An instance override read from a JSON file, for the standalone simulator:
 * <pre class="code">
 * {
 *   "instanceId": "i-0fedcba9876543210", "accountId": "210987654321",
 *   "region": "eu-west-1", "availabilityZone": "eu-west-1b", "lifeCycle": "spot",
 *   "role": "my-role", "tagsInMetadata": true, "tags": { "Name": "web-1" },
 *   "userData": "#!/bin/sh",
 *   "metadata": { "instance-type": "t3.micro", "/latest/dynamic/fws/instance-monitoring": "enabled" }
 * }
 * </pre>
 * Every field is optional; {@code "role": null} removes the instance profile. Paths in
 * {@code metadata} are relative to {@code /latest/meta-data/} unless they start with
 * {@code /}.
 */
final class ModelFile {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private ModelFile() {
	}

	static void apply(Path file, ImdsSimulator simulator) {
		JsonNode root;
		try {
			root = JSON.readTree(Files.readString(file));
		}
		catch (IOException | JacksonException ex) {
			throw new IllegalArgumentException("Cannot read the model file '%s': %s".formatted(file, ex.getMessage()),
					ex);
		}
		if (!root.isObject()) {
			throw new IllegalArgumentException("The model file '%s' must hold a JSON object".formatted(file));
		}
		text(root, "region").ifPresent(simulator::region);
		text(root, "availabilityZone").ifPresent(simulator::availabilityZone);
		text(root, "instanceId").ifPresent(simulator::instanceId);
		text(root, "accountId").ifPresent(simulator::accountId);
		text(root, "lifeCycle").ifPresent(simulator::lifeCycle);
		text(root, "userData").ifPresent(simulator::userData);
		if (root.has("role")) {
			if (root.get("role").isNull()) {
				simulator.noInstanceProfile();
			}
			else {
				simulator.role(root.get("role").asString());
			}
		}
		if (root.has("tagsInMetadata")) {
			simulator.tagsInMetadata(root.get("tagsInMetadata").asBoolean());
		}
		for (Map.Entry<String, String> tag : fields(root, "tags").entrySet()) {
			simulator.tag(tag.getKey(), tag.getValue());
		}
		for (Map.Entry<String, String> leaf : fields(root, "metadata").entrySet()) {
			simulator.metadata(leaf.getKey(), leaf.getValue());
		}
	}

	private static java.util.Optional<String> text(JsonNode root, String name) {
		JsonNode node = root.get(name);
		return (node != null && !node.isNull()) ? java.util.Optional.of(node.asString()) : java.util.Optional.empty();
	}

	private static Map<String, String> fields(JsonNode root, String name) {
		JsonNode node = root.get(name);
		Map<String, String> fields = new java.util.LinkedHashMap<>();
		if (node != null && node.isObject()) {
			for (Map.Entry<String, JsonNode> entry : node.properties()) {
				fields.put(entry.getKey(), entry.getValue().asString());
			}
		}
		return fields;
	}

}
