package io.github.imds.autoconfigure;

import io.github.imds.actuate.ImdsEndpoint;
import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.aot.AotServices;
import org.springframework.boot.test.context.FilteredClassLoader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ImdsRuntimeHints}.
 */
class ImdsRuntimeHintsTests {

	private final RuntimeHints hints = new RuntimeHints();

	@Test
	void registrarIsListedInAotFactories() {
		assertThat(AotServices.factories().load(RuntimeHintsRegistrar.class))
			.anyMatch(ImdsRuntimeHints.class::isInstance);
	}

	@Test
	void registerHintsAllowsBindingImdsPropertiesBeforeItIsABean() {
		new ImdsRuntimeHints().registerHints(this.hints, getClass().getClassLoader());
		assertThat(RuntimeHintsPredicates.reflection().onType(ImdsProperties.class)).accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(ImdsProperties.class, "setFailFast"))
			.accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection()
			.onMethodInvocation(ImdsMetadataProperties.class, "setUserData")).accepts(this.hints);
	}

	@Test
	void registerHintsAllowsWritingTheEndpointResponseAsJson() {
		new ImdsRuntimeHints().registerHints(this.hints, getClass().getClassLoader());
		assertThat(RuntimeHintsPredicates.reflection()
			.onType(ImdsEndpoint.ImdsDescriptor.class)
			.withMemberCategories(MemberCategory.INVOKE_DECLARED_CONSTRUCTORS)).accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(ImdsEndpoint.Token.class, "expiresAt"))
			.accepts(this.hints);
	}

	@Test
	void registerHintsWithoutActuatorOnlyCoversTheProperties() {
		ClassLoader withoutActuator = new FilteredClassLoader(
				"org.springframework.boot.actuate");
		new ImdsRuntimeHints().registerHints(this.hints, withoutActuator);
		assertThat(RuntimeHintsPredicates.reflection().onType(ImdsProperties.class)).accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(ImdsEndpoint.ImdsDescriptor.class))
			.rejects(this.hints);
	}

}
