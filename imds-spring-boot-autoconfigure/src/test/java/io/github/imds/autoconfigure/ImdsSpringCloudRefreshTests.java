package io.github.imds.autoconfigure;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.imds.actuate.ImdsEndpoint;
import io.github.imds.test.EnableImdsSimulator;
import io.github.imds.test.ImdsSimulator;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cloud.context.config.annotation.RefreshScope;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With Spring Cloud Context on the class path, a refresh ({@code POST /actuator/imds}) after the simulator
 * changed a tag and the public IP also publishes Spring Cloud's {@link EnvironmentChangeEvent} with the changed
 * {@code ec2.*} keys: Spring Cloud rebinds a {@code @ConfigurationProperties} bean of another prefix that reads
 * them through placeholders, and a {@code @RefreshScope} bean sees the new values.
 */
@SpringBootTest(classes = ImdsSpringCloudRefreshTests.TestApplication.class,
		properties = { "imds.credentials.enabled=false", "imds.lifecycle.enabled=false", "imds.read-timeout=10s",
				"imds.metadata.startup-timeout=20s", "app.public-ip=${ec2.public-ipv4}",
				"app.name=${ec2.tags.instance.Name}", "management.endpoints.web.exposure.include=imds" })
@EnableImdsSimulator(tagsInMetadata = true)
class ImdsSpringCloudRefreshTests {

	@Autowired
	Environment environment;

	@Autowired
	ImdsEndpoint endpoint;

	@Autowired
	AppSettings settings;

	@Autowired
	InstanceName instanceName;

	@Autowired
	List<EnvironmentChangeEvent> events;

	@Test
	void refreshPublishesEnvironmentChangeEventSoThatSpringCloudRebinds(ImdsSimulator imds) {
		assertThat(this.settings.getPublicIp()).isEqualTo("203.0.113.10");
		assertThat(this.instanceName.name()).isEqualTo("sample-instance");
		imds.tag("Name", "renamed-instance").metadata("public-ipv4", "198.51.100.7");
		this.endpoint.refresh();

		assertThat(this.environment.getProperty("ec2.public-ipv4")).isEqualTo("198.51.100.7");
		assertThat(this.environment.getProperty("ec2.tags.instance.Name")).isEqualTo("renamed-instance");
		// bound under "app", which only Spring Cloud's rebinder rebinds
		assertThat(this.settings.getPublicIp()).isEqualTo("198.51.100.7");
		assertThat(this.settings.getName()).isEqualTo("renamed-instance");
		assertThat(this.instanceName.name()).isEqualTo("renamed-instance");
		assertThat(this.events).singleElement().satisfies((event) -> {
			Set<String> keys = event.getKeys();
			assertThat(keys).contains("ec2.public-ipv4", "ec2.tags.instance.Name").allMatch((key) -> key.startsWith("ec2."));
		});
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@EnableConfigurationProperties(AppSettings.class)
	static class TestApplication {

		@Bean
		List<EnvironmentChangeEvent> events() {
			return new CopyOnWriteArrayList<>();
		}

		@Bean
		Object environmentChangeRecorder(List<EnvironmentChangeEvent> events) {
			return new Object() {

				@EventListener
				void on(EnvironmentChangeEvent event) {
					events.add(event);
				}

			};
		}

		@Bean
		@RefreshScope
		InstanceName instanceName(@Value("${ec2.tags.instance.Name}") String name) {
			return new InstanceName(name);
		}

	}

	static class InstanceName {

		private final String name;

		InstanceName(String name) {
			this.name = name;
		}

		String name() {
			return this.name;
		}

	}

	@ConfigurationProperties("app")
	static class AppSettings {

		private String publicIp;

		private String name;

		public String getPublicIp() {
			return this.publicIp;
		}

		public void setPublicIp(String publicIp) {
			this.publicIp = publicIp;
		}

		public String getName() {
			return this.name;
		}

		public void setName(String name) {
			this.name = name;
		}

	}

}
