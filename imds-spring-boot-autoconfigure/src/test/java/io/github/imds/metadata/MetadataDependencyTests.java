package io.github.imds.metadata;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

/**
 * The {@code metadata} package runs inside an {@code EnvironmentPostProcessor}, before any bean exists: it
 * may depend on the client, the JDK, Jackson and JSpecify only, never on Spring.
 */
class MetadataDependencyTests {

	@Test
	void metadataShouldDependOnlyOnClientJdkAndJackson() {
		JavaClasses metadata = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.importPackages("io.github.imds.metadata");
		classes().should()
			.onlyDependOnClassesThat()
			.resideInAnyPackage("java..", "io.github.imds.metadata..", "io.github.imds.client..", "tools.jackson..",
					"org.jspecify..")
			.check(metadata);
	}

}
