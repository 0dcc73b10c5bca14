package io.github.imds.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import io.github.imds.client.ImdsClient;
import io.github.imds.test.ImdsRequest;
import io.github.imds.test.ImdsSimulator;
import io.github.imds.test.ImdsSimulatorExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cloud.context.refresh.ContextRefresher;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * When the one-load-per-JVM sharing ({@link SharedStartupLoads}) lets a startup load go: a failed load is
 * never shared, a run that fails before a context took its load over releases it
 * ({@link ImdsStartupFailureListener}), and a closed context's load is not kept. Against the simulator on
 * loopback.
 */
class ImdsStartupLoadReleaseTests {

	private static final String INSTANCE_ID = "i-0123456789abcdef0";

	// Settings of their own (part of SharedStartupLoads' key): should a run leak its load again, which
	// clearUnused() cannot forget, the leaked load is not shared with the other tests.
	private static final String OWN_KEY_21 = "--imds.token-ttl=21m";

	private static final String OWN_KEY_22 = "--imds.token-ttl=22m";

	private static final String OWN_KEY_23 = "--imds.token-ttl=23m";

	@RegisterExtension
	static final ImdsSimulatorExtension simulator = ImdsSimulatorExtension.builder()
		.simulator(ImdsSimulator.builder().tagsInMetadata(true))
		.build();

	private ImdsSimulator imds;

	@BeforeEach
	void useSimulator() {
		this.imds = simulator.simulator();
		SharedStartupLoads.clearUnused();
	}

	@AfterEach
	void reset() {
		SharedStartupLoads.clearUnused();
	}

	@Test
	void startupThatFailsAfterTheLoadDoesNotLeaveItShared() {
		// Boot loads the last location of an import list first: imds: loads, then the missing file fails
		assertThatExceptionOfType(RuntimeException.class).isThrownBy(() -> run(Application.class, OWN_KEY_21,
				"--spring.config.import=classpath:review3-no-such-file.properties,optional:imds:"));
		this.imds.tag("Name", "renamed-instance");
		try (ConfigurableApplicationContext context = run(Application.class, OWN_KEY_21)) {
			assertThat(context.getEnvironment().getProperty("ec2.tags.instance.Name")).isEqualTo("renamed-instance");
		}
		assertThat(this.imds.countMatching(ImdsRequest::isTokenRequest)).isEqualTo(2);
	}

	@Test
	void failedImportIsNotReusedOnceImdsAnswers() {
		this.imds.failNext(1000, 500);
		assertThatExceptionOfType(RuntimeException.class)
			.isThrownBy(() -> run(Application.class, OWN_KEY_22, "--spring.config.import=imds:"));
		this.imds.clearFaults();
		// the simulator answers again: a failure now ("HTTP 500") is the first run's, reused
		try (ConfigurableApplicationContext context = run(Application.class, OWN_KEY_22,
				"--spring.config.import=imds:")) {
			assertThat(context.getEnvironment().getProperty("ec2.instance-id")).isEqualTo(INSTANCE_ID);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "--imds.fail-fast=false", "--spring.config.import=optional:imds:" })
	void springCloudRefreshDoesNotKeepTheStartupLoadAfterTheContextCloses(String entry) {
		ImdsClient client;
		try (ConfigurableApplicationContext context = run(Application.class, OWN_KEY_23, entry)) {
			client = context.getBean(ImdsClient.class);
			context.getBean(ContextRefresher.class).refresh();
			assertThat(context.getEnvironment().getProperty("ec2.instance-id")).isEqualTo(INSTANCE_ID);
		}
		assertThatIllegalStateException().isThrownBy(() -> client.get("/latest/meta-data/instance-id"))
			.withMessage("ImdsClient is closed");
		this.imds.tag("Name", "renamed-instance");
		try (ConfigurableApplicationContext context = run(Application.class, OWN_KEY_23, entry)) {
			assertThat(context.getEnvironment().getProperty("ec2.tags.instance.Name")).isEqualTo("renamed-instance");
		}
	}

	private static ConfigurableApplicationContext run(Class<?> application, String... more) {
		return new SpringApplicationBuilder(application).web(WebApplicationType.NONE).run(args(more));
	}

	private static String[] args(String... more) {
		List<String> args = new ArrayList<>(List.of("--imds.endpoint=" + simulator.simulator().endpoint(),
				"--imds.platform-detection=off", "--imds.credentials.enabled=false", "--imds.lifecycle.enabled=false",
				"--imds.read-timeout=10s", "--imds.max-attempts=1", "--imds.metadata.startup-timeout=20s",
				"--spring.main.banner-mode=off"));
		args.addAll(List.of(more));
		return args.toArray(String[]::new);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class Application {

	}

}
