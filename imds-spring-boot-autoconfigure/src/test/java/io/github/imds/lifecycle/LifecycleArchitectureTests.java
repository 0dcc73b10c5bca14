package io.github.imds.lifecycle;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * Keeps {@code lifecycle} a feature package: it may use {@code client} and Spring, and nothing that depends on
 * it (auto-configuration, actuator) or on its siblings.
 */
class LifecycleArchitectureTests {

	private final JavaClasses classes = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("io.github.imds");

	@Test
	void lifecycleDependsOnlyOnClientAndSpring() {
		noClasses().that()
			.resideInAPackage("io.github.imds.lifecycle..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.github.imds.autoconfigure..", "io.github.imds.actuate..",
					"io.github.imds.credentials..", "io.github.imds.env..", "io.github.imds.metadata..")
			.check(this.classes);
	}

}
