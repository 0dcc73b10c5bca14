package io.github.imds.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.github.imds.actuate.ImdsHealthIndicator;
import io.github.imds.actuate.internal.ImdsProbe;
import io.github.imds.client.ImdsClient;
import io.github.imds.client.internal.ImdsRequestStatistics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ImdsHealthContributorAutoConfiguration}. IMDS is disabled or not on EC2 here: these
 * tests send nothing.
 */
class ImdsHealthContributorAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(ImdsAutoConfiguration.class, ImdsHealthContributorAutoConfiguration.class))
		.withPropertyValues("imds.enabled=false");

	private final ApplicationContextRunner withoutClientContextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ImdsHealthContributorAutoConfiguration.class));

	@Test
	void runHasIndicatorAndSharedBeans() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(ImdsHealthIndicator.class)
				.hasSingleBean(ImdsRequestStatistics.class)
				.hasSingleBean(ImdsProbe.class);
			assertThat(context).hasBean("imdsHealthIndicator");
			Health health = context.getBean(ImdsHealthIndicator.class).health();
			assertThat(health.getStatus()).isEqualTo(Status.UNKNOWN);
			assertThat(health.getDetails()).containsEntry("diagnosisCode", "disabled");
		});
	}

	@Test
	void runWhenNotOnEc2StillHasIndicatorReportingUnknown(@TempDir Path root) throws IOException {
		Path dmi = Files.createDirectories(root.resolve("sys/devices/virtual/dmi/id"));
		Files.writeString(dmi.resolve("sys_vendor"), "QEMU\n");
		this.contextRunner.withPropertyValues("imds.enabled=true", "imds.platform-root=" + root).run((context) -> {
			assertThat(context).hasSingleBean(ImdsHealthIndicator.class);
			assertThat(context.getBean(ImdsHealthIndicator.class).health().getDetails()).containsEntry("diagnosisCode",
					"not-ec2");
		});
	}

	@Test
	void runWhenHealthIndicatorDisabledDoesNotHaveIndicator() {
		this.contextRunner.withPropertyValues("management.health.imds.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ImdsHealthIndicator.class));
	}

	@Test
	void runWhenHealthDefaultsDisabledDoesNotHaveIndicator() {
		this.contextRunner.withPropertyValues("management.health.defaults.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ImdsHealthIndicator.class));
	}

	@Test
	void runWhenSpringBootHealthIsAbsentDoesNotHaveIndicator() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(Health.class))
			.run((context) -> assertThat(context).doesNotHaveBean(ImdsHealthIndicator.class)
				.doesNotHaveBean(ImdsProbe.class));
	}

	@Test
	void runWithoutImdsClientDoesNotHaveIndicator() {
		this.withoutClientContextRunner.run((context) -> assertThat(context).doesNotHaveBean(ImdsHealthIndicator.class));
	}

	@Test
	void runWithUserIndicatorBacksOff() {
		this.contextRunner.withUserConfiguration(UserIndicatorConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(ImdsHealthIndicator.class);
			assertThat(context.getBean("imdsHealthIndicator"))
				.isSameAs(context.getBean(UserIndicatorConfiguration.class).indicator);
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class UserIndicatorConfiguration {

		ImdsHealthIndicator indicator;

		@Bean
		ImdsHealthIndicator imdsHealthIndicator(ImdsClient client, ImdsRequestStatistics statistics, ImdsProbe probe) {
			this.indicator = new ImdsHealthIndicator(client, statistics, probe, null);
			return this.indicator;
		}

	}

}
