package io.github.imds.autoconfigure;

import io.github.imds.client.AwsSdkSettings;
import io.github.imds.client.ImdsClient;
import io.github.imds.client.PlatformDetection;
import io.github.imds.ssrf.ImdsSsrfGuard;
import io.github.imds.ssrf.SsrfGuardPostProcessor;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.InetAddressFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for the {@link ImdsSsrfGuard}: the HTTP clients that
 * Spring Boot builds cannot connect to the instance metadata addresses.
 * <p>
 * Only static switches decide what is registered here (the property and the classes present), so that AOT
 * processing sees the same beans as a run; whether the guard is active where {@code imds.ssrf-guard.enabled}
 * is unset (where IMDS is used, on EC2 even where IMDS is switched off, where a container credentials
 * endpoint is configured: see {@link SsrfGuardActivation}) is decided when the guard is created, at run time.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = ImdsAutoConfiguration.class)
@ConditionalOnClass({ InetAddressFilter.class, HttpClientSettings.class })
@ConditionalOnBooleanProperty(name = "imds.ssrf-guard.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ImdsProperties.class)
public final class ImdsSsrfGuardAutoConfiguration {

	ImdsSsrfGuardAutoConfiguration() {
	}

	@Bean
	static SsrfGuardPostProcessor imdsSsrfGuardPostProcessor(ObjectProvider<ImdsSsrfGuard> guard) {
		return new SsrfGuardPostProcessor(guard);
	}

	@Bean
	@ConditionalOnMissingBean
	ImdsSsrfGuard imdsSsrfGuard(ImdsProperties properties, ObjectProvider<ImdsClient> client) {
		ImdsSsrfGuardProperties settings = properties.getSsrfGuard();
		ImdsClient imds = (settings.getEnabled() == null) ? client.getIfAvailable() : null;
		SsrfGuardActivation activation = SsrfGuardActivation.decide(settings.getEnabled(),
				(imds != null) ? imds.availability() : null, () -> platformDetection(properties), System::getProperty,
				AwsSdkSupport.environment());
		return ImdsSsrfGuard.of(settings.getMode(), activation.active(), activation.reason());
	}

	/**
	 * The EC2 platform detection alone, whatever the IMDS switches say: a client that is never used (it sends
	 * nothing and starts no threads), without the AWS SDK's settings and with the default endpoint.
	 */
	private static PlatformDetection platformDetection(ImdsProperties properties) {
		try (ImdsClient probe = ImdsClient.builder()
			.settingNames(ImdsPropertyNames.INSTANCE)
			.sdkSettings(AwsSdkSettings.none())
			.platformRoot(properties.getPlatformRoot())
			.platformDetection(properties.getPlatformDetection())
			.build()) {
			return probe.availability().detection();
		}
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterBinder.class)
	static class SsrfGuardMetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "imdsSsrfGuardMeterBinder")
		MeterBinder imdsSsrfGuardMeterBinder(ImdsSsrfGuard guard) {
			return (registry) -> FunctionCounter.builder("imds.ssrf.blocked", guard, ImdsSsrfGuard::attempts)
				.description("Connections of Spring Boot built HTTP clients to an instance metadata address: "
						+ "refused (mode enforce) or let through and reported (mode report)")
				.tag("mode", guard.mode().tag())
				.register(registry);
		}

	}

}
