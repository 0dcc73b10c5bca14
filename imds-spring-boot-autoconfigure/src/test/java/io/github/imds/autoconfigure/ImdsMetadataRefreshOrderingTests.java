package io.github.imds.autoconfigure;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.github.imds.metadata.InstanceMetadataChangedEvent;
import io.github.imds.test.ImdsSimulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two {@link ImdsMetadataRefresher#refresh()} calls that overlap (the {@code imds-metadata-refresh} thread and
 * {@code POST /actuator/imds}) publish their events in the order of the changes: the swap, the rebind and the
 * event happen under one lock. Made deterministic with latches: the first refresh is held in the rebind of an
 * {@code ec2} bean while the second one starts.
 */
class ImdsMetadataRefreshOrderingTests {

	private static final String FIRST = "first-refresh";

	private static final CountDownLatch entered = new CountDownLatch(1);

	private static final CountDownLatch release = new CountDownLatch(1);

	private static ImdsSimulator imds;

	@BeforeAll
	static void startSimulator() {
		imds = ImdsSimulator.builder().tagsInMetadata(true).build().start();
	}

	@AfterAll
	static void stopSimulator() {
		release.countDown();
		imds.close();
		SharedStartupLoads.clearUnused();
	}

	@Test
	void overlappingRefreshesPublishTheirEventsInOrder() throws Exception {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Application.class)
			.web(WebApplicationType.NONE)
			.run("--imds.endpoint=" + imds.endpoint(), "--imds.platform-detection=off",
					"--imds.credentials.enabled=false", "--imds.lifecycle.enabled=false", "--imds.read-timeout=10s",
					"--imds.metadata.startup-timeout=20s", "--imds.token-ttl=25m", "--spring.main.banner-mode=off")) {
			ImdsMetadataRefresher refresher = context.getBean(ImdsMetadataRefresher.class);
			@SuppressWarnings("unchecked")
			List<InstanceMetadataChangedEvent> events = context.getBean("events", List.class);
			imds.tag("Name", "v2");
			Thread first = new Thread(refresher::refresh, FIRST);
			first.start();
			assertThat(entered.await(60, TimeUnit.SECONDS)).isTrue();
			imds.tag("Name", "v3");
			// with the bug the second refresh runs to the end at once; where a refresh publishes under its lock,
			// it waits for the first one, which the bounded join then lets go
			Thread second = new Thread(refresher::refresh, "second-refresh");
			second.start();
			second.join(5_000);
			release.countDown();
			first.join(60_000);
			second.join(60_000);
			assertThat(context.getEnvironment().getProperty("ec2.tags.instance.Name")).isEqualTo("v3");
			assertThat(events).hasSize(2);
			assertThat(events.get(events.size() - 1).current().properties()).containsEntry("ec2.tags.instance.Name",
					"v3");
		}
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@EnableConfigurationProperties(HoldingEc2Settings.class)
	static class Application {

		@Bean
		List<InstanceMetadataChangedEvent> events() {
			return new CopyOnWriteArrayList<>();
		}

		@Bean
		Object eventRecorder(List<InstanceMetadataChangedEvent> events) {
			return new Object() {

				@EventListener
				void on(InstanceMetadataChangedEvent event) {
					events.add(event);
				}

			};
		}

	}

	/**
	 * Holds the first refresh's rebind until the second refresh has run.
	 */
	@ConfigurationProperties("ec2")
	static class HoldingEc2Settings {

		private String instanceId;

		public String getInstanceId() {
			return this.instanceId;
		}

		public void setInstanceId(String instanceId) {
			if (Thread.currentThread().getName().equals(FIRST)) {
				entered.countDown();
				try {
					release.await(60, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			this.instanceId = instanceId;
		}

	}

}
