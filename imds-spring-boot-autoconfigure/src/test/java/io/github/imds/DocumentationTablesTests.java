package io.github.imds;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tables of the documentation that mirror code stay in step with it: the diagnosis codes in
 * {@code docs/actuator.md}, the {@code imds.*} properties in the README's configuration table, and the required
 * dependencies the README says the starter brings. Paths are
 * relative to this module's directory, where Maven runs the tests.
 */
class DocumentationTablesTests {

	private static final Path ACTUATOR_DOC = Path.of("../docs/actuator.md");

	private static final Path README = Path.of("../README.md");

	private static final Path DIAGNOSIS_SOURCE = Path.of("src/main/java/io/github/imds/actuate/ImdsDiagnosis.java");

	private static final Path METADATA = Path.of("target/classes/META-INF/spring-configuration-metadata.json");

	private static final Pattern DIAGNOSIS_CODE = Pattern.compile("new ImdsDiagnosis\\(\"([a-z0-9-]+)\"");

	private static final Path STARTER_POM = Path.of("../imds-spring-boot-starter/pom.xml");

	private static final Path AUTOCONFIGURE_POM = Path.of("pom.xml");

	private static final Pattern COORDINATES = Pattern.compile("`([a-z0-9.-]+:[a-z0-9.-]+)`");

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

	@Test
	void readmeListsExactlyTheRequiredDependenciesOfTheStarterAndTheAutoConfiguration() throws Exception {
		Set<String> required = new TreeSet<>();
		required.addAll(requiredDependencies(STARTER_POM));
		required.addAll(requiredDependencies(AUTOCONFIGURE_POM));
		assertThat(required).as("required dependencies of the poms").contains("org.springframework.boot:spring-boot-starter");
		String section = section(Files.readString(README), "## What the starter brings");
		String list = section.substring(section.indexOf("\n- "), section.indexOf("\nEverything else"));
		assertThat(matches(COORDINATES, list)).as("dependencies listed in the README's 'What the starter brings'")
			.containsExactlyInAnyOrderElementsOf(required);
	}

	/** Declared dependencies that reach a user's class path: neither optional nor of a non-default scope. */
	private static Set<String> requiredDependencies(Path pom) throws Exception {
		Set<String> required = new TreeSet<>();
		Element project = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile()).getDocumentElement();
		NodeList dependencies = ((Element) project.getElementsByTagName("dependencies").item(0)).getElementsByTagName("dependency");
		for (int i = 0; i < dependencies.getLength(); i++) {
			Element dependency = (Element) dependencies.item(i);
			if (!"true".equals(text(dependency, "optional")) && text(dependency, "scope") == null) {
				required.add(text(dependency, "groupId") + ":" + text(dependency, "artifactId"));
			}
		}
		return required;
	}

	private static String text(Element parent, String child) {
		NodeList nodes = parent.getElementsByTagName(child);
		return (nodes.getLength() != 0) ? nodes.item(0).getTextContent().trim() : null;
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
