package io.github.imds.autoconfigure;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.github.imds.env.Ec2MetadataPropertySource;
import io.github.imds.metadata.InstanceMetadata;
import io.github.imds.test.ImdsSimulator;
import io.github.imds.test.ImdsSimulatorExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The startup load runs while Spring goes on starting. A gate in front of the simulator holds every metadata
 * GET until the test opens it, so that what Spring does meanwhile is seen without depending on timing: a
 * load that blocked the post-processor would never let the application reach the code that opens the gate.
 */
@ExtendWith(OutputCaptureExtension.class)
@Timeout(60)
class ImdsStartupOverlapTests {

	private static final String[] QUIET = { "--imds.credentials.enabled=false", "--imds.lifecycle.enabled=false",
			"--spring.main.banner-mode=off", "--imds.platform-detection=off",
			// long enough that a loaded machine reaches the gate's opener within it
			"--imds.metadata.startup-timeout=40s" };

	@RegisterExtension
	static final ImdsSimulatorExtension simulator = ImdsSimulatorExtension.create();

	private ImdsGate gate;

	@BeforeEach
	void openGate(ImdsSimulator imds) throws IOException {
		this.gate = new ImdsGate(imds.endpointUri());
	}

	@AfterEach
	void closeGate() {
		this.gate.close();
	}

	@Test
	void springPreparesTheContextWhileTheLoadWaitsForImds() {
		AtomicReference<PropertySource<?>> duringLoad = new AtomicReference<>();
		try (ConfigurableApplicationContext context = run((ready) -> {
			this.gate.awaitHeldRequest();
			duringLoad.set(ready.getEnvironment().getPropertySources().get(Ec2MetadataPropertySource.NAME));
			this.gate.open();
		})) {
			assertThat(duringLoad.get()).isInstanceOf(PendingEc2MetadataPropertySource.class);
			assertThat(context.getEnvironment().getProperty("ec2.instance-id")).isEqualTo("i-0123456789abcdef0");
			assertThat(context.getBean(InstanceMetadata.class).size()).isPositive();
			// no bean saw the placeholder: the context waited before making them
			assertThat(context.getBean(SourceSeenByABean.class).source()).isInstanceOf(Ec2MetadataPropertySource.class);
			assertThat(context.getEnvironment().getPropertySources().get(Ec2MetadataPropertySource.NAME))
				.isInstanceOf(Ec2MetadataPropertySource.class);
		}
	}

	@Test
	void aNameOutsideEc2IsAnsweredWithoutWaitingForTheLoad() {
		AtomicReference<String> answered = new AtomicReference<>();
		AtomicReference<PropertySource<?>> afterReads = new AtomicReference<>();
		try (ConfigurableApplicationContext context = run((ready) -> {
			this.gate.awaitHeldRequest();
			ConfigurableEnvironment environment = ready.getEnvironment();
			answered.set(environment.getProperty("spring.application.name", "none"));
			assertThat(environment.containsProperty("imds.endpoint")).isTrue();
			assertThat(environment.getProperty("ec2x.not-ours")).isNull();
			// still the placeholder: none of these reads waited for the load (which would have replaced it)
			afterReads.set(environment.getPropertySources().get(Ec2MetadataPropertySource.NAME));
			this.gate.open();
		})) {
			assertThat(answered.get()).isEqualTo("none");
			assertThat(afterReads.get()).isInstanceOf(PendingEc2MetadataPropertySource.class);
		}
	}

	@Test
	void theFirstEc2ReadWaitsForTheLoadAndLeavesAnEnumerableSource() {
		AtomicReference<String> instanceId = new AtomicReference<>();
		AtomicReference<PropertySource<?>> afterRead = new AtomicReference<>();
		try (ConfigurableApplicationContext context = run((ready) -> {
			this.gate.awaitHeldRequest();
			this.gate.open();
			ConfigurableEnvironment environment = ready.getEnvironment();
			instanceId.set(environment.getProperty("ec2.instance-id"));
			afterRead.set(environment.getPropertySources().get(Ec2MetadataPropertySource.NAME));
		})) {
			assertThat(instanceId.get()).isEqualTo("i-0123456789abcdef0");
			assertThat(afterRead.get()).isInstanceOf(Ec2MetadataPropertySource.class);
		}
	}

	@Test
	void aRunThatFailsBeforeTheLoadEndsClosesItWithoutBlamingImds(CapturedOutput output) throws Exception {
		assertThatIllegalStateException().isThrownBy(() -> run((ready) -> {
			this.gate.awaitHeldRequest();
			throw new IllegalStateException("the application's own failure");
		}).close()).withMessage("the application's own failure");
		this.gate.open();
		awaitNoLoaderThread();
		assertThat(output).doesNotContain("could not be loaded");
		// nothing of the failed run is shared: the next run loads again
		try (ConfigurableApplicationContext context = run((ready) -> {
		})) {
			assertThat(context.getEnvironment().getProperty("ec2.instance-id")).isEqualTo("i-0123456789abcdef0");
		}
		assertThat(this.gate.tokenRequests()).isEqualTo(2);
	}

	private static void awaitNoLoaderThread() throws InterruptedException {
		for (Thread thread : Thread.getAllStackTraces().keySet()) {
			if (thread.getName().equals(ImdsStartupLoad.THREAD_NAME)) {
				thread.join(TimeUnit.SECONDS.toMillis(30));
				assertThat(thread.isAlive()).as("the load ends once its client is closed").isFalse();
			}
		}
	}

	private ConfigurableApplicationContext run(ApplicationContextInitializer<ConfigurableApplicationContext> initializer) {
		SpringApplication application = new SpringApplication(TestApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.addInitializers(initializer);
		String[] args = new String[QUIET.length + 1];
		System.arraycopy(QUIET, 0, args, 0, QUIET.length);
		args[QUIET.length] = "--imds.endpoint=" + this.gate.endpoint();
		return application.run(args);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class TestApplication {

		@Bean
		SourceSeenByABean sourceSeenByABean(Environment environment) {
			return new SourceSeenByABean(((ConfigurableEnvironment) environment).getPropertySources()
				.get(Ec2MetadataPropertySource.NAME));
		}

	}

	record SourceSeenByABean(PropertySource<?> source) {
	}

}
