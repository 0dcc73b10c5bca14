package io.github.imds;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The IMDS client is a plain Java library: usable without Spring, and independent of the rest of the
 * project.
 */
class ArchitectureTests {

	private static final JavaClasses PRODUCTION = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("io.github.imds");

	@Test
	void client_shouldNotDependOnSpring() {
		noClasses().that()
			.resideInAPackage("io.github.imds.client..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("org.springframework..")
			.check(PRODUCTION);
	}

	@Test
	void client_shouldNotDependOnOtherProjectPackages() {
		noClasses().that()
			.resideInAPackage("io.github.imds.client..")
			.should()
			.dependOnClassesThat(DescribedPredicate.describe("are in another io.github.imds package",
					(javaClass) -> javaClass.getPackageName().startsWith("io.github.imds")
							&& !javaClass.getPackageName().equals("io.github.imds.client")
							&& !javaClass.getPackageName().startsWith("io.github.imds.client.")))
			.check(PRODUCTION);
	}

}
