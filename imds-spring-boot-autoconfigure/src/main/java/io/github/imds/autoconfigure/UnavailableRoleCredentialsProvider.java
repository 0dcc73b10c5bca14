package io.github.imds.autoconfigure;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.github.imds.credentials.CredentialsStatus;
import io.github.imds.credentials.RoleCredentials;
import io.github.imds.credentials.RoleCredentialsException;
import io.github.imds.credentials.RoleCredentialsProvider;

/**
 * The {@link RoleCredentialsProvider} bean where IMDS is not used (disabled, or not on EC2): it sends nothing,
 * starts no thread, and names the reason when asked. Decided when the bean is created rather than by a
 * condition, because Spring AOT freezes conditions at build time.
 */
final class UnavailableRoleCredentialsProvider implements RoleCredentialsProvider {

	private final String reason;

	UnavailableRoleCredentialsProvider(String reason) {
		this.reason = reason;
	}

	@Override
	public RoleCredentials getCredentials() {
		throw new RoleCredentialsException("No instance role credentials: IMDS is not used here: " + this.reason,
				null);
	}

	@Override
	public CredentialsStatus status() {
		return new CredentialsStatus(CredentialsStatus.State.NOT_LOADED, null, null, null, null, null, 0, this.reason,
				null, null, null, "instance-profile", Map.of());
	}

	@Override
	public CompletableFuture<CredentialsStatus> refreshNow() {
		return CompletableFuture.completedFuture(status());
	}

	@Override
	public String toString() {
		return "UnavailableRoleCredentialsProvider[" + this.reason + "]";
	}

}
