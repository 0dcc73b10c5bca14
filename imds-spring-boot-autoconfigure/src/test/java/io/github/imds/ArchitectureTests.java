package io.github.imds;

import java.util.Arrays;
import java.util.List;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * Dependencies point one way: {@code autoconfigure} to the features, the features to {@code client}. The
 * IMDS client is a plain Java library, usable without Spring.
 */
class ArchitectureTests {

	private static final JavaClasses PRODUCTION = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("io.github.imds");

	@Test
	void clientDoesNotDependOnSpring() {
		noClasses().that()
			.resideInAPackage("io.github.imds.client..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("org.springframework..")
			.check(PRODUCTION);
	}

	@Test
	void clientDoesNotDependOnOtherProjectPackages() {
		noClasses().that()
			.resideInAPackage("io.github.imds.client..")
			.should()
			.dependOnClassesThat(DescribedPredicate.describe("are in another io.github.imds package",
					(javaClass) -> javaClass.getPackageName().startsWith("io.github.imds")
							&& !javaClass.getPackageName().equals("io.github.imds.client")
							&& !javaClass.getPackageName().startsWith("io.github.imds.client.")))
			.check(PRODUCTION);
	}

	@Test
	void metadataAndCredentialsDoNotDependOnSpring() {
		noClasses().that()
			.resideInAnyPackage("io.github.imds.metadata..", "io.github.imds.credentials..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("org.springframework..")
			.check(PRODUCTION);
	}

	@Test
	void featuresOnlyDependOnTheClient() {
		for (String feature : new String[] { "metadata", "credentials", "lifecycle", "env" }) {
			noClasses().that()
				.resideInAPackage("io.github.imds." + feature + "..")
				.should()
				.dependOnClassesThat()
				.resideInAnyPackage(otherThan(feature, "client"))
				.check(PRODUCTION);
		}
	}

	@Test
	void nothingDependsOnAutoconfigure() {
		noClasses().that()
			.resideOutsideOfPackage("io.github.imds.autoconfigure..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("io.github.imds.autoconfigure..")
			.check(PRODUCTION);
	}

	@Test
	void packagesAreFreeOfCycles() {
		slices().matching("io.github.imds.(*)..").should().beFreeOfCycles().check(PRODUCTION);
	}

	private static String[] otherThan(String... allowed) {
		return Arrays.stream(new String[] { "metadata", "credentials", "lifecycle", "env", "actuate" })
			.filter((name) -> !List.of(allowed).contains(name))
			.map((name) -> "io.github.imds." + name + "..")
			.toArray(String[]::new);
	}

}
