package io.github.imds.autoconfigure;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.imds.metadata.InstanceMetadataChangedEvent;
import io.github.imds.test.ImdsSimulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.PayloadApplicationEvent;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ImdsSpringCloudAutoConfiguration}: the {@link EnvironmentChangeEvent} after a refresh with Spring Cloud
 * Context, and refreshes that work the same without it.
 */
class ImdsSpringCloudAutoConfigurationTests {

	private static ImdsSimulator imds;

	private final List<Object> events = new CopyOnWriteArrayList<>();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ImdsAutoConfiguration.class, ImdsMetadataAutoConfiguration.class,
				ImdsSpringCloudAutoConfiguration.class))
		.withBean("recorder", ApplicationListener.class, () -> (ApplicationListener<ApplicationEvent>) (event) -> {
			if (event instanceof EnvironmentChangeEvent) {
				this.events.add(event);
			}
			else if (event instanceof PayloadApplicationEvent<?> payload
					&& payload.getPayload() instanceof InstanceMetadataChangedEvent changed) {
				this.events.add(changed);
			}
		});

	@BeforeAll
	static void startSimulator() {
		imds = ImdsSimulator.builder().build().start();
	}

	@AfterAll
	static void stopSimulator() {
		imds.close();
	}

	@BeforeEach
	void reset() {
		imds.reset();
	}

	@Test
	void refreshAlsoPublishesEnvironmentChangeEventWithTheChangedKeys() {
		onSimulator().run((context) -> {
			assertThat(context).hasSingleBean(Ec2EnvironmentChangePublisher.class);
			imds.metadata("public-ipv4", "198.51.100.7");
			assertThat(context.getBean(ImdsMetadataRefresher.class).refresh()).isPresent();
			assertThat(this.events).hasSize(2);
			assertThat(this.events.get(1)).isInstanceOfSatisfying(EnvironmentChangeEvent.class,
					(event) -> assertThat(event.getKeys()).contains("ec2.public-ipv4")
						.allMatch((key) -> key.startsWith("ec2.")));
		});
	}

	@Test
	void withoutSpringCloudContextRefreshStillWorks() {
		onSimulator().withClassLoader(new FilteredClassLoader("org.springframework.cloud")).run((context) -> {
			assertThat(context).hasNotFailed().doesNotHaveBean(Ec2EnvironmentChangePublisher.class);
			imds.metadata("public-ipv4", "198.51.100.7");
			assertThat(context.getBean(ImdsMetadataRefresher.class).refresh()).isPresent();
			assertThat(context.getEnvironment().getProperty("ec2.public-ipv4")).isEqualTo("198.51.100.7");
			assertThat(this.events).singleElement().isInstanceOfSatisfying(InstanceMetadataChangedEvent.class,
					(event) -> assertThat(event.changes()).containsKey("ec2.public-ipv4"));
		});
	}

	private ApplicationContextRunner onSimulator() {
		return this.contextRunner.withPropertyValues(properties(Map.of("imds.endpoint", imds.endpoint(),
				"imds.platform-detection", "off", "imds.read-timeout", "10s", "imds.metadata.startup-timeout", "20s")));
	}

	private static String[] properties(Map<String, String> values) {
		return values.entrySet().stream().map((entry) -> entry.getKey() + "=" + entry.getValue()).toArray(String[]::new);
	}

}
