package io.github.imds.autoconfigure;

import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.github.imds.actuate.ImdsCredentialsStatus;
import io.github.imds.credentials.RoleCredentialsProvider;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;

/**
 * Adapts the optional {@link RoleCredentialsProvider} for the actuator types, which take plain functions so
 * that they work without credentials.
 */
final class ImdsCredentialsStatusSupport {

	/** Longest wait of a refresh requested through the endpoint; the client's timeouts normally end it sooner. */
	private static final Duration REFRESH_TIMEOUT = Duration.ofSeconds(30);

	private ImdsCredentialsStatusSupport() {
	}

	static Supplier<@Nullable ImdsCredentialsStatus> status(ObjectProvider<RoleCredentialsProvider> provider) {
		return () -> {
			RoleCredentialsProvider credentials = used(provider);
			return (credentials != null) ? ImdsCredentialsStatus.of(credentials.status()) : null;
		};
	}

	/**
	 * The provider, or {@code null} when there is none or IMDS is not used (the actuator then shows no
	 * credentials, as where they are disabled).
	 */
	static @Nullable RoleCredentialsProvider used(ObjectProvider<RoleCredentialsProvider> provider) {
		RoleCredentialsProvider credentials = provider.getIfAvailable();
		return (credentials instanceof UnavailableRoleCredentialsProvider) ? null : credentials;
	}

	static Runnable refresh(ObjectProvider<RoleCredentialsProvider> provider) {
		return () -> {
			RoleCredentialsProvider credentials = used(provider);
			if (credentials == null) {
				return;
			}
			try {
				credentials.refreshNow().copy().orTimeout(REFRESH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).join();
			}
			catch (CompletionException ex) {
				// the failure shows in the provider's status, which the endpoint answers
			}
		};
	}

}
