package io.github.imds.autoconfigure;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains an {@link InvalidImdsPropertyException}: which setting is wrong, what it accepts, and what to do.
 */
class InvalidImdsPropertyFailureAnalyzer extends AbstractFailureAnalyzer<InvalidImdsPropertyException> {

	private static final Pattern PROPERTY = Pattern.compile("imds\\.[a-z0-9.-]*[a-z0-9]");

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidImdsPropertyException cause) {
		String message = String.valueOf(cause.getMessage());
		String description = "An IMDS setting is invalid:\n\n    " + message;
		Matcher property = PROPERTY.matcher(message);
		String setting = property.find() ? "'" + property.group() + "'" : "the setting named above";
		String action = ("Update your application's configuration: give %s a value in its accepted range (the "
				+ "imds.* settings and their ranges are listed in the README's Configuration table), or remove it "
				+ "to use the default.").formatted(setting);
		return new FailureAnalysis(description, action, cause);
	}

}
