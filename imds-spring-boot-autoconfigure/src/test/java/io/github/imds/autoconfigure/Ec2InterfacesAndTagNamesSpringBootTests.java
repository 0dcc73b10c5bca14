package io.github.imds.autoconfigure;

import io.github.imds.metadata.InstanceMetadata;
import io.github.imds.metadata.NetworkInterface;
import io.github.imds.test.EnableImdsSimulator;
import io.github.imds.test.ImdsSimulator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every network interface and the tag names a placeholder can hold, as an application sees them: a
 * simulated instance with three interfaces (listed out of device order) and tags whose keys hold {@code :}.
 */
@SpringBootTest(classes = Ec2InterfacesAndTagNamesSpringBootTests.TestApplication.class,
		properties = { "imds.credentials.enabled=false", "imds.lifecycle.enabled=false",
				"app.group=${ec2.autoscaling.group-name:none}", "app.owner=${ec2.tags.instance.team/owner:none}",
				"app.unescaped=${ec2.tags.instance.team:owner:none}" })
@EnableImdsSimulator(tagsInMetadata = true)
class Ec2InterfacesAndTagNamesSpringBootTests {

	private static final String THIRD_MAC = "0e:1a:2b:3c:4d:60";

	@Value("${ec2.autoscaling.group-name:none}")
	String groupName;

	@Value("${ec2.cloudformation.stack-name:none}")
	String stackName;

	@Value("${ec2.cloudformation.logical-id:none}")
	String logicalId;

	@Value("${ec2.tags.instance.team/owner:none}")
	String owner;

	@Value("${ec2.network.interfaces.macs.0e-1a-2b-3c-4d-60.subnet-id:none}")
	String thirdSubnet;

	@Autowired
	Environment environment;

	@Autowired
	InstanceMetadata metadata;

	@BeforeAll
	static void instance(ImdsSimulator imds) {
		imds.tag("aws:autoscaling:groupName", "web-asg")
			.tag("aws:cloudformation:stack-name", "web-prod")
			.tag("aws:cloudformation:logical-id", "WebServer")
			.tag("team:owner", "payments");
		String third = "network/interfaces/macs/" + THIRD_MAC + "/";
		imds.metadata(third + "device-number", "2")
			.metadata(third + "interface-id", "eni-0a1b2c3d4e5f60003")
			.metadata(third + "subnet-id", "subnet-0a1b2c3d4e5f60003")
			.metadata(third + "vpc-id", "vpc-0a1b2c3d4e5f60001")
			.metadata(third + "security-group-ids", "sg-0a1b2c3d4e5f60003")
			.metadata(third + "local-ipv4s", "10.0.3.30\n10.0.3.31");
	}

	@Test
	void placeholdersReadTagsThroughAliasesAndTheSlashForm() {
		assertThat(this.groupName).isEqualTo("web-asg");
		assertThat(this.stackName).isEqualTo("web-prod");
		assertThat(this.logicalId).isEqualTo("WebServer");
		assertThat(this.owner).isEqualTo("payments");
		assertThat(this.environment.getProperty("app.group")).isEqualTo("web-asg");
		assertThat(this.environment.getProperty("app.owner")).isEqualTo("payments");
		// what the slash form is for: ':' starts the default value
		assertThat(this.environment.getProperty("app.unescaped")).isEqualTo("owner:none");
		assertThat(this.environment.getProperty("ec2.tags.instance.team:owner")).isEqualTo("payments");
	}

	@Test
	void everyInterfaceIsLoadedAndListedByDeviceNumber() {
		assertThat(this.metadata.networkInterfaces()).extracting(NetworkInterface::deviceNumber)
			.containsExactly(0, 1, 2);
		NetworkInterface third = this.metadata.networkInterfaces().get(2);
		assertThat(third.mac()).isEqualTo(THIRD_MAC);
		assertThat(third.subnetId()).hasValue("subnet-0a1b2c3d4e5f60003");
		assertThat(third.localIpv4s()).containsExactly("10.0.3.30", "10.0.3.31");
		assertThat(this.thirdSubnet).isEqualTo("subnet-0a1b2c3d4e5f60003");
		// the aliases stay those of the primary interface
		assertThat(this.environment.getProperty("ec2.subnet-id"))
			.isEqualTo(this.metadata.networkInterfaces().get(0).subnetId().orElseThrow());
		assertThat(this.environment.getProperty("ec2.network.interfaces.macs.0e-1a-2b-3c-4d-5f.device-number"))
			.isEqualTo("1");
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class TestApplication {

	}

}
