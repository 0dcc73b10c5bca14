package io.github.imds.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains an {@link InvalidImdsPropertyException}: which setting is wrong, what it accepts, and what to do.
 */
class InvalidImdsPropertyFailureAnalyzer extends AbstractFailureAnalyzer<InvalidImdsPropertyException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidImdsPropertyException cause) {
		String description = "An IMDS setting is invalid:\n\n    " + cause.getMessage();
		String action = "Update your application's configuration: give the setting named above a value in its "
				+ "accepted range (the imds.* settings and their ranges are listed in the README's Configuration "
				+ "table), or remove it to use the default.";
		return new FailureAnalysis(description, action, cause);
	}

}
