package io.github.imds.autoconfigure;

import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.github.imds.client.ImdsClient;
import io.github.imds.metadata.InstanceMetadata;
import io.github.imds.test.ImdsRequest;
import io.github.imds.test.ImdsSimulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.devtools.restart.classloader.RestartClassLoader;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * One token and one load per JVM start for a parent/child hierarchy and for devtools restarts (simulated: two
 * runs in a row whose class loader is devtools' {@link RestartClassLoader}), with the post-processor and with
 * {@code spring.config.import=optional:imds:}; and what is not shared: other endpoints, other settings, and a
 * second run of an application that is not under devtools. Counted with the simulator's journal.
 */
class ImdsStartupLoadSharingTests {

	private static final String IMPORT = "--spring.config.import=optional:imds:";

	// no import: the environment post-processor loads (imds.fail-fast=false is the default)
	private static final String POST_PROCESSOR = "--imds.fail-fast=false";

	private static ImdsSimulator imds;

	private static ImdsSimulator other;

	@BeforeAll
	static void startSimulators() {
		imds = ImdsSimulator.builder().tagsInMetadata(true).build().start();
		other = ImdsSimulator.builder().build().start();
	}

	@AfterAll
	static void stopSimulators() {
		imds.close();
		other.close();
	}

	@BeforeEach
	@AfterEach
	void reset() {
		SharedStartupLoads.clearUnused();
		imds.reset();
		imds.resetJournal();
		other.reset();
		other.resetJournal();
	}

	@ParameterizedTest
	@ValueSource(strings = { POST_PROCESSOR, IMPORT })
	void childContextReusesTheParentsTokenAndLoads(String entry) {
		long oneLoad = getsOfOneRun(entry);
		try (ConfigurableApplicationContext child = runHierarchy(entry);
				ConfigurableApplicationContext parent = (ConfigurableApplicationContext) child.getParent()) {
			assertThat(child.getEnvironment().getProperty("ec2.instance-id")).isEqualTo("i-0123456789abcdef0");
			assertThat(parent.getEnvironment().getProperty("ec2.tags.instance.Name"))
				.isEqualTo("sample-instance");
			assertThat(child.getBean(InstanceMetadata.class)).isSameAs(parent.getBean(InstanceMetadata.class));
			assertThat(tokens(imds)).isOne();
			assertThat(gets(imds)).isEqualTo(oneLoad);
		}
	}

	@Test
	void closingTheChildLeavesTheParentsClientOpen() {
		ConfigurableApplicationContext child = runHierarchy(POST_PROCESSOR);
		ConfigurableApplicationContext parent = (ConfigurableApplicationContext) child.getParent();
		ImdsClient client = parent.getBean(ImdsClient.class);
		child.close();
		assertThat(client.get("/latest/meta-data/instance-id")).isPresent();
		parent.close();
		assertThatIllegalStateException().isThrownBy(() -> client.get("/latest/meta-data/instance-id"))
			.withMessage("ImdsClient is closed");
	}

	@ParameterizedTest
	@ValueSource(strings = { POST_PROCESSOR, IMPORT })
	void devtoolsRestartReuseTheTokenAndLoad(String entry) throws Exception {
		long oneLoad = getsOfOneRun(entry);
		underDevtools(() -> {
			try (ConfigurableApplicationContext first = run(imds, entry)) {
				assertThat(first.getEnvironment().getProperty("ec2.instance-id")).isEqualTo("i-0123456789abcdef0");
			}
			try (ConfigurableApplicationContext restarted = run(imds, entry)) {
				assertThat(restarted.getEnvironment().getProperty("ec2.instance-id"))
					.isEqualTo("i-0123456789abcdef0");
				assertThat(restarted.getBean(ImdsClient.class).get("/latest/meta-data/instance-id")).isPresent();
			}
			return null;
		});
		assertThat(tokens(imds)).isOne();
		// one load, and the restarted application's own request above
		assertThat(gets(imds)).isEqualTo(oneLoad + 1);
	}

	@Test
	void restartAfterARefreshSeesTheRefreshedValues() throws Exception {
		long oneLoad = getsOfOneRun(POST_PROCESSOR);
		underDevtools(() -> {
			try (ConfigurableApplicationContext first = run(imds, POST_PROCESSOR)) {
				imds.tag("Name", "renamed-instance");
				assertThat(first.getBean(ImdsMetadataRefresher.class).refresh()).isPresent();
			}
			try (ConfigurableApplicationContext restarted = run(imds, POST_PROCESSOR)) {
				assertThat(restarted.getEnvironment().getProperty("ec2.tags.instance.Name"))
					.isEqualTo("renamed-instance");
			}
			return null;
		});
		assertThat(tokens(imds)).isOne();
		// the startup load and the refresh's
		assertThat(gets(imds)).isEqualTo(2 * oneLoad);
	}

	@Test
	void restartWithOtherSettingsLoadsAgain() throws Exception {
		underDevtools(() -> {
			run(imds, POST_PROCESSOR).close();
			run(imds, POST_PROCESSOR, "--imds.metadata.tags=false").close();
			return null;
		});
		assertThat(tokens(imds)).isEqualTo(2);
	}

	@Test
	void secondRunWithoutDevtoolsLoadsAgain() {
		long oneLoad = getsOfOneRun(POST_PROCESSOR);
		imds.tag("Name", "renamed-instance");
		try (ConfigurableApplicationContext context = run(imds, POST_PROCESSOR)) {
			assertThat(context.getEnvironment().getProperty("ec2.tags.instance.Name")).isEqualTo("renamed-instance");
		}
		assertThat(tokens(imds)).isOne();
		assertThat(gets(imds)).isEqualTo(oneLoad);
	}

	@Test
	void twoApplicationsAgainstTwoEndpointsEachLoad() throws Exception {
		other.instanceId("i-0fedcba9876543210");
		underDevtools(() -> {
			try (ConfigurableApplicationContext first = run(imds, POST_PROCESSOR);
					ConfigurableApplicationContext second = run(other, POST_PROCESSOR)) {
				assertThat(first.getEnvironment().getProperty("ec2.instance-id")).isEqualTo("i-0123456789abcdef0");
				assertThat(second.getEnvironment().getProperty("ec2.instance-id")).isEqualTo("i-0fedcba9876543210");
			}
			return null;
		});
		assertThat(tokens(imds)).isOne();
		assertThat(tokens(other)).isOne();
		assertThat(gets(other)).isPositive();
	}

	/**
	 * The GETs of one run on its own, which is closed (and, not under devtools, forgotten) before the test.
	 */
	private static long getsOfOneRun(String entry) {
		run(imds, entry).close();
		long gets = gets(imds);
		assertThat(tokens(imds)).isOne();
		assertThat(gets).isGreaterThan(10);
		imds.resetJournal();
		return gets;
	}

	private static ConfigurableApplicationContext runHierarchy(String entry) {
		return new SpringApplicationBuilder(ParentApplication.class).web(WebApplicationType.NONE)
			.child(ChildApplication.class)
			.web(WebApplicationType.NONE)
			.run(args(imds, entry));
	}

	private static <T> T underDevtools(Callable<T> action) throws Exception {
		ClassLoader parent = Thread.currentThread().getContextClassLoader();
		ExecutorService executor = Executors.newSingleThreadExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "imds-simulated-restart");
			thread.setContextClassLoader(new RestartClassLoader(parent, new URL[0]));
			return thread;
		});
		try {
			Future<T> result = executor.submit(action);
			return result.get();
		}
		finally {
			executor.shutdownNow();
		}
	}

	private static ConfigurableApplicationContext run(ImdsSimulator simulator, String... more) {
		return new SpringApplicationBuilder(ParentApplication.class).web(WebApplicationType.NONE)
			.run(args(simulator, more));
	}

	private static String[] args(ImdsSimulator simulator, String... more) {
		List<String> args = new ArrayList<>(List.of("--imds.endpoint=" + simulator.endpoint(),
				"--imds.platform-detection=off", "--imds.credentials.enabled=false", "--imds.lifecycle.enabled=false",
				"--imds.read-timeout=10s", "--imds.metadata.startup-timeout=20s", "--spring.main.banner-mode=off"));
		args.addAll(List.of(more));
		return args.toArray(String[]::new);
	}

	private static long tokens(ImdsSimulator simulator) {
		return simulator.countMatching(ImdsRequest::isTokenRequest);
	}

	private static long gets(ImdsSimulator simulator) {
		return simulator.countMatching((request) -> request.method().equals("GET"));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class ParentApplication {

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class ChildApplication {

	}

}
