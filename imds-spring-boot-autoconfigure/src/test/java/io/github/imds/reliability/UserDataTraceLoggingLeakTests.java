package io.github.imds.reliability;

import java.util.ArrayList;
import java.util.List;

import io.github.imds.test.EnableImdsSimulator;
import io.github.imds.test.ImdsSimulator;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.PropertySourcesPropertyResolver;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * User data through a whole {@link SpringApplication} run with the root logger at TRACE (Spring's own
 * categories included: the property resolver, config data, the bean factory), loaded by the environment
 * post-processor and by {@code spring.config.import=imds:}, read back through the environment, the binder and
 * every property source: no user data value reaches the output, nor the environment's {@code toString}.
 */
@ExtendWith(OutputCaptureExtension.class)
@EnableImdsSimulator
class UserDataTraceLoggingLeakTests {

	private static final String SECRET = "fake-user-data-secret-7f3a";

	private static final String RAW = "#!/bin/bash\nexport DB_PASSWORD=" + SECRET + "\n";

	private static final String PROPERTIES = "db.password=" + SECRET + "\nworker.pool=" + SECRET + "-pool\n";

	@ParameterizedTest
	@ValueSource(strings = { "raw", "properties" })
	void rootTraceNeverShowsUserData(String mode, ImdsSimulator imds, CapturedOutput output) {
		imds.userData(mode.equals("raw") ? RAW : PROPERTIES);
		assertNoLeak(imds, mode, output, "--imds.metadata.user-data=" + mode);
	}

	@Test
	void rootTraceNeverShowsUserDataLoadedByConfigImport(ImdsSimulator imds, CapturedOutput output) {
		imds.userData(PROPERTIES);
		assertNoLeak(imds, "properties", output, "--imds.metadata.user-data=properties", "--spring.config.import=imds:");
	}

	private void assertNoLeak(ImdsSimulator imds, String mode, CapturedOutput output, String... more) {
		List<String> args = new ArrayList<>(List.of(more));
		args.addAll(List.of("--logging.level.root=TRACE", "--imds.credentials.enabled=false",
				"--imds.lifecycle.enabled=false"));
		SpringApplication application = new SpringApplication(ReliabilityApplication.App.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		List<String> seen = new ArrayList<>();
		try (ConfigurableApplicationContext context = application
			.run(ReliabilityApplication.onSimulator(imds, args.toArray(String[]::new)))) {
			ConfigurableEnvironment environment = context.getEnvironment();
			// the values are really there: this run would show them if anything logged them
			if (mode.equals("raw")) {
				assertThat(environment.getProperty("ec2.user-data")).isEqualTo(RAW);
				assertThat(Binder.get(environment).bind("ec2.user-data", String.class).get()).isEqualTo(RAW);
			}
			else {
				assertThat(environment.getProperty("ec2.user-data.db.password")).isEqualTo(SECRET);
				assertThat(Binder.get(environment).bind("ec2.user-data.worker.pool", String.class).get())
					.isEqualTo(SECRET + "-pool");
			}
			PropertySourcesPropertyResolver resolver = new PropertySourcesPropertyResolver(
					environment.getPropertySources());
			for (PropertySource<?> source : environment.getPropertySources()) {
				seen.add(source.toString());
				if (source instanceof EnumerablePropertySource<?> enumerable) {
					for (String name : enumerable.getPropertyNames()) {
						environment.getProperty(name);
						// Spring's plain resolver (the placeholder configurer's) logs every key it finds
						resolver.getProperty(name);
					}
				}
			}
			seen.add(environment.toString());
			LogFactory.getLog("org.springframework.core.env.probe").trace("spring-trace-probe");
		}
		assertThat(output).contains("spring-trace-probe");
		assertThat(output).contains("Found key 'ec2.user-data");
		assertThat(seen).noneMatch((text) -> text.contains(SECRET));
		assertThat(output.getAll()).doesNotContain(SECRET);
	}

}
