package io.github.imds.autoconfigure;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.imds.client.ImdsAvailability;
import io.github.imds.client.ImdsClient;
import io.github.imds.client.PlatformDetectionMode;
import io.github.imds.metadata.InstanceMetadata;
import io.github.imds.test.ImdsRequest;
import io.github.imds.test.ImdsSimulator;
import io.github.imds.test.ImdsSimulatorExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link ImdsEnvironmentPostProcessor} in real {@link SpringApplication} runs against the simulator:
 * requests made at startup, precedence, and the off-EC2, disabled and failing cases.
 */
@ExtendWith(OutputCaptureExtension.class)
class ImdsEnvironmentPostProcessorTests {

	private static final String[] QUIET = { "--imds.credentials.enabled=false", "--imds.lifecycle.enabled=false",
			"--spring.main.banner-mode=off" };

	// registered, not @EnableImdsSimulator: these tests' applications must get only the properties they pass,
	// platform detection included
	@RegisterExtension
	static final ImdsSimulatorExtension simulator = ImdsSimulatorExtension.create();

	private static ImdsSimulator imds;

	@TempDir
	static Path notEc2Root;

	@BeforeAll
	static void fakeNotEc2Root(ImdsSimulator started) throws IOException {
		imds = started;
		Path dmi = Files.createDirectories(notEc2Root.resolve("sys/devices/virtual/dmi/id"));
		Files.writeString(dmi.resolve("sys_vendor"), "QEMU\n");
	}

	@Test
	void startupPutsOneTokenThenGetsOnlyMetadata() {
		try (ConfigurableApplicationContext context = run(new StandardEnvironment(), onSimulator())) {
			assertThat(context.getEnvironment().getProperty("ec2.instance-id")).isEqualTo("i-0123456789abcdef0");
		}
		List<ImdsRequest> requests = imds.requests();
		assertThat(requests).isNotEmpty();
		assertThat(requests.get(0).isTokenRequest()).isTrue();
		assertThat(imds.tokenPuts()).isOne();
		assertThat(requests.subList(1, requests.size())).allSatisfy((request) -> {
			assertThat(request.method()).isEqualTo("GET");
			assertThat(request.hadToken()).isTrue();
			assertThat(request.path()).doesNotContain("security-credentials", "user-data", "/spot/", "/events/",
					"/autoscaling/");
		});
		System.out.printf("Startup against the simulator: %d requests (1 PUT, %d GET)%n", requests.size(),
				requests.size() - 1);
	}

