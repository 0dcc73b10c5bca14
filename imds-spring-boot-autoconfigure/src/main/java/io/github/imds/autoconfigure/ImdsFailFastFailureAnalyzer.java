package io.github.imds.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains an {@link ImdsStartupException}: what failed, and how to start anyway.
 */
class ImdsFailFastFailureAnalyzer extends AbstractFailureAnalyzer<ImdsStartupException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, ImdsStartupException cause) {
		String description = "The EC2 instance metadata service could not be read at startup and imds.fail-fast "
				+ "is true.\n\nEndpoint: " + cause.getEndpoint() + "\nCause: " + cause.getReason();
		String action = "Fix the cause above, or consider starting without ec2.* properties by setting "
				+ "'imds.fail-fast=false' (the default), or turning IMDS off with 'imds.enabled=false'.";
		return new FailureAnalysis(description, action, cause);
	}

}
