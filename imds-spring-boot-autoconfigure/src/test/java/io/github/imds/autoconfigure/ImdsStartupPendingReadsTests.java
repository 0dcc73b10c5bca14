package io.github.imds.autoconfigure;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import io.github.imds.test.ImdsSimulator;
import io.github.imds.test.ImdsSimulatorExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an {@code ec2.*} read made while the startup load still runs returns: the same as once the loaded
 * source is in the environment (as the synchronous load gave). The gate of {@link ImdsStartupOverlapTests}
 * holds the metadata requests, so that the reads meet the placeholder, not the loaded source.
 */
@Timeout(60)
class ImdsStartupPendingReadsTests {

	private static final String[] QUIET = { "--imds.credentials.enabled=false", "--imds.lifecycle.enabled=false",
			"--spring.main.banner-mode=off", "--imds.platform-detection=off",
			"--imds.metadata.startup-timeout=40s" };

	@RegisterExtension
	static final ImdsSimulatorExtension simulator = ImdsSimulatorExtension.builder()
		.simulator(ImdsSimulator.builder().tagsInMetadata(true))
		.build();

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
	void aRelaxedNameReadFirstFindsTheKeyAsLaterReadsDo() {
		AtomicReference<String> first = new AtomicReference<>();
		AtomicReference<String> second = new AtomicReference<>();
		try (ConfigurableApplicationContext context = run(WebApplicationType.NONE, (ready) -> {
			this.gate.awaitHeldRequest();
			this.gate.open();
			// the tag is ec2.tags.instance.Name; Spring's relaxed names match it in lower case
			first.set(ready.getEnvironment().getProperty("ec2.tags.instance.name"));
			second.set(ready.getEnvironment().getProperty("ec2.tags.instance.name"));
		})) {
			assertThat(second.get()).isEqualTo("sample-instance");
			assertThat(first.get()).isEqualTo(second.get());
		}
	}

	@Test
	void aMapBoundInAConvertedEnvironmentHoldsEveryKey() {
		AtomicReference<Map<String, String>> tags = new AtomicReference<>();
		// a servlet application told by its configuration to run without a web server: Spring Boot copies the
		// environment's sources into an environment of the other type
		try (ConfigurableApplicationContext context = run(null, (ready) -> {
			this.gate.awaitHeldRequest();
			this.gate.open();
			ConfigurableEnvironment environment = ready.getEnvironment();
			tags.set(Binder.get(environment)
				.bind("ec2.tags.instance", Bindable.mapOf(String.class, String.class))
				.orElse(Map.of()));
		}, "--spring.main.web-application-type=none")) {
			assertThat(tags.get()).containsEntry("Name", "sample-instance").containsEntry("Environment", "test");
		}
	}

	@Test
	void aMapBoundByAListenerAfterThePostProcessorsHoldsEveryKey() {
		AtomicReference<Map<String, String>> tags = new AtomicReference<>();
		SpringApplication application = new SpringApplication(ImdsStartupOverlapTests.TestApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.addListeners((ApplicationListener<ApplicationEnvironmentPreparedEvent>) (event) -> {
			this.gate.awaitHeldRequest();
			this.gate.open();
			tags.set(Binder.get(event.getEnvironment())
				.bind("ec2.tags.instance", Bindable.mapOf(String.class, String.class))
				.orElse(Map.of()));
		});
		try (ConfigurableApplicationContext context = application.run(args())) {
			assertThat(tags.get()).containsEntry("Name", "sample-instance").containsEntry("Environment", "test");
		}
	}

	@Test
	void theLoadThreadIsGoneOnceTheApplicationIsReady() {
		try (ConfigurableApplicationContext context = run(WebApplicationType.NONE, (ready) -> {
			this.gate.awaitHeldRequest();
			this.gate.open();
		})) {
			// joined before any bean is made (the imds-metadata-N fetchers are only told to stop: not asserted)
			assertThat(Thread.getAllStackTraces().keySet())
				.noneMatch((thread) -> thread.getName().equals(ImdsStartupLoad.THREAD_NAME) && thread.isAlive());
		}
	}

	private String[] args(String... extra) {
		String[] args = new String[QUIET.length + 1 + extra.length];
		System.arraycopy(QUIET, 0, args, 0, QUIET.length);
		args[QUIET.length] = "--imds.endpoint=" + this.gate.endpoint();
		System.arraycopy(extra, 0, args, QUIET.length + 1, extra.length);
		return args;
	}

	private ConfigurableApplicationContext run(WebApplicationType type,
			ApplicationContextInitializer<ConfigurableApplicationContext> initializer, String... extra) {
		SpringApplication application = new SpringApplication(ImdsStartupOverlapTests.TestApplication.class);
		if (type != null) {
			application.setWebApplicationType(type);
		}
		application.addInitializers(initializer);
		return application.run(args(extra));
	}

}
