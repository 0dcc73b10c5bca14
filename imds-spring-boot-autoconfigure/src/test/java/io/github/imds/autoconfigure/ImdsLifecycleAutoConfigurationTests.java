package io.github.imds.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import io.github.imds.client.ImdsClient;
import io.github.imds.lifecycle.InstanceLifecyclePoller;
import io.github.imds.test.EnableImdsSimulator;
import io.github.imds.test.ImdsSimulator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ImdsLifecycleAutoConfiguration}.
 */
@EnableImdsSimulator
class ImdsLifecycleAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(ImdsAutoConfiguration.class, ImdsLifecycleAutoConfiguration.class));

	private ImdsSimulator imds;

	private List<Thread> before = List.of();

	@BeforeEach
	void setUp(ImdsSimulator imds) {
		this.imds = imds;
		// cached Spring test contexts of other classes keep their pollers running: count only new threads
		this.before = pollerThreads();
	}

	@Test
	void runWithEndpointHasPoller() {
		simulated().run((context) -> {
			assertThat(context).hasSingleBean(InstanceLifecyclePoller.class);
			InstanceLifecyclePoller poller = context.getBean(InstanceLifecyclePoller.class);
			assertThat(poller.isRunning()).isTrue();
			assertThat(poller.getPollInterval()).isEqualTo(Duration.ofSeconds(5));
			assertThat(poller.isDrainOnTermination()).isTrue();
		});
	}

	@Test
	void runWhenLifecycleDisabledDoesNotHavePoller() {
		simulated().withPropertyValues("imds.lifecycle.enabled=false")
			.run((context) -> assertThat(context).hasSingleBean(ImdsClient.class)
				.doesNotHaveBean(InstanceLifecyclePoller.class));
	}

	@Test
	void runWhenImdsDisabledHasAPollerThatNeverStarts() {
		simulated().withPropertyValues("imds.enabled=false").run((context) -> {
			assertThat(context.getBean(InstanceLifecyclePoller.class).isRunning()).isFalse();
			assertThat(newPollerThreads()).isEmpty();
		});
		assertThat(this.imds.requests()).isEmpty();
	}

	@Test
	void runOffEc2WithoutEndpointHasAPollerThatNeverStarts(@TempDir Path root) throws IOException {
		// decided at runtime, not by a condition: an AOT build made on EC2 must not poll on a laptop
		Path vendor = root.resolve("sys/devices/virtual/dmi/id/sys_vendor");
		Files.createDirectories(vendor.getParent());
		Files.writeString(vendor, "QEMU\n");
		this.contextRunner.withPropertyValues("imds.platform-root=" + root).run((context) -> {
			assertThat(context.getBean(InstanceLifecyclePoller.class).isRunning()).isFalse();
			assertThat(newPollerThreads()).isEmpty();
		});
		assertThat(this.imds.requests()).isEmpty();
	}

	private List<Thread> newPollerThreads() {
		return pollerThreads().stream().filter((thread) -> !this.before.contains(thread)).toList();
	}

	private static List<Thread> pollerThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.getName().startsWith(InstanceLifecyclePoller.THREAD_NAME))
			.toList();
	}

	@Test
	void runWithPropertiesConfiguresPoller() {
		simulated().withPropertyValues("imds.lifecycle.poll-interval=1m", "imds.lifecycle.drain-on-termination=false")
			.run((context) -> {
				InstanceLifecyclePoller poller = context.getBean(InstanceLifecyclePoller.class);
				assertThat(poller.getPollInterval()).isEqualTo(Duration.ofMinutes(1));
				assertThat(poller.isDrainOnTermination()).isFalse();
			});
	}

	@Test
	void runWithSpotInTheLoadedSnapshotDoesNotAskImdsAgain() {
		this.imds.lifeCycle("spot");
		withMetadata().run((context) -> {
			InstanceLifecyclePoller poller = context.getBean(InstanceLifecyclePoller.class);
			assertThat(poller.status().instanceLifeCycle()).isEqualTo("spot");
			// the snapshot's load read it once
			this.imds.resetJournal();
			poller.pollOnce();
			assertThat(this.imds.count("GET", "instance-life-cycle")).isZero();
			assertThat(this.imds.count("GET", "spot/instance-action")).isPositive();
		});
	}

	@Test
	void instanceLifeCyclePropertyDoesNotMakeAnOnDemandInstanceSpot() {
		withMetadata().withPropertyValues("ec2.instance-life-cycle=spot").run((context) -> {
			InstanceLifecyclePoller poller = context.getBean(InstanceLifecyclePoller.class);
			assertThat(poller.status().instanceLifeCycle()).isEqualTo("on-demand");
			poller.pollOnce();
			assertThat(this.imds.count("GET", "spot/instance-action")).isZero();
		});
	}

	@Test
	void pollerTakesTheLifeCycleOfTheRefreshedSnapshot() {
		this.imds.removeMetadata("instance-life-cycle");
		withMetadata().run((context) -> {
			InstanceLifecyclePoller poller = context.getBean(InstanceLifecyclePoller.class);
			assertThat(poller.status().instanceLifeCycle()).isNull();
			this.imds.lifeCycle("spot");
			assertThat(context.getBean(ImdsMetadataRefresher.class).refresh()).isPresent();
			this.imds.resetJournal();
			poller.pollOnce();
			assertThat(poller.status().instanceLifeCycle()).isEqualTo("spot");
			assertThat(this.imds.count("GET", "instance-life-cycle")).isZero();
			assertThat(this.imds.count("GET", "spot/instance-action")).isPositive();
		});
	}

	private ApplicationContextRunner withMetadata() {
		return simulated().withConfiguration(AutoConfigurations.of(ImdsMetadataAutoConfiguration.class));
	}

	@Test
	void runWithUserDefinedPollerBacksOff() {
		simulated().withUserConfiguration(CustomPollerConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(InstanceLifecyclePoller.class);
			assertThat(context.getBean(InstanceLifecyclePoller.class))
				.isSameAs(context.getBean(CustomPollerConfiguration.class).poller);
		});
	}

	@Test
	void closingContextStopsPoller() {
		AtomicReference<InstanceLifecyclePoller> poller = new AtomicReference<>();
		simulated().run((context) -> {
			poller.set(context.getBean(InstanceLifecyclePoller.class));
			assertThat(poller.get().isRunning()).isTrue();
		});
		assertThat(poller.get().isRunning()).isFalse();
		assertThat(poller.get().status().running()).isFalse();
	}

	private ApplicationContextRunner simulated() {
		return this.contextRunner.withPropertyValues("imds.endpoint=" + this.imds.endpoint(),
				"imds.platform-detection=off");
	}

	@Configuration(proxyBeanMethods = false)
	static class CustomPollerConfiguration {

		private InstanceLifecyclePoller poller;

		@Bean
		InstanceLifecyclePoller customPoller(ImdsClient client, ApplicationEventPublisher publisher) {
			this.poller = InstanceLifecyclePoller.builder(client, publisher)
				.pollInterval(Duration.ofMinutes(1))
				.drainOnTermination(false)
				.instanceLifeCycle("on-demand")
				.build();
			return this.poller;
		}

	}

}
