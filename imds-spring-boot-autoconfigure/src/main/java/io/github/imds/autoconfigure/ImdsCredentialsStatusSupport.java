package io.github.imds.autoconfigure;

import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.github.imds.credentials.CredentialsChain;
import io.github.imds.credentials.CredentialsStatus;
import io.github.imds.credentials.ImdsRoleCredentialsProvider;
import io.github.imds.credentials.RoleCredentialsProvider;
import io.github.imds.credentials.CredentialsChainPlan;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Adapts the optional {@link RoleCredentialsProvider} for the actuator types, which take plain functions so
 * that they work without credentials; adds which step of the credentials chain the AWS SDK beans use.
 */
final class ImdsCredentialsStatusSupport {

	/** Longest wait of a refresh requested through the endpoint; the client's timeouts normally end it sooner. */
	private static final Duration REFRESH_TIMEOUT = Duration.ofSeconds(30);

	private ImdsCredentialsStatusSupport() {
	}

	/**
	 * The status for the endpoint and the metrics: {@code NOT_USED} with the source in use when the instance
	 * role's credentials are not used.
	 */
	static Supplier<@Nullable CredentialsStatus> status(BeanFactory beanFactory) {
		return status(beanFactory, false);
	}

	/**
	 * The status for the health indicator: {@code null} when the instance role's credentials are not used,
	 * so that they cannot make the application unhealthy.
	 */
	static Supplier<@Nullable CredentialsStatus> healthStatus(BeanFactory beanFactory) {
		return status(beanFactory, true);
	}

	static boolean hasCredentials(BeanFactory beanFactory) {
		return beanFactory.getBeanProvider(RoleCredentialsProvider.class).getIfAvailable() != null;
	}

	private static Supplier<@Nullable CredentialsStatus> status(BeanFactory beanFactory, boolean nullWhenNotUsed) {
		ObjectProvider<RoleCredentialsProvider> provider = beanFactory.getBeanProvider(RoleCredentialsProvider.class);
		ObjectProvider<CredentialsChain> chain = beanFactory.getBeanProvider(CredentialsChain.class);
		ObjectProvider<CredentialsChainPlan> plan = beanFactory.getBeanProvider(CredentialsChainPlan.class);
		return () -> {
			RoleCredentialsProvider credentials = provider.getIfAvailable();
			if (credentials == null) {
				return null;
			}
			String source = source(chain.getIfAvailable(), plan.getIfAvailable());
			// ours is used once started: by the chain when it ends at IMDS, or by the application's first call
			boolean used = !(credentials instanceof UnavailableRoleCredentialsProvider)
					&& (!(credentials instanceof ImdsRoleCredentialsProvider imds) || imds.isStarted());
			if (!used) {
				return nullWhenNotUsed ? null : CredentialsStatus.notUsed(source);
			}
			return credentials.status().withSource(source);
		};
	}

	private static String source(@Nullable CredentialsChain chain, @Nullable CredentialsChainPlan plan) {
		if (chain != null) {
			return chain.source().id();
		}
		if (AwsSdkSupport.SDK_AUTH_PRESENT) {
			// the AWS SDK is present but its credentials bean is the application's (or Spring Cloud AWS's)
			return "application";
		}
		return (plan != null) ? plan.first().id() : "instance-profile";
	}

	static Runnable refresh(BeanFactory beanFactory) {
		ObjectProvider<RoleCredentialsProvider> provider = beanFactory.getBeanProvider(RoleCredentialsProvider.class);
		return () -> provider.ifAvailable((credentials) -> {
			if (credentials instanceof UnavailableRoleCredentialsProvider
					|| credentials instanceof ImdsRoleCredentialsProvider imds && !imds.isStarted()) {
				// not used: a refresh through the endpoint must not fetch the instance role's credentials
				return;
			}
			try {
				credentials.refreshNow().copy().orTimeout(REFRESH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).join();
			}
			catch (CompletionException ex) {
				// the failure shows in the provider's status, which the endpoint answers
			}
		});
	}

}
