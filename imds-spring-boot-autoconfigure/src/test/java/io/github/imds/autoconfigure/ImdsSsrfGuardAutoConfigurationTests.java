package io.github.imds.autoconfigure;

import java.net.InetAddress;
import java.nio.file.Path;

import io.github.imds.actuate.ImdsEndpoint;
import io.github.imds.ssrf.ImdsSsrfGuard;
import io.github.imds.ssrf.SsrfGuardMode;
import io.github.imds.ssrf.SsrfGuardPostProcessor;
import io.github.imds.ssrf.SsrfGuardStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.InetAddressFilter;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ImdsSsrfGuardAutoConfiguration}: which beans the static switches register, and whether the
 * guard is active, decided at run time. The IMDS endpoint, where one is used, is a loopback address that
 * nothing here connects to.
 */
class ImdsSsrfGuardAutoConfigurationTests {

	@TempDir
	Path notEc2;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ImdsAutoConfiguration.class, ImdsSsrfGuardAutoConfiguration.class,
				HttpClientAutoConfiguration.class));

	@Test
	void runOffEc2HasAnInactiveGuardAndLeavesTheSettingsAlone() {
		this.contextRunner.withPropertyValues("imds.platform-root=" + this.notEc2).run((context) -> {
			assertThat(context).hasSingleBean(ImdsSsrfGuard.class).hasSingleBean(SsrfGuardPostProcessor.class);
			assertThat(context.getBean(ImdsSsrfGuard.class).isActive()).isFalse();
			assertThat(context.getBean(ImdsSsrfGuard.class).status().reason()).startsWith("IMDS is not used")
				.contains("imds.ssrf-guard.enabled=true");
			assertThat(context.getBean(HttpClientSettings.class).inetAddressFilter()).isNull();
		});
	}

	@Test
	void runWhereImdsIsUsedHasAnActiveGuardInTheSettings() {
		this.contextRunner.withPropertyValues("imds.endpoint=http://127.0.0.1:9").run((context) -> {
			ImdsSsrfGuard guard = context.getBean(ImdsSsrfGuard.class);
			assertThat(guard.isActive()).isTrue();
			assertThat(guard.mode()).isEqualTo(SsrfGuardMode.ENFORCE);
			assertThat(guard.status().reason()).startsWith("IMDS is used");
			InetAddressFilter filter = context.getBean(HttpClientSettings.class).inetAddressFilter();
			assertThat(filter).isNotNull();
			assertThat(filter.matches(InetAddress.getByAddress(new byte[] { (byte) 169, (byte) 254,
					(byte) 169, (byte) 254 })))
				.isFalse();
			assertThat(filter.matches(InetAddress.getByAddress(new byte[] { 10, 0, 0, 1 }))).isTrue();
		});
	}

	@Test
	void runWhenEnabledOffEc2HasAnActiveGuard() {
		this.contextRunner
			.withPropertyValues("imds.platform-root=" + this.notEc2, "imds.ssrf-guard.enabled=true",
					"imds.ssrf-guard.mode=report")
			.run((context) -> {
				ImdsSsrfGuard guard = context.getBean(ImdsSsrfGuard.class);
				assertThat(guard.isActive()).isTrue();
				assertThat(guard.mode()).isEqualTo(SsrfGuardMode.REPORT);
				assertThat(context.getBean(HttpClientSettings.class).inetAddressFilter()).isNotNull();
			});
	}

	@Test
	void runWhenDisabledDoesNotHaveTheGuard() {
		this.contextRunner.withPropertyValues("imds.endpoint=http://127.0.0.1:9", "imds.ssrf-guard.enabled=false")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(ImdsSsrfGuard.class).doesNotHaveBean(SsrfGuardPostProcessor.class);
				assertThat(context.getBean(HttpClientSettings.class).inetAddressFilter()).isNull();
			});
	}

	@Test
	void runWithoutSpringBootHttpClientDoesNotHaveTheGuard() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(InetAddressFilter.class))
			.withPropertyValues("imds.endpoint=http://127.0.0.1:9")
			.run((context) -> assertThat(context).doesNotHaveBean(ImdsSsrfGuard.class));
	}

	@Test
	void runWithImdsDisabledHasAnInactiveGuard() {
		this.contextRunner.withPropertyValues("imds.enabled=false", "imds.endpoint=http://127.0.0.1:9")
			.run((context) -> assertThat(context.getBean(ImdsSsrfGuard.class).isActive()).isFalse());
	}

	@Test
	void runWithTheImdsEndpointShowsTheGuard() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(ImdsEndpointAutoConfiguration.class))
			.withPropertyValues("imds.enabled=false", "imds.ssrf-guard.enabled=true", "imds.ssrf-guard.mode=report",
					"management.endpoints.web.exposure.include=imds")
			.run((context) -> {
				SsrfGuardStatus status = context.getBean(ImdsEndpoint.class).imds().ssrfGuard();
				assertThat(status).isNotNull();
				assertThat(status.active()).isTrue();
				assertThat(status.mode()).isEqualTo("report");
				assertThat(status.attempts()).isZero();
			});
	}

	@Test
	void runWithTheImdsEndpointAndNoGuardShowsNoGuard() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(ImdsEndpointAutoConfiguration.class))
			.withPropertyValues("imds.enabled=false", "imds.ssrf-guard.enabled=false",
					"management.endpoints.web.exposure.include=imds")
			.run((context) -> assertThat(context.getBean(ImdsEndpoint.class).imds().ssrfGuard()).isNull());
	}

	@Test
	void runWithUserGuardBacksOff() {
		ImdsSsrfGuard user = ImdsSsrfGuard.of(SsrfGuardMode.REPORT, true, "user");
		this.contextRunner.withBean(ImdsSsrfGuard.class, () -> user)
			.run((context) -> assertThat(context.getBean(ImdsSsrfGuard.class)).isSameAs(user));
	}

}
