package io.github.imds.autoconfigure;

import io.github.imds.client.ImdsAvailability;
import io.github.imds.client.ImdsClient;
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
 * is unset (where IMDS is used) is decided when the guard is created, at run time.
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
		Boolean enabled = settings.getEnabled();
		if (enabled != null) {
			return ImdsSsrfGuard.of(settings.getMode(), enabled, "imds.ssrf-guard.enabled=" + enabled);
		}
		ImdsClient imds = client.getIfAvailable();
		if (imds == null) {
			return ImdsSsrfGuard.of(settings.getMode(), false,
					"no IMDS client; set imds.ssrf-guard.enabled=true to guard anyway");
		}
		ImdsAvailability availability = imds.availability();
		return availability.isAvailable()
				? ImdsSsrfGuard.of(settings.getMode(), true, "IMDS is used: " + availability.reason())
				: ImdsSsrfGuard.of(settings.getMode(), false, "IMDS is not used (" + availability.reason()
						+ "); set imds.ssrf-guard.enabled=true to guard anyway");
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