	@Test
	void systemPropertyOverridesInstanceMetadata() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.replace(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME, new MapPropertySource(
					StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME, Map.of("ec2.instance-id", "i-from-sysprop")));
		try (ConfigurableApplicationContext context = run(environment, onSimulator())) {
			assertThat(context.getEnvironment().getProperty("ec2.instance-id")).isEqualTo("i-from-sysprop");
			assertThat(context.getEnvironment().getProperty("ec2.region")).isEqualTo("us-east-1");
		}
	}

	@Test
	void environmentVariableOverridesInstanceMetadata() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
					new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
							Map.of("EC2_INSTANCE_ID", "i-from-env")));
		try (ConfigurableApplicationContext context = run(environment, onSimulator())) {
			assertThat(context.getEnvironment().getProperty("ec2.instance-id")).isEqualTo("i-from-env");
		}
	}

	@Test
	void instanceMetadataOverridesApplicationFilesWhichServeAsFallback() {
		try (ConfigurableApplicationContext context = run(new StandardEnvironment(),
				with(onSimulator(), "--spring.profiles.active=fallback"))) {
			assertThat(context.getEnvironment().getProperty("ec2.instance-id")).isEqualTo("i-0123456789abcdef0");
		}
		try (ConfigurableApplicationContext context = run(new StandardEnvironment(),
				with(onSimulator(), "--spring.profiles.active=fallback", "--imds.enabled=false"))) {
			assertThat(context.getEnvironment().getProperty("ec2.instance-id")).isEqualTo("i-local-fallback");
		}
	}

	@Test
	void offEc2SendsNothingAndLogsOneInfoLine(CapturedOutput output) {
		List<Object> events = new ArrayList<>();
		try (ConfigurableApplicationContext context = run(new StandardEnvironment(),
				"--imds.platform-root=" + notEc2Root)) {
			ImdsClient client = context.getBean(ImdsClient.class);
			client.addListener(events::add);
			assertThat(client.availability().state()).isEqualTo(ImdsAvailability.State.NOT_EC2);
			assertThat(client.endpoint().isDefault()).isTrue();
			assertThat(context.getEnvironment().getPropertySources().contains("ec2InstanceMetadata")).isFalse();
			assertThat(context.getEnvironment().getProperty("ec2.instance-id", "local")).isEqualTo("local");
			assertThat(context.getBean(InstanceMetadata.class).isEmpty()).isTrue();
			assertThat(client.tokenStatus().state()).hasToString("NONE");
		}
		assertThat(events).isEmpty();
		assertThat(output.getOut().lines().filter((line) -> line.contains("ec2.*"))).singleElement()
			.satisfies((line) -> assertThat(line).contains("INFO").contains("not an EC2 instance").contains("QEMU"));
	}

	@Test
	void disabledSendsNothing(CapturedOutput output) {
		try (ConfigurableApplicationContext context = run(new StandardEnvironment(),
				with(onSimulator(), "--imds.enabled=false"))) {
			assertThat(context.getEnvironment().getProperty("ec2.instance-id")).isNull();
			assertThat(context.getBean(ImdsClient.class).availability().state())
				.isEqualTo(ImdsAvailability.State.DISABLED);
		}
		assertThat(imds.requests()).isEmpty();
		assertThat(output.getOut()).contains("imds.enabled=false");
	}

	@Test
	void sdkDisableSwitchSendsNothing() {
		System.setProperty("aws.disableEc2Metadata", "true");
		try (ConfigurableApplicationContext context = run(new StandardEnvironment(), onSimulator())) {
			assertThat(context.getEnvironment().getProperty("ec2.instance-id")).isNull();
		}
		finally {
			System.clearProperty("aws.disableEc2Metadata");
		}
		assertThat(imds.requests()).isEmpty();
	}

	@Test
	void unreachableWithoutFailFastStartsAndWarnsOnce(CapturedOutput output) throws IOException {
		try (ConfigurableApplicationContext context = run(new StandardEnvironment(), unreachable())) {
			assertThat(context.getEnvironment().getProperty("ec2.instance-id")).isNull();
		}
		assertThat(output.getOut().lines().filter((line) -> line.contains("ec2.*"))).singleElement()
			.satisfies((line) -> assertThat(line).contains("WARN").contains("connection refused"));
	}

	@Test
	void unreachableWithFailFastFailsStartupWithTheCause() throws IOException {
		List<String> args = new ArrayList<>(List.of(unreachable()));
		args.add("--imds.fail-fast=true");
		assertThatExceptionOfType(ImdsStartupException.class)
			.isThrownBy(() -> run(new StandardEnvironment(), args.toArray(String[]::new)))
			.withMessageContaining("connection refused");
	}

	@Test
	void silentImdsStartsWithoutMetadataNamingTheBudget(CapturedOutput output) {
		imds.latency(Duration.ofSeconds(5));
		try (ConfigurableApplicationContext context = run(new StandardEnvironment(),
				with(onSimulator(), "--imds.metadata.startup-timeout=500ms"))) {
			assertThat(context.getEnvironment().getProperty("ec2.instance-id")).isNull();
		}
		assertThat(output.getOut().lines().filter((line) -> line.contains("ec2.*"))).singleElement()
			.satisfies((line) -> assertThat(line).contains("WARN")
				.contains("IMDS did not answer /latest/dynamic/instance-identity/document within 500ms")
				.contains("raise imds.metadata.startup-timeout")
				.doesNotContain("Interrupted"));
	}

	@Test
	void silentImdsWithFailFastFailsStartupNamingTheBudget() {
		imds.latency(Duration.ofSeconds(5));
		assertThatExceptionOfType(ImdsStartupException.class)
			.isThrownBy(() -> run(new StandardEnvironment(),
					with(onSimulator(), "--imds.metadata.startup-timeout=500ms", "--imds.fail-fast=true")))
			.withMessageContaining("within 500ms")
			.withMessageContaining("raise imds.metadata.startup-timeout");
	}

	@Test
	void invalidSettingFailsStartupNamingTheProperty() {
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> run(new StandardEnvironment(), with(onSimulator(), "--imds.token-ttl=7h")))
			.withMessageContaining("imds.token-ttl");
	}

	@Test
	void rawUserDataIsLoadedOnlyWhenAsked() {
		imds.userData("role=worker\n");
		try (ConfigurableApplicationContext context = run(new StandardEnvironment(), onSimulator())) {
			assertThat(context.getEnvironment().getProperty("ec2.user-data")).isNull();
		}
		try (ConfigurableApplicationContext context = run(new StandardEnvironment(),
				with(onSimulator(), "--imds.metadata.user-data=properties"))) {
			assertThat(context.getEnvironment().getProperty("ec2.user-data.role")).isEqualTo("worker");
		}
	}

	@Test
	void applicationClientBeanWinsOverTheOneThatLoadedTheProperties() {
		SpringApplication application = new SpringApplication(TestApplication.class, UserClientConfiguration.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		try (ConfigurableApplicationContext context = application.run(onSimulator())) {
			assertThat(context.getEnvironment().getProperty("ec2.instance-id")).isEqualTo("i-0123456789abcdef0");
			assertThat(context.getBean(ImdsClient.class)).isSameAs(context.getBean("imdsClient"));
			assertThat(context.getBean(ImdsClient.class).settings().maxAttempts()).isEqualTo(7);
		}
	}

	@Test
	void springCloudBootstrapContextIsLeftAlone() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addLast(new MapPropertySource("bootstrap", Map.of()));
		try (ConfigurableApplicationContext context = run(environment, onSimulator())) {
			assertThat(context.getEnvironment().getProperty("ec2.instance-id")).isNull();
			assertThat(context.getEnvironment().getPropertySources().contains("ec2InstanceMetadata")).isFalse();
		}
	}

	private static String[] onSimulator() {
		return with(new String[] { "--imds.endpoint=" + imds.endpoint(), "--imds.platform-detection=off" });
	}

	private static String[] unreachable() throws IOException {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		return with(new String[] { "--imds.endpoint=http://127.0.0.1:" + port, "--imds.max-attempts=1" });
	}

	private static String[] with(String[] args, String... more) {
		List<String> all = new ArrayList<>(List.of(args));
		all.addAll(List.of(more));
		for (String quiet : QUIET) {
			if (!all.contains(quiet)) {
				all.add(quiet);
			}
		}
		return all.toArray(String[]::new);
	}

	private static ConfigurableApplicationContext run(StandardEnvironment environment, String... args) {
		SpringApplication application = new SpringApplication(TestApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setEnvironment(environment);
		return application.run(args);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class TestApplication {

	}

	@Configuration(proxyBeanMethods = false)
	static class UserClientConfiguration {

		@Bean
		ImdsClient imdsClient() {
			return ImdsClient.builder()
				.endpoint(imds.endpoint())
				.platformDetection(PlatformDetectionMode.OFF)
				.maxAttempts(7)
				.build();
		}

	}

}
