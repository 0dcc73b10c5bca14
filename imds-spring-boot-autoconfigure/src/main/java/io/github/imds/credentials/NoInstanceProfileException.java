package io.github.imds.credentials;

/**
 * IMDS has no role to give credentials for: no instance profile is attached to this instance (the role
 * listing answers 404 or is empty).
 *
 * @since 0.1.0
 */
public final class NoInstanceProfileException extends RoleCredentialsException {

	private static final long serialVersionUID = 1L;

	NoInstanceProfileException(String path) {
		super(("No instance profile attached to this instance: %s lists no role. Attach an IAM instance profile "
				+ "to the instance, or set imds.credentials.enabled=false").formatted(path), null);
	}

}
