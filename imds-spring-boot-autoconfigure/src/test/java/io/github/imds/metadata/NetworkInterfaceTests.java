package io.github.imds.metadata;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Tests for {@link NetworkInterface}: which keys make an interface, and their order.
 */
class NetworkInterfaceTests {

	private static final String MACS = "ec2.network.interfaces.macs.";

	@ParameterizedTest(name = "{0}")
	@MethodSource
	void ofListsInterfacesByDeviceNumber(String description, Map<String, String> properties,
			List<String> macs, List<Integer> deviceNumbers) {
		List<NetworkInterface> interfaces = NetworkInterface.of(properties);
		assertThat(interfaces).extracting(NetworkInterface::mac).containsExactlyElementsOf(macs);
		assertThat(interfaces).extracting(NetworkInterface::deviceNumber).containsExactlyElementsOf(deviceNumbers);
	}

	static Stream<Arguments> ofListsInterfacesByDeviceNumber() {
		return Stream.of(arguments("none", Map.of("ec2.mac", "0e:1a:2b:3c:4d:5e"), List.of(), List.of()),
				arguments("two, device numbers against MAC order",
						Map.of(MACS + "0e-00-00-00-00-01.device-number", "1", MACS + "0e-ff-00-00-00-00.device-number",
								"0"),
						List.of("0e:ff:00:00:00:00", "0e:00:00:00:00:01"), List.of(0, 1)),
				arguments("three, ten after two",
						Map.of(MACS + "0e-00-00-00-00-0a.device-number", "10", MACS + "0e-00-00-00-00-02.device-number",
								"2", MACS + "0e-00-00-00-00-00.device-number", "0"),
						List.of("0e:00:00:00:00:00", "0e:00:00:00:00:02", "0e:00:00:00:00:0a"), List.of(0, 2, 10)),
				arguments("unknown device number last, then by MAC",
						Map.of(MACS + "0e-00-00-00-00-0b.vpc-id", "vpc-0fake", MACS + "0e-00-00-00-00-0a.device-number",
								"x", MACS + "0e-00-00-00-00-0c.device-number", "1"),
						List.of("0e:00:00:00:00:0c", "0e:00:00:00:00:0a", "0e:00:00:00:00:0b"), List.of(1, -1, -1)),
				arguments("deeper keys are not leaves of the interface",
						Map.of(MACS + "0e-00-00-00-00-01.ipv4-associations.203.0.113.10", "10.0.1.10"), List.of(),
						List.of()));
	}

	@Test
	void gettersReadTheLeaves() {
		String prefix = MACS + "0e-1a-2b-3c-4d-5e.";
		NetworkInterface networkInterface = NetworkInterface.of(Map.of(prefix + "device-number", "0",
				prefix + "interface-id", "eni-0fake", prefix + "vpc-id", "vpc-0fake", prefix + "subnet-id", "subnet-0fake",
				prefix + "security-group-ids", "sg-0fakea, sg-0fakeb", prefix + "local-ipv4s", "10.0.1.10,10.0.1.11",
				prefix + "subnet-ipv4-cidr-block", "10.0.1.0/24"))
			.get(0);
		assertThat(networkInterface.mac()).isEqualTo("0e:1a:2b:3c:4d:5e");
		assertThat(networkInterface.interfaceId()).hasValue("eni-0fake");
		assertThat(networkInterface.vpcId()).hasValue("vpc-0fake");
		assertThat(networkInterface.subnetId()).hasValue("subnet-0fake");
		assertThat(networkInterface.securityGroupIds()).containsExactly("sg-0fakea", "sg-0fakeb");
		assertThat(networkInterface.localIpv4s()).containsExactly("10.0.1.10", "10.0.1.11");
		assertThat(networkInterface.publicIpv4s()).isEmpty();
		assertThat(networkInterface.properties()).containsEntry("subnet-ipv4-cidr-block", "10.0.1.0/24");
	}

	@Test
	void emptyLeavesAndEmptyListItemsAreAbsent() {
		NetworkInterface networkInterface = new NetworkInterface("0e:1a:2b:3c:4d:5e", 0,
				Map.of("interface-id", "", "security-group-ids", "sg-0fakea,, ,sg-0fakeb,", "local-ipv4s", ""));
		assertThat(networkInterface.interfaceId()).isEmpty();
		assertThat(networkInterface.securityGroupIds()).containsExactly("sg-0fakea", "sg-0fakeb");
		assertThat(networkInterface.localIpv4s()).isEmpty();
	}

	@Test
	void instanceMetadataListsItsInterfaces() {
		InstanceMetadata metadata = InstanceMetadata.of(Map.of(MACS + "0e-00-00-00-00-01.device-number", "1",
				MACS + "0e-00-00-00-00-00.device-number", "0"), Instant.EPOCH);
		assertThat(metadata.networkInterfaces()).extracting(NetworkInterface::deviceNumber).containsExactly(0, 1);
		assertThat(InstanceMetadata.empty().networkInterfaces()).isEmpty();
	}

}
