package io.github.imds.autoconfigure;

import io.github.imds.test.ImdsSimulator;
import io.github.imds.test.ImdsSimulatorExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringApplicationHook;
import org.springframework.boot.SpringApplicationRunListener;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code spring.config.import} of {@code imds:} in real {@link SpringApplication} runs: optional or not, and
 * during Spring AOT processing.
 */
class ImdsConfigDataLoaderTests {

	private static final String AOT_PROCESSING = "spring.aot.processing";

	// registered, not @EnableImdsSimulator: these tests' applications must get only the properties they pass
	@RegisterExtension
	static final ImdsSimulatorExtension simulator = ImdsSimulatorExtension.create();

	private final ImdsSimulator imds;

	ImdsConfigDataLoaderTests(ImdsSimulator imds) {
		this.imds = imds;
	}

	@Test
	void importLoadsOnceWithOneToken() {
		try (ConfigurableApplicationContext context = run("--spring.config.import=imds:",
				"--imds.endpoint=" + this.imds.endpoint())) {
			assertThat(context.getEnvironment().getProperty("ec2.instance-id")).isEqualTo("i-0123456789abcdef0");
		}
		assertThat(this.imds.tokenPuts()).isOne();
		assertThat(this.imds.count("GET", "/latest/dynamic/instance-identity/document")).isOne();
	}

	@Test
	void requiredImportWithoutImdsFailsStartupNamingTheCause() {
		assertThatExceptionOfType(ImdsStartupException.class)
			.isThrownBy(() -> run("--spring.config.import=imds:", "--imds.enabled=false").close())
			.withMessageContaining("without 'optional:'")
			.withMessageContaining("imds.enabled=false");
	}

	@Test
	void optionalImportWithoutImdsStartsWithoutEc2Properties() {
		try (ConfigurableApplicationContext context = run("--spring.config.import=optional:imds:",
				"--imds.enabled=false")) {
			assertThat(context.getEnvironment().getProperty("ec2.instance-id")).isNull();
		}
	}

	@Test
	void aotProcessingSendsNothingWithTheImportOrWithout() {
		System.setProperty(AOT_PROCESSING, "true");
		try {
			assertThat(preparedAsForAotProcessing("--spring.config.import=imds:", "--imds.endpoint=" + this.imds.endpoint(),
					"--imds.fail-fast=true")
				.getProperty("ec2.instance-id")).isNull();
			assertThat(preparedAsForAotProcessing("--imds.endpoint=" + this.imds.endpoint(), "--imds.fail-fast=true")
				.getProperty("ec2.instance-id")).isNull();
		}
		finally {
			System.clearProperty(AOT_PROCESSING);
		}
		assertThat(this.imds.requests()).isEmpty();
	}

	/**
	 * Runs like {@code process-aot} does up to the context refresh (which, for AOT, creates no bean): Boot's AOT
	 * processor abandons the run once the context is loaded.
	 */
	private static ConfigurableEnvironment preparedAsForAotProcessing(String... args) {
		SpringApplicationHook hook = (application) -> new SpringApplicationRunListener() {

			@Override
			public void contextLoaded(ConfigurableApplicationContext context) {
				throw new SpringApplication.AbandonedRunException(context);
			}

		};
		try {
			SpringApplication.withHook(hook, () -> run(args));
		}
		catch (SpringApplication.AbandonedRunException ex) {
			return ex.getApplicationContext().getEnvironment();
		}
		throw new AssertionError("the run was not abandoned");
	}

	@Test
	void importWithAPathFailsNamingTheSyntax() {
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> run("--spring.config.import=imds:tags", "--imds.enabled=false").close())
			.withMessageContaining("write 'imds:'");
	}

	private static ConfigurableApplicationContext run(String... args) {
		SpringApplication application = new SpringApplication(TestApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setEnvironment(new StandardEnvironment());
		String[] all = new String[args.length + 4];
		System.arraycopy(args, 0, all, 0, args.length);
		all[args.length] = "--imds.credentials.enabled=false";
		all[args.length + 1] = "--imds.lifecycle.enabled=false";
		all[args.length + 2] = "--imds.read-timeout=10s";
		all[args.length + 3] = "--imds.metadata.startup-timeout=20s";
		return application.run(all);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class TestApplication {

	}

}
