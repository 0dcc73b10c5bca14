package io.github.imds.autoconfigure;

import java.util.List;

import io.github.imds.client.ImdsClient;
import io.github.imds.client.internal.ImdsRequestStatistics;
import io.github.imds.metadata.InstanceMetadata;
import io.github.imds.test.EnableImdsSimulator;
import io.github.imds.test.ImdsSimulator;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a user of the starter sees: {@code ec2.*} properties from an IMDSv2-only simulator, early enough for
 * {@code @Value}, {@code @ConfigurationProperties}, {@code @ConditionalOnProperty} and placeholders in
 * configuration files.
 */
@SpringBootTest(classes = Ec2PropertiesSpringBootTests.TestApplication.class,
		properties = { "imds.credentials.enabled=false", "imds.lifecycle.enabled=false" })
@ActiveProfiles("ec2test")
@EnableImdsSimulator(tagsInMetadata = true)
class Ec2PropertiesSpringBootTests {

	@Value("${ec2.instance-id}")
	String instanceId;

	@Value("${ec2.region}")
	String region;

	@Value("${ec2.account-id}")
	String accountId;

	@Value("${ec2.availability-zone}")
	String availabilityZone;

	@Value("${ec2.vpc-id}")
	String vpcId;

	@Value("${ec2.subnet-id}")
	String subnetId;

	@Value("${ec2.security-group-ids}")
	String securityGroupIds;

	@Value("${ec2.placement.availability-zone-id}")
	String availabilityZoneId;

	@Value("${ec2.identity.instance-type}")
	String identityInstanceType;

	@Value("${ec2.iam.info.instance-profile-arn}")
	String instanceProfileArn;

	@Value("${ec2.tags.instance.Name}")
	String nameTag;

	@Value("${sample.bucket}")
	String bucket;

	@Autowired
	Ec2Settings ec2Settings;

	@Autowired
	ApplicationContext context;

	@Autowired
	ConfigurableEnvironment environment;

	@Test
	void valueInjectionSeesAliasesAndNestedKeys(ImdsSimulator imds) {
		assertThat(this.instanceId).isEqualTo("i-0123456789abcdef0");
		assertThat(this.region).isEqualTo("us-east-1");
		assertThat(this.accountId).isEqualTo("123456789012");
		assertThat(this.availabilityZone).isEqualTo("us-east-1a");
		assertThat(this.vpcId).startsWith("vpc-");
		assertThat(this.subnetId).startsWith("subnet-");
		assertThat(this.securityGroupIds).startsWith("sg-");
		assertThat(this.availabilityZoneId).isEqualTo("use1-az1");
		assertThat(this.identityInstanceType).isEqualTo("m5.large");
		assertThat(this.instanceProfileArn).startsWith("arn:aws:iam::123456789012:instance-profile/");
		assertThat(this.nameTag).isNotBlank();
	}

	@Test
	void placeholdersInConfigFilesResolveAgainstInstanceMetadata() {
		assertThat(this.bucket).isEqualTo("logs-us-east-1-123456789012");
	}

	@Test
	void configurationPropertiesBindTheEc2Prefix() {
		assertThat(this.ec2Settings.getInstanceId()).isEqualTo("i-0123456789abcdef0");
		assertThat(this.ec2Settings.getPlacement().getAvailabilityZone()).isEqualTo("us-east-1a");
		assertThat(this.ec2Settings.getSecurityGroups()).isNotEmpty();
	}

	@Test
	void conditionalOnPropertySeesTheInstanceId() {
		assertThat(this.context.containsBean("onEc2Marker")).isTrue();
	}

	@Test
	void instanceMetadataOverridesApplicationFilesButKeepsTheirFallbacksForAbsentKeys() {
		// placement/group-name is absent from the simulated instance: the application file's value stays
		assertThat(this.environment.getProperty("ec2.placement.group-name")).isEqualTo("local-fallback-group");
		assertThat(this.environment.getPropertySources().contains("ec2InstanceMetadata")).isTrue();
	}

	@Test
	void clientAndSnapshotAreTheBeansThatLoadedTheProperties() {
		InstanceMetadata metadata = this.context.getBean(InstanceMetadata.class);
		assertThat(metadata.instanceId()).contains(this.instanceId);
		assertThat(metadata.size()).isPositive();
		ImdsClient client = this.context.getBean(ImdsClient.class);
		assertThat(client.tokenStatus().state()).hasToString("VALID");
		// the statistics bean saw the startup load, token PUT included
		ImdsRequestStatistics statistics = this.context.getBean(ImdsRequestStatistics.class);
		assertThat(statistics.total()).isGreaterThan(metadata.size() / 2);
		assertThat(statistics.counts()).containsKey("token");
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@EnableConfigurationProperties(Ec2Settings.class)
	static class TestApplication {

		@Bean
		@ConditionalOnProperty("ec2.instance-id")
		String onEc2Marker() {
			return "on EC2";
		}

	}

	@ConfigurationProperties("ec2")
	static class Ec2Settings {

		private String instanceId;

		private List<String> securityGroups;

		private final Placement placement = new Placement();

		public String getInstanceId() {
			return this.instanceId;
		}

		public void setInstanceId(String instanceId) {
			this.instanceId = instanceId;
		}

		public List<String> getSecurityGroups() {
			return this.securityGroups;
		}

		public void setSecurityGroups(List<String> securityGroups) {
			this.securityGroups = securityGroups;
		}

		public Placement getPlacement() {
			return this.placement;
		}

		static class Placement {

			private String availabilityZone;

			public String getAvailabilityZone() {
				return this.availabilityZone;
			}

			public void setAvailabilityZone(String availabilityZone) {
				this.availabilityZone = availabilityZone;
			}

		}

	}

}
