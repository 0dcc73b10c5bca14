package io.github.imds;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The public API is a deliberate choice: every public type of this module outside an {@code internal}
 * package (nested public types included) is listed in {@value #API_LIST}, {@code internal} packages stay inside the project and the API does not hand out their
 * types (the AWS SDK's model).
 */
class ApiSurfaceTests {

	static final String API_LIST = "src/test/resources/io/github/imds/public-api.txt";

	private static final JavaClasses PRODUCTION = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("io.github.imds");

	@Test
	void internalPackagesAreOnlyUsedInsideTheProject() {
		classes().that()
			.resideInAPackage("io.github.imds..internal..")
			.should()
			.onlyHaveDependentClassesThat()
			.resideInAPackage("io.github.imds..")
			.check(PRODUCTION);
	}

	@Test
	void publicApiDoesNotExposeInternalTypes() {
		classes().that(arePublicApi())
			.should(notExposeInternalTypesInPublicMethodsOrFields())
			.because("a type in an internal package may change in any release; map it to an API type")
			.check(PRODUCTION);
	}

	@Test
	void publicTypesAreTheListedOnes() throws IOException {
		Set<String> actual = new ClassFileImporter().importPath(Path.of("target/classes"))
			.stream()
			.filter(ApiSurfaceTests::isPublicApi)
			.map((javaClass) -> javaClass.getName().replace('$', '.'))
			.collect(Collectors.toCollection(TreeSet::new));
		Set<String> listed = listed();
		Set<String> added = new TreeSet<>(actual);
		added.removeAll(listed);
		Set<String> removed = new TreeSet<>(listed);
		removed.removeAll(actual);
		assertThat(added)
			.as("Public types not in %s: make them package-private, move them to an 'internal' package, "
					+ "or add them to the list if they are meant to be API", API_LIST)
			.isEmpty();
		assertThat(removed)
			.as("Types in %s that are no longer public API (removed, renamed or made internal): remove them "
					+ "from the list", API_LIST)
			.isEmpty();
	}

	private static Set<String> listed() throws IOException {
		try (InputStream in = Objects.requireNonNull(
				ApiSurfaceTests.class.getResourceAsStream("public-api.txt"), API_LIST + " is missing")) {
			List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
				.map(String::strip)
				.filter((line) -> !line.isEmpty() && !line.startsWith("#"))
				.toList();
			return new TreeSet<>(lines);
		}
	}

	private static DescribedPredicate<JavaClass> arePublicApi() {
		return DescribedPredicate.describe("are public API", ApiSurfaceTests::isPublicApi);
	}

	private static boolean isPublicApi(JavaClass javaClass) {
		if (isInternal(javaClass) || javaClass.isAnonymousClass() || javaClass.isLocalClass()
				|| javaClass.getSimpleName().equals("package-info")) {
			return false;
		}
		for (JavaClass type = javaClass; type != null; type = type.getEnclosingClass().orElse(null)) {
			if (!type.getModifiers().contains(JavaModifier.PUBLIC)) {
				return false;
			}
		}
		return true;
	}

	private static boolean isInternal(JavaClass javaClass) {
		return javaClass.getPackageName().contains(".internal");
	}

	private static ArchCondition<JavaClass> notExposeInternalTypesInPublicMethodsOrFields() {
		return new ArchCondition<>("not expose internal types in public methods or fields") {

			@Override
			public void check(JavaClass javaClass, ConditionEvents events) {
				List<JavaMember> members = new ArrayList<>();
				members.addAll(javaClass.getMethods());
				members.addAll(javaClass.getFields());
				for (JavaMember member : members) {
					if (!member.getModifiers().contains(JavaModifier.PUBLIC)
							&& !member.getModifiers().contains(JavaModifier.PROTECTED)) {
						continue;
					}
					Set<JavaClass> types = new LinkedHashSet<>();
					if (member instanceof JavaMethod method) {
						types.addAll(method.getReturnType().getAllInvolvedRawTypes());
						method.getParameterTypes().forEach((type) -> types.addAll(type.getAllInvolvedRawTypes()));
					}
					else if (member instanceof JavaField field) {
						types.addAll(field.getType().getAllInvolvedRawTypes());
					}
					for (JavaClass type : types) {
						if (isInternal(type.getBaseComponentType())) {
							events.add(SimpleConditionEvent.violated(member, "%s exposes internal type %s"
								.formatted(member.getFullName(), type.getName())));
						}
					}
				}
			}

		};
	}

}
