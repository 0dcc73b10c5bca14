package io.github.imds.autoconfigure;

import java.util.Optional;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.profiles.Profile;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.profiles.ProfileFileSystemSetting;
import software.amazon.awssdk.utils.SystemSetting;

import org.springframework.util.ClassUtils;

/**
 * What this starter reads with the AWS SDK's own modules when they are on the class path: environment
 * variables as the SDK reads them, the active profile of the shared config and credentials files (with the
 * SDK's {@code profiles} module, as its {@code Ec2MetadataConfigProvider} does), and whether the {@code sts}
 * module is present. Without those modules: the JVM's environment, no profile, no sts.
 */
final class AwsSdkSupport {

	private static final @Nullable ClassLoader CLASS_LOADER = AwsSdkSupport.class.getClassLoader();

	static final boolean SDK_AUTH_PRESENT = ClassUtils
		.isPresent("software.amazon.awssdk.auth.credentials.AwsCredentialsProvider", CLASS_LOADER);

	static final boolean STS_PRESENT = ClassUtils
		.isPresent("software.amazon.awssdk.services.sts.internal.StsWebIdentityCredentialsProviderFactory", CLASS_LOADER);

	private static final boolean PROFILES_PRESENT = ClassUtils.isPresent("software.amazon.awssdk.profiles.ProfileFile",
			CLASS_LOADER);

	private static final boolean UTILS_PRESENT = ClassUtils.isPresent("software.amazon.awssdk.utils.SystemSetting",
			CLASS_LOADER);

	/** Profile properties that make the SDK's {@code ProfileCredentialsProvider} give credentials. */
	private static final String[] CREDENTIALS_PROPERTIES = { "aws_access_key_id", "role_arn", "credential_process",
			"web_identity_token_file", "sso_session", "sso_start_url", "sso_role_name", "login_session" };

	private AwsSdkSupport() {
	}

	/**
	 * Reads an environment variable as the SDK does (which honours the SDK's test overrides).
	 */
	static Function<String, @Nullable String> environment() {
		return UTILS_PRESENT ? Sdk::environment : System::getenv;
	}

	/**
	 * Whether the active profile defines credentials; {@code false} without the profiles module, or when the
	 * files cannot be read (the SDK's chain then skips the profile step as well).
	 */
	static boolean profileHasCredentials() {
		return PROFILES_PRESENT && Sdk.profileHasCredentials();
	}

	/**
	 * A property of the active profile, such as {@code ec2_metadata_service_endpoint}; {@code null} when
	 * unset, without the profiles module, or when the files cannot be read.
	 */
	static @Nullable String profileProperty(String name) {
		return PROFILES_PRESENT ? Sdk.profileProperty(name) : null;
	}

	/** The only class that touches SDK types, loaded only when they are present. */
	private static final class Sdk {

		static @Nullable String environment(String name) {
			return SystemSetting.getStringValueFromEnvironmentVariable(name).orElse(null);
		}

		static boolean profileHasCredentials() {
			Optional<Profile> profile = activeProfile();
			if (profile.isEmpty()) {
				return false;
			}
			for (String property : CREDENTIALS_PROPERTIES) {
				if (profile.get().property(property).isPresent()) {
					return true;
				}
			}
			return false;
		}

		static @Nullable String profileProperty(String name) {
			return activeProfile().flatMap((profile) -> profile.property(name)).orElse(null);
		}

		private static Optional<Profile> activeProfile() {
			try {
				String name = ProfileFileSystemSetting.AWS_PROFILE.getStringValueOrThrow();
				return ProfileFile.defaultProfileFile().profile(name);
			}
			catch (RuntimeException ex) {
				return Optional.empty();
			}
		}

	}

}
