package io.github.imds.credentials;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.SystemPropertyCredentialsProvider;
import software.amazon.awssdk.auth.credentials.WebIdentityTokenFileCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * AWS SDK v2 {@link AwsCredentialsProvider} that resolves what the SDK's {@code DefaultCredentialsProvider}
 * resolves on this host, with the instance role read by this starter in the instance-profile slot.
 * <p>
 * The steps come from a {@link CredentialsChainPlan}; each step before IMDS is the SDK's own provider
 * ({@link SystemPropertyCredentialsProvider}, {@link EnvironmentVariableCredentialsProvider},
 * {@link WebIdentityTokenFileCredentialsProvider}, {@link ProfileCredentialsProvider},
 * {@link ContainerCredentialsProvider}). As in the SDK's chain, the configured steps are tried in order and
 * the one that worked is reused. Unlike the SDK's chain, a configured step that fails never falls back to
 * the instance role: least privilege.
 *
 * @since 0.1.0
 */
public final class ImdsDefaultCredentialsProvider implements AwsCredentialsProvider, CredentialsChain, SdkAutoCloseable {

	private final List<Step> steps;

	private volatile @Nullable Step last;

	/**
	 * Creates the chain of {@code plan}.
	 * @param plan the configured steps
	 * @param instanceRole the instance role's credentials, used only when the plan ends at IMDS
	 */
	public ImdsDefaultCredentialsProvider(CredentialsChainPlan plan, RoleCredentialsProvider instanceRole) {
		Objects.requireNonNull(plan, "'plan' must not be null");
		Objects.requireNonNull(instanceRole, "'instanceRole' must not be null");
		List<Step> steps = new ArrayList<>();
		for (CredentialsSource source : plan.steps()) {
			steps.add(new Step(source, create(source, instanceRole)));
		}
		this.steps = List.copyOf(steps);
	}

	private static AwsCredentialsProvider create(CredentialsSource source, RoleCredentialsProvider instanceRole) {
		return switch (source) {
			case SYSTEM_PROPERTIES -> SystemPropertyCredentialsProvider.create();
			case ENVIRONMENT -> EnvironmentVariableCredentialsProvider.create();
			case WEB_IDENTITY -> WebIdentityTokenFileCredentialsProvider.create();
			case PROFILE -> ProfileCredentialsProvider.create();
			case CONTAINER -> ContainerCredentialsProvider.builder().build();
			case INSTANCE_PROFILE -> new ImdsAwsCredentialsProvider(instanceRole);
		};
	}

	@Override
	public AwsCredentials resolveCredentials() {
		Step reused = this.last;
		if (reused != null) {
			return reused.provider().resolveCredentials();
		}
		if (this.steps.get(0).source() == CredentialsSource.INSTANCE_PROFILE) {
			// alone in the chain: its own exception says what IMDS did
			return this.steps.get(0).provider().resolveCredentials();
		}
		List<String> failures = new ArrayList<>();
		RuntimeException last = null;
		for (Step step : this.steps) {
			try {
				AwsCredentials credentials = step.provider().resolveCredentials();
				this.last = step;
				return credentials;
			}
			catch (RuntimeException ex) {
				failures.add(step.source().id() + ": " + ex.getMessage());
				last = ex;
			}
		}
		throw SdkClientException.builder()
			.message(("Unable to load credentials from the configured step(s) [%s]; the instance role is not tried "
					+ "because an earlier step of the chain is configured (least privilege): fix that step or unset it")
				.formatted(String.join("; ", failures)))
			.cause(last)
			.build();
	}

	@Override
	public CredentialsSource source() {
		Step reused = this.last;
		return (reused != null) ? reused.source() : this.steps.get(0).source();
	}

	@Override
	public void close() {
		for (Step step : this.steps) {
			if (step.provider() instanceof SdkAutoCloseable closeable) {
				closeable.close();
			}
		}
	}

	@Override
	public String toString() {
		return "ImdsDefaultCredentialsProvider" + this.steps.stream().map((step) -> step.source().id()).toList();
	}

	private record Step(CredentialsSource source, AwsCredentialsProvider provider) {

	}

}
