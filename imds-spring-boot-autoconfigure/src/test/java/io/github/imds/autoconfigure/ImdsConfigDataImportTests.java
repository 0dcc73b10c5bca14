package io.github.imds.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.imds.client.internal.ImdsRequestStatistics;
import io.github.imds.env.Ec2MetadataPropertySource;
import io.github.imds.metadata.InstanceMetadata;
import io.github.imds.test.EnableImdsSimulator;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code spring.config.import=optional:imds:} (in {@code imds-import.properties}) against the simulator: the
 * {@code ec2.*} keys are there for the profile, an on-profile document and a further import, and the
 * post-processor does not load a second time.
 */
@SpringBootTest(classes = ImdsConfigDataImportTests.TestApplication.class,
		properties = { "spring.config.name=imds-import", "imds.credentials.enabled=false",
				"imds.lifecycle.enabled=false", "imds.read-timeout=10s", "imds.metadata.startup-timeout=20s",
				"ec2.instance-type=from-test-properties" })
@EnableImdsSimulator(tagsInMetadata = true)
class ImdsConfigDataImportTests {

	@Autowired
	ConfigurableEnvironment environment;

	@Autowired
	InstanceMetadata metadata;

	@Autowired
	ImdsRequestStatistics statistics;

	@Test
	void profileIsChosenFromATagThroughTheImport() {
		assertThat(this.environment.getActiveProfiles()).containsExactly("test");
	}

	@Test
	void onProfileDocumentApplies() {
		assertThat(this.environment.getProperty("import-test.profile-document")).isEqualTo("chosen by the Environment tag");
	}

	@Test
	void furtherImportResolvesEc2RegionInItsName() {
		assertThat(this.environment.getProperty("import-test.region-file")).isEqualTo("us-east-1 settings");
	}

	@Test
	void startupSendsOneTokenAndLoadsOnce() {
		// the startup client's own record (the simulator's journal is reset before each test)
		Map<String, Map<String, Long>> counts = this.statistics.counts();
		assertThat(counts).containsEntry("token", Map.of("success", 1L))
			.containsEntry("dynamic", Map.of("success", 1L));
		assertThat(this.metadata.instanceId()).contains("i-0123456789abcdef0");
	}

	@Test
	void instanceMetadataRanksBelowTestPropertiesAndAboveApplicationFiles() {
		assertThat(this.environment.getProperty("ec2.instance-id")).isEqualTo("i-0123456789abcdef0");
		assertThat(this.environment.getProperty("ec2.instance-type")).isEqualTo("from-test-properties");
		List<String> names = new ArrayList<>();
		for (PropertySource<?> source : this.environment.getPropertySources()) {
			names.add(source.getName());
		}
		assertThat(names).containsOnlyOnce(Ec2MetadataPropertySource.NAME);
		assertThat(names.indexOf(Ec2MetadataPropertySource.NAME))
			.isEqualTo(names.indexOf(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME) + 1);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class TestApplication {

	}

}
