package io.github.imds.autoconfigure;

import java.time.Clock;

import io.github.imds.actuate.internal.ImdsProbe;
import io.github.imds.client.ImdsClient;
import io.github.imds.client.internal.ImdsRequestStatistics;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The request statistics and the probe shared by the {@code imds} health indicator and endpoint, imported by
 * both auto-configurations so that either works without the other.
 */
@Configuration(proxyBeanMethods = false)
class ImdsHealthSupportConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ImdsRequestStatistics imdsRequestStatistics(ImdsClient client, ObjectProvider<ImdsStartupLoad> startupLoad) {
		ImdsStartupLoad load = startupLoad.getIfAvailable();
		ImdsRequestStatistics startup = (load != null) ? load.statisticsFor(client) : null;
		if (startup != null) {
			// has counted the startup token and metadata load
			return startup;
		}
		ImdsRequestStatistics statistics = new ImdsRequestStatistics();
		client.addListener(statistics);
		return statistics;
	}

	@Bean
	@ConditionalOnMissingBean
	ImdsProbe imdsProbe(ImdsClient client, ImdsRequestStatistics statistics, ImdsProperties properties) {
		ImdsHealthProperties health = properties.getHealth();
		return new ImdsProbe(client, statistics, health.getMaxStaleness(), health.getDownAfter(), Clock.systemUTC());
	}

}
