package io.github.imds.metadata;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The {@code metadata} package runs inside an {@code EnvironmentPostProcessor}, before any bean exists: it
 * may depend on the client, the JDK, Jackson's streaming parser (never databind, whose first use costs a
 * fresh JVM several hundred milliseconds) and JSpecify only, never on Spring. Its {@code internal} package is
 * the starter's own: only the auto-configuration uses it, and the public types do not depend on it.
 */
class MetadataDependencyTests {

	private static final JavaClasses PRODUCTION = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("io.github.imds");

	@Test
	void metadataDependsOnlyOnClientJdkJacksonCoreAndJSpecify() {
		classes().that()
			.resideInAPackage("io.github.imds.metadata..")
			.should()
			.onlyDependOnClassesThat()
			.resideInAnyPackage("java..", "io.github.imds.metadata..", "io.github.imds.client..", "tools.jackson.core..",
					"org.jspecify..")
			.check(PRODUCTION);
	}

	@Test
	void metadataInternalIsOnlyUsedByTheAutoConfiguration() {
		classes().that()
			.resideInAPackage("io.github.imds.metadata.internal..")
			.should()
			.onlyHaveDependentClassesThat()
			.resideInAnyPackage("io.github.imds.metadata.internal..", "io.github.imds.autoconfigure..")
			.check(PRODUCTION);
	}

	@Test
	void metadataApiDoesNotDependOnInternal() {
		noClasses().that()
			.resideInAPackage("io.github.imds.metadata")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("io.github.imds.metadata.internal..")
			.check(PRODUCTION);
	}

}
