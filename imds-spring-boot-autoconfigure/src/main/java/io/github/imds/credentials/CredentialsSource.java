package io.github.imds.credentials;

/**
 * The steps of the AWS SDK v2's default credentials chain, in its order, with the instance profile last.
 *
 * @since 0.1.0
 */
public enum CredentialsSource {

	/** {@code aws.accessKeyId}, {@code aws.secretAccessKey}, {@code aws.sessionToken}. */
	SYSTEM_PROPERTIES("system-properties"),

	/** {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY}, {@code AWS_SESSION_TOKEN}. */
	ENVIRONMENT("environment"),

	/** {@code AWS_WEB_IDENTITY_TOKEN_FILE} and {@code AWS_ROLE_ARN} (EKS IRSA), with the SDK's sts module. */
	WEB_IDENTITY("web-identity"),

	/** A profile with credentials in the shared credentials or config file. */
	PROFILE("profile"),

	/**
	 * {@code AWS_CONTAINER_CREDENTIALS_RELATIVE_URI} or {@code AWS_CONTAINER_CREDENTIALS_FULL_URI} (ECS task
	 * role, EKS Pod Identity).
	 */
	CONTAINER("container"),

	/** The instance role, read from IMDS by this starter. */
	INSTANCE_PROFILE("instance-profile");

	private final String id;

	CredentialsSource(String id) {
		this.id = id;
	}

	/**
	 * The name shown by the actuator and in logs, such as {@code web-identity}.
	 * @return the id
	 */
	public String id() {
		return this.id;
	}

}
