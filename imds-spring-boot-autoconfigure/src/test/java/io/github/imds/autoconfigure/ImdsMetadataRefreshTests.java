package io.github.imds.autoconfigure;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.imds.actuate.ImdsEndpoint;
import io.github.imds.metadata.InstanceMetadataChangedEvent;
import io.github.imds.metadata.InstanceMetadataChangedEvent.Change;
import io.github.imds.test.EnableImdsSimulator;
import io.github.imds.test.ImdsSimulator;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A refresh through the {@code imds} endpoint's write operation ({@code POST /actuator/imds}) after the
 * simulator changed a tag and the public IP: the event, the new values through the {@link Environment} and a
 * rebound {@code @ConfigurationProperties("ec2")} bean.
 */
@SpringBootTest(classes = ImdsMetadataRefreshTests.TestApplication.class,
		properties = { "imds.credentials.enabled=false", "imds.lifecycle.enabled=false", "imds.read-timeout=10s",
				"imds.metadata.startup-timeout=20s", "management.endpoints.web.exposure.include=imds" })
@EnableImdsSimulator(tagsInMetadata = true)
class ImdsMetadataRefreshTests {

	@Autowired
	Environment environment;

	@Autowired
	ImdsEndpoint endpoint;

	@Autowired
	Ec2Settings settings;

	@Autowired
	List<InstanceMetadataChangedEvent> events;

	@Test
	void refreshSwapsTheValuesRebindsAndPublishesTheChangedKeys(ImdsSimulator imds) {
		assertThat(this.environment.getProperty("ec2.public-ipv4")).isEqualTo("203.0.113.10");
		imds.tag("Name", "renamed-instance").metadata("public-ipv4", "198.51.100.7");
		this.endpoint.refresh();

		assertThat(this.environment.getProperty("ec2.tags.instance.Name")).isEqualTo("renamed-instance");
		assertThat(this.environment.getProperty("ec2.public-ipv4")).isEqualTo("198.51.100.7");
		assertThat(this.settings.getPublicIpv4()).isEqualTo("198.51.100.7");
		assertThat(this.settings.getTags()).containsEntry("instance", Map.of("Name", "renamed-instance",
				"Environment", "test"));
		assertThat(this.events).singleElement().satisfies((event) -> {
			// (the simulator also moves its clock-derived times, such as iam.info.last-updated)
			assertThat(event.changes()).containsEntry("ec2.public-ipv4", new Change("203.0.113.10", "198.51.100.7"))
				.containsEntry("ec2.tags.instance.Name", new Change("sample-instance", "renamed-instance"));
			assertThat(event.current().publicIpv4()).contains("198.51.100.7");
		});
		assertThat(this.endpoint.imds().metadata()).isNotNull();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@EnableConfigurationProperties(Ec2Settings.class)
	static class TestApplication {

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

	@ConfigurationProperties("ec2")
	static class Ec2Settings {

		private String publicIpv4;

		private Map<String, Map<String, String>> tags = Map.of();

		public String getPublicIpv4() {
			return this.publicIpv4;
		}

		public void setPublicIpv4(String publicIpv4) {
			this.publicIpv4 = publicIpv4;
		}

		public Map<String, Map<String, String>> getTags() {
			return this.tags;
		}

		public void setTags(Map<String, Map<String, String>> tags) {
			this.tags = tags;
		}

	}

}
