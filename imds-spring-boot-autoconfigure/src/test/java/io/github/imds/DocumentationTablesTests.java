package io.github.imds;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tables of the documentation that mirror code stay in step with it: the diagnosis codes in
 * {@code docs/actuator.md} and the {@code imds.*} properties in the README's configuration table. Paths are
 * relative to this module's directory, where Maven runs the tests.
 */
class DocumentationTablesTests {

	private static final Path ACTUATOR_DOC = Path.of("../docs/actuator.md");

	private static final Path README = Path.of("../README.md");

	private static final Path DIAGNOSIS_SOURCE = Path.of("src/main/java/io/github/imds/actuate/ImdsDiagnosis.java");

	private static final Path METADATA = Path.of("target/classes/META-INF/spring-configuration-metadata.json");

	private static final Pattern DIAGNOSIS_CODE = Pattern.compile("new ImdsDiagnosis\\(\"([a-z0-9-]+)\"");

	private static final Pattern FIRST_CELL = Pattern.compile("^\\| `([^`]+)` \\|", Pattern.MULTILINE);

	@Test
	void actuatorDocDiagnosisTableListsEveryCodeOfImdsDiagnosisAndNoOther() throws IOException {
		Set<String> codes = matches(DIAGNOSIS_CODE, Files.readString(DIAGNOSIS_SOURCE));
		assertThat(codes).as("codes found in %s", DIAGNOSIS_SOURCE).contains("healthy", "hop-limit");
		Set<String> documented = matches(FIRST_CELL, section(Files.readString(ACTUATOR_DOC), "## Diagnosis"));
		assertThat(documented).as("codes in the diagnosis table of %s", ACTUATOR_DOC)
			.containsExactlyInAnyOrderElementsOf(codes);
	}

	@Test
	void readmeConfigurationTableListsEveryImdsPropertyAndNoOther() throws IOException {
		Set<String> properties = new TreeSet<>();
		JsonNode metadata = JsonMapper.builder().build().readTree(METADATA.toFile());
		for (JsonNode property : metadata.get("properties")) {
			String name = property.get("name").asString();
			if (name.startsWith("imds.")) {
				properties.add(name);
			}
		}
		assertThat(properties).as("imds.* properties in %s", METADATA).contains("imds.enabled", "imds.token-ttl");
		Set<String> documented = matches(FIRST_CELL, section(Files.readString(README), "## Configuration"));
		assertThat(documented).as("properties in the configuration table of %s", README)
			.containsExactlyInAnyOrderElementsOf(properties);
	}

	private static String section(String markdown, String heading) {
		int start = markdown.indexOf("\n" + heading + "\n");
		assertThat(start).as("heading '%s'", heading).isNotNegative();
		int end = markdown.indexOf("\n## ", start + heading.length() + 1);
		return markdown.substring(start, (end != -1) ? end : markdown.length());
	}

	private static Set<String> matches(Pattern pattern, String text) {
		Set<String> found = new TreeSet<>();
		Matcher matcher = pattern.matcher(text);
		while (matcher.find()) {
			found.add(matcher.group(1));
		}
		return found;
	}

}
