package io.github.imds.autoconfigure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.github.imds.lifecycle.InstanceLifecyclePoller;
import io.github.imds.test.ImdsSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter's threads alive once the application is ready ({@link SpringApplication#run} returns after
 * {@code ApplicationReadyEvent}): on EC2 at most the two documented ones, {@code imds-lifecycle} and
 * {@code imds-credentials-refresh-N} (docs/lifecycle.md, docs/credentials.md); the metadata load's
 * {@code imds-metadata-N} workers end with the load; none with {@code imds.enabled=false} or off EC2. Only
 * threads started while the application starts are counted (other tests' cached contexts keep theirs).
 */
class ImdsStarterThreadsTests {

	private final ImdsSimulator imds = ImdsSimulator.builder().build();

	@TempDir
	Path qemuRoot;

	private Set<Thread> before;

	@BeforeEach
	void start() {
		this.imds.start();
		this.before = Set.copyOf(Thread.getAllStackTraces().keySet());
	}

	@AfterEach
	void stop() {
		this.imds.close();
	}

	@Test
	void onEc2ShouldLeaveOnlyTheLifecyclePollerAndTheCredentialsRefreshThread() throws Exception {
		try (ConfigurableApplicationContext context = run("--imds.endpoint=" + this.imds.endpoint())) {
			assertThat(this.imds.requests()).as("the starter used IMDS").isNotEmpty();
			assertThat(starterThreadNames()).contains(InstanceLifecyclePoller.THREAD_NAME)
				.hasSizeLessThanOrEqualTo(2)
				.allSatisfy((name) -> assertThat(name).matches(InstanceLifecyclePoller.THREAD_NAME
						+ "|imds-credentials-refresh-\\d+"));
		}
	}

	@Test
	void metadataRefreshShouldBeTheOneThreadMoreItDocuments() throws Exception {
		try (ConfigurableApplicationContext context = run("--imds.endpoint=" + this.imds.endpoint(),
				"--imds.metadata.refresh-interval=1h", "--imds.lifecycle.enabled=false")) {
			assertThat(starterThreadNames()).contains("imds-metadata-refresh")
				.allSatisfy((name) -> assertThat(name).matches("imds-metadata-refresh|imds-credentials-refresh-\\d+"));
		}
	}

	@Test
	void whenDisabledShouldStartNoThread() throws Exception {
		try (ConfigurableApplicationContext context = run("--imds.enabled=false",
				"--imds.endpoint=" + this.imds.endpoint())) {
			assertThat(starterThreadNames()).isEmpty();
			assertThat(this.imds.requests()).isEmpty();
		}
	}

	@Test
	void offEc2ShouldStartNoThread() throws Exception {
		Path vendor = this.qemuRoot.resolve("sys/devices/virtual/dmi/id/sys_vendor");
		Files.createDirectories(vendor.getParent());
		Files.writeString(vendor, "QEMU\n");
		try (ConfigurableApplicationContext context = run("--imds.enabled=true",
				"--imds.platform-root=" + this.qemuRoot)) {
			assertThat(starterThreadNames()).isEmpty();
		}
	}

	private static ConfigurableApplicationContext run(String... args) {
		SpringApplication application = new SpringApplication(App.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		return application.run(args);
	}

	/**
	 * The live {@code imds-} threads started since the test began. The metadata load's workers are
	 * {@code shutdownNow()}-ed when the load ends; one that is still unwinding is waited for, so what remains
	 * is what stays.
	 */
	private List<String> starterThreadNames() throws InterruptedException {
		List<String> names = new ArrayList<>();
		for (Thread thread : Thread.getAllStackTraces().keySet()) {
			if (this.before.contains(thread) || !thread.getName().startsWith("imds-")) {
				continue;
			}
			if (thread.getName().matches("imds-metadata-\\d+")) {
				thread.join(30_000);
				assertThat(thread.isAlive()).as("%s ended with the metadata load", thread.getName()).isFalse();
				continue;
			}
			names.add(thread.getName());
		}
		return names;
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class App {

	}

}
