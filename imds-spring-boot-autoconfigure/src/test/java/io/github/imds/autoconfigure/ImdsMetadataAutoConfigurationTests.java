package io.github.imds.autoconfigure;

import java.time.Instant;
import java.util.Map;

import io.github.imds.metadata.InstanceMetadata;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.MapPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ImdsMetadataAutoConfiguration}.
 */
class ImdsMetadataAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ImdsAutoConfiguration.class, ImdsMetadataAutoConfiguration.class))
		.withPropertyValues("imds.enabled=false");

	@Test
	void runWhenImdsIsNotUsedProvidesAnEmptySnapshot() {
		this.contextRunner.run((context) -> assertThat(context.getBean(InstanceMetadata.class).isEmpty()).isTrue());
	}

	@Test
	void runWithUserDefinedSnapshotBacksOff() {
		InstanceMetadata mine = InstanceMetadata.of(Map.of("ec2.instance-id", "i-local"), Instant.EPOCH);
		this.contextRunner.withBean(InstanceMetadata.class, () -> mine)
			.run((context) -> assertThat(context.getBean(InstanceMetadata.class)).isSameAs(mine));
	}

	@Test
	void userDataIsMaskedInActuatorOutput() {
		this.contextRunner.run((context) -> {
			SanitizingFunction function = context.getBean("imdsUserDataSanitizingFunction", SanitizingFunction.class);
			MapPropertySource source = new MapPropertySource("ec2InstanceMetadata", Map.of());
			assertThat(function.applyUnlessFiltered(new SanitizableData(source, "ec2.user-data", "fake-secret"))
				.getValue()).isEqualTo(SanitizableData.SANITIZED_VALUE);
			assertThat(function.applyUnlessFiltered(new SanitizableData(source, "ec2.user-data.db-password", "x"))
				.getValue()).isEqualTo(SanitizableData.SANITIZED_VALUE);
			assertThat(function.applyUnlessFiltered(new SanitizableData(source, "ec2.instance-id", "i-1"))
				.getValue()).isEqualTo("i-1");
		});
	}

	@Test
	void runWithoutActuatorDoesNotDefineTheSanitizingFunction() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(SanitizingFunction.class))
			.run((context) -> assertThat(context).doesNotHaveBean("imdsUserDataSanitizingFunction"));
	}

}
