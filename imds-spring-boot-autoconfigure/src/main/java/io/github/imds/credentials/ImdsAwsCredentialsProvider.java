package io.github.imds.credentials;

import java.util.Objects;

import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * AWS SDK v2 {@link AwsCredentialsProvider} backed by a {@link RoleCredentialsProvider}: returns
 * {@link AwsSessionCredentials} with the expiration time, so that the SDK knows when they stop working.
 *
 * @since 0.1.0
 */
public final class ImdsAwsCredentialsProvider implements AwsCredentialsProvider {

	static final String PROVIDER_NAME = "ImdsRoleCredentialsProvider";

	private final RoleCredentialsProvider provider;

	/** The last conversion, reused while the credentials are the same instance. */
	private volatile @Nullable Converted last;

	/**
	 * Creates an adapter of {@code provider}.
	 * @param provider the role credentials provider
	 */
	public ImdsAwsCredentialsProvider(RoleCredentialsProvider provider) {
		this.provider = Objects.requireNonNull(provider, "'provider' must not be null");
	}

	@Override
	public AwsSessionCredentials resolveCredentials() {
		RoleCredentials credentials;
		try {
			credentials = this.provider.getCredentials();
		}
		catch (RoleCredentialsException ex) {
			// The SDK's credential chains and retry logic expect a client exception.
			throw SdkClientException.create("Unable to load credentials from IMDS: " + ex.getMessage(), ex);
		}
		Converted converted = this.last;
		if (converted != null && converted.source == credentials) {
			return converted.sdk;
		}
		AwsSessionCredentials.Builder builder = AwsSessionCredentials.builder()
			.accessKeyId(credentials.accessKeyId())
			.secretAccessKey(credentials.secretAccessKey())
			.sessionToken(credentials.sessionToken())
			.expirationTime(credentials.expiration())
			.providerName(PROVIDER_NAME);
		if (credentials.accountId() != null) {
			builder.accountId(credentials.accountId());
		}
		AwsSessionCredentials sdk = builder.build();
		this.last = new Converted(credentials, sdk);
		return sdk;
	}

	@Override
	public String toString() {
		return "ImdsAwsCredentialsProvider";
	}

	private record Converted(RoleCredentials source, AwsSessionCredentials sdk) {

	}

}
