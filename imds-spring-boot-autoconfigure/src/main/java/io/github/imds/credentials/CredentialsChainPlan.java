package io.github.imds.credentials;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * Which steps of the AWS SDK v2's {@code DefaultCredentialsProvider} are configured on this host, decided
 * from system properties, environment variables and the profile file alone, without a network call. The
 * order and the tests are the SDK's: system properties, environment, web identity (only with the SDK's
 * {@code sts} module), profile, container; the instance profile only when none of them is configured, so
 * that the instance role's credentials are never fetched when the operator chose another identity.
 *
 * @since 0.1.0
 */
public final class CredentialsChainPlan {

	private final List<CredentialsSource> steps;

	private final List<String> notes;

	private CredentialsChainPlan(List<CredentialsSource> steps, List<String> notes) {
		this.steps = List.copyOf(steps);
		this.notes = List.copyOf(notes);
	}

	/**
	 * Decides the plan.
	 * @param systemProperties reads a system property, {@code null} when unset
	 * @param environment reads an environment variable, {@code null} when unset
	 * @param stsPresent whether the SDK's {@code sts} module is on the class path (web identity needs it)
	 * @param profileHasCredentials whether the active profile (of {@code AWS_PROFILE}, else {@code default})
	 * of the shared credentials and config files defines credentials
	 * @return the plan
	 */
	public static CredentialsChainPlan decide(Function<String, @Nullable String> systemProperties,
			Function<String, @Nullable String> environment, boolean stsPresent, BooleanSupplier profileHasCredentials) {
		Settings settings = new Settings(systemProperties, environment);
		List<CredentialsSource> steps = new ArrayList<>();
		List<String> notes = new ArrayList<>();
		if (settings.property("aws.accessKeyId") != null && settings.property("aws.secretAccessKey") != null) {
			steps.add(CredentialsSource.SYSTEM_PROPERTIES);
		}
		if (settings.env("AWS_ACCESS_KEY_ID") != null && settings.env("AWS_SECRET_ACCESS_KEY") != null) {
			steps.add(CredentialsSource.ENVIRONMENT);
		}
		String tokenFile = settings.either("aws.webIdentityTokenFile", "AWS_WEB_IDENTITY_TOKEN_FILE");
		String roleArn = settings.either("aws.roleArn", "AWS_ROLE_ARN");
		if (tokenFile != null && roleArn != null) {
			if (stsPresent) {
				steps.add(CredentialsSource.WEB_IDENTITY);
			}
			else {
				notes.add("AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN are set but the AWS SDK's sts module "
						+ "(software.amazon.awssdk:sts) is not on the class path, so the web identity step is skipped, "
						+ "as the SDK's own chain skips it: add that dependency to use the web identity role");
			}
		}
		if (profileHasCredentials.getAsBoolean()) {
			steps.add(CredentialsSource.PROFILE);
		}
		if (settings.either("aws.containerCredentialsPath", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") != null
				|| settings.either("aws.containerCredentialsFullUri", "AWS_CONTAINER_CREDENTIALS_FULL_URI") != null) {
			steps.add(CredentialsSource.CONTAINER);
		}
		if (steps.isEmpty()) {
			steps.add(CredentialsSource.INSTANCE_PROFILE);
		}
		return new CredentialsChainPlan(steps, notes);
	}

	/**
	 * A plan of the given steps, for tests and for applications that decide themselves.
	 * @param steps the steps, in order; the instance profile, if given, must be alone
	 * @return the plan
	 */
	public static CredentialsChainPlan of(CredentialsSource... steps) {
		List<CredentialsSource> list = List.of(steps);
		if (list.isEmpty() || (list.contains(CredentialsSource.INSTANCE_PROFILE) && list.size() > 1)) {
			throw new IllegalArgumentException(
					"'steps' must be non-empty, with instance-profile only alone, but was " + list);
		}
		return new CredentialsChainPlan(list, List.of());
	}

	/**
	 * The configured steps before IMDS, in the SDK's order, or only {@link CredentialsSource#INSTANCE_PROFILE}.
	 * @return the steps
	 */
	public List<CredentialsSource> steps() {
		return this.steps;
	}

	/**
	 * The first step, the one the AWS SDK beans normally resolve.
	 * @return the first step
	 */
	public CredentialsSource first() {
		return this.steps.get(0);
	}

	/**
	 * Whether the chain ends at IMDS: no earlier step is configured.
	 * @return whether the instance role's credentials are used
	 */
	public boolean usesInstanceProfile() {
		return this.first() == CredentialsSource.INSTANCE_PROFILE;
	}

	/**
	 * Settings found that do not select a step, with what to do, for one INFO line at startup.
	 * @return the notes
	 */
	public List<String> notes() {
		return this.notes;
	}

	@Override
	public String toString() {
		return "CredentialsChainPlan" + this.steps.stream().map(CredentialsSource::id).toList();
	}

	private record Settings(Function<String, @Nullable String> systemProperties,
			Function<String, @Nullable String> environment) {

		Settings {
			Objects.requireNonNull(systemProperties, "'systemProperties' must not be null");
			Objects.requireNonNull(environment, "'environment' must not be null");
		}

		@Nullable String property(String name) {
			return blankToNull(this.systemProperties.apply(name));
		}

		@Nullable String env(String name) {
			return blankToNull(this.environment.apply(name));
		}

		/** As the SDK's {@code SdkSystemSetting}: the system property first, then the environment variable. */
		@Nullable String either(String property, String env) {
			String value = property(property);
			return (value != null) ? value : env(env);
		}

		private static @Nullable String blankToNull(@Nullable String value) {
			return (value == null || value.isBlank()) ? null : value;
		}

	}

}
