package io.github.imds.autoconfigure;

import io.github.imds.client.ImdsAvailability;
import io.github.imds.client.ImdsClient;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when IMDS may be used. Builds a client from the {@code imds.*} properties, which reads the
 * detection files but sends nothing.
 */
class OnImdsAvailableCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		ImdsAvailability availability = availability(context);
		ConditionMessage.Builder message = ConditionMessage.forCondition(ConditionalOnImdsAvailable.class);
		if (availability.isAvailable()) {
			return ConditionOutcome.match(message.because(availability.reason()));
		}
		return ConditionOutcome.noMatch(message.because(availability.reason()));
	}

	private ImdsAvailability availability(ConditionContext context) {
		// Bound here rather than taken from the client bean: conditions run before that bean (and its
		// ImdsProperties) can be created safely.
		ImdsProperties properties = ImdsClientFactory.bind(context.getEnvironment());
		try (ImdsClient client = ImdsClientFactory.create(properties, context.getEnvironment())) {
			return client.availability();
		}
	}

}
