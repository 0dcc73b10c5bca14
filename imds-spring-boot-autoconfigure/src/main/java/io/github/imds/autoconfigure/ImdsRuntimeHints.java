package io.github.imds.autoconfigure;

import io.github.imds.actuate.ImdsEndpoint;
import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.boot.context.properties.bind.BindableRuntimeHintsRegistrar;
import org.springframework.util.ClassUtils;

/**
 * {@link RuntimeHintsRegistrar} for what the starter reads by reflection in a native image: {@code imds.*},
 * which the environment post-processor and the {@code imds:} config data loader bind before
 * {@link ImdsProperties} is a bean, and the JSON of the {@code imds} actuator endpoint. JSON documents from
 * IMDS are read with Jackson's tree model, which needs no hint.
 */
class ImdsRuntimeHints implements RuntimeHintsRegistrar {

	private static final String ENDPOINT_ANNOTATION = "org.springframework.boot.actuate.endpoint.annotation.Endpoint";

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		BindableRuntimeHintsRegistrar.forTypes(ImdsProperties.class).registerHints(hints, classLoader);
		if (ClassUtils.isPresent(ENDPOINT_ANNOTATION, classLoader)) {
			new BindingReflectionHintsRegistrar().registerReflectionHints(hints.reflection(),
					ImdsEndpoint.ImdsDescriptor.class);
		}
	}

}
