package io.github.imds.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * EC2 detection from a fake file tree. These clients use the default endpoint (that is the only case where
 * detection runs), so they are only inspected, never asked to send a request.
 */
class Ec2PlatformDetectionTests {

	@TempDir
	Path root;

	private void write(String relative, String content) throws IOException {
		Path file = this.root.resolve(relative);
		Files.createDirectories(file.getParent());
		Files.writeString(file, content);
	}

	private ImdsAvailability availability() {
		try (ImdsClient client = ImdsClient.builder()
			.sdkSettings(AwsSdkSettings.none())
			.platformDetection(PlatformDetectionMode.AUTO)
			.platformRoot(this.root)
			.build()) {
			assertThat(client.endpoint().isDefault()).isTrue();
			return client.availability();
		}
	}

	@Test
	void detectWhenSysVendorIsAmazonEc2IsEc2() throws IOException {
		write(Ec2PlatformDetector.SYS_VENDOR, "Amazon EC2\n");
		ImdsAvailability availability = availability();
		assertThat(availability.detection().state()).isEqualTo(PlatformDetection.State.EC2);
		assertThat(availability.detection().reason()).contains("sys_vendor");
		assertThat(availability.state()).isEqualTo(ImdsAvailability.State.AVAILABLE);
	}

	@Test
	void detectWhenBiosVendorIsAmazonEc2IsEc2() throws IOException {
		write(Ec2PlatformDetector.BIOS_VENDOR, "Amazon EC2");
		assertThat(availability().detection()).satisfies((detection) -> {
			assertThat(detection.state()).isEqualTo(PlatformDetection.State.EC2);
			assertThat(detection.reason()).contains("bios_vendor");
		});
	}

	@Test
	void detectWhenBoardAssetTagIsInstanceIdIsEc2() throws IOException {
		write(Ec2PlatformDetector.BOARD_ASSET_TAG, "i-0123456789abcdef0\n");
		assertThat(availability().detection()).satisfies((detection) -> {
			assertThat(detection.state()).isEqualTo(PlatformDetection.State.EC2);
			assertThat(detection.reason()).contains("board_asset_tag");
		});
	}

	@Test
	void detectWhenBoardAssetTagIsNotInstanceIdIsNotEc2() throws IOException {
		write(Ec2PlatformDetector.BOARD_ASSET_TAG, "Default string");
		assertThat(availability().detection().state()).isEqualTo(PlatformDetection.State.NOT_EC2);
	}

	@Test
	void detectWhenHypervisorUuidStartsWithEc2IsEc2() throws IOException {
		write(Ec2PlatformDetector.HYPERVISOR_UUID, "ec2e1916-9099-7caf-fd21-012345abcdef\n");
		assertThat(availability().detection()).satisfies((detection) -> {
			assertThat(detection.state()).isEqualTo(PlatformDetection.State.EC2);
			assertThat(detection.reason()).contains("uuid");
		});
	}

	@Test
	void detectWhenHypervisorUuidIsOtherIsNotEc2() throws IOException {
		write(Ec2PlatformDetector.HYPERVISOR_UUID, "4a3b2c1d-9099-7caf-fd21-012345abcdef");
		assertThat(availability().detection().state()).isEqualTo(PlatformDetection.State.NOT_EC2);
	}

	@Test
	void detectWhenSysVendorIsOtherIsNotEc2AndNamesFile() throws IOException {
		write(Ec2PlatformDetector.SYS_VENDOR, "LENOVO\n");
		ImdsAvailability availability = availability();
		assertThat(availability.state()).isEqualTo(ImdsAvailability.State.NOT_EC2);
		assertThat(availability.detection().state()).isEqualTo(PlatformDetection.State.NOT_EC2);
		assertThat(availability.reason()).contains(this.root.resolve(Ec2PlatformDetector.SYS_VENDOR).toString())
			.contains("LENOVO");
	}

	@Test
	void detectWhenNothingReadableIsNotEc2() {
		ImdsAvailability availability = availability();
		assertThat(availability.state()).isEqualTo(ImdsAvailability.State.NOT_EC2);
		assertThat(availability.reason()).contains("readable");
	}

	@Test
	void detectWhenVendorFileReportsPageSizeStillReadsIt() throws IOException {
		// sysfs attributes report a size of 4096 whatever they hold; a padded file stands in for that
		write(Ec2PlatformDetector.SYS_VENDOR, "Amazon EC2\n" + " ".repeat(4096 - 11));
		assertThat(Files.size(this.root.resolve(Ec2PlatformDetector.SYS_VENDOR))).isEqualTo(4096);
		assertThat(availability().detection().state()).isEqualTo(PlatformDetection.State.EC2);
	}

	@Test
	void detectWhenVendorFileIsHugeReadsOnlyItsStart() throws IOException {
		write(Ec2PlatformDetector.SYS_VENDOR, "x".repeat(10_000_000));
		assertThat(availability().detection().state()).isEqualTo(PlatformDetection.State.NOT_EC2);
	}

	@Test
	void detectWhenEndpointConfiguredSkipsDetection() throws IOException {
		write(Ec2PlatformDetector.SYS_VENDOR, "LENOVO");
		try (ImdsClient client = ImdsClient.builder()
			.sdkSettings(AwsSdkSettings.none())
			.endpoint("http://127.0.0.1:" + ImdsTestSupport.closedPort())
			.platformRoot(this.root)
			.build()) {
			assertThat(client.availability().state()).isEqualTo(ImdsAvailability.State.AVAILABLE);
			assertThat(client.availability().detection().state()).isEqualTo(PlatformDetection.State.SKIPPED);
			assertThat(client.availability().detection().reason()).endsWith("set by endpoint(String)");
		}
	}

	@Test
	void detectOnNonLinuxWithRealRootIsNotEc2() {
		PlatformDetection detection = new Ec2PlatformDetector(this.root, true, "Mac OS X").detect();
		assertThat(detection.state()).isEqualTo(PlatformDetection.State.NOT_EC2);
		assertThat(detection.reason()).contains("platformDetection(PlatformDetectionMode.OFF)");
	}

	@Test
	void detectOnLinuxWithRealRootReadsTheFiles() throws IOException {
		write(Ec2PlatformDetector.SYS_VENDOR, "Amazon EC2");
		PlatformDetection detection = new Ec2PlatformDetector(this.root, true, "Linux").detect();
		assertThat(detection.state()).isEqualTo(PlatformDetection.State.EC2);
		assertThat(detection.reason())
			.isEqualTo("EC2 detected: " + this.root.resolve(Ec2PlatformDetector.SYS_VENDOR) + " is 'Amazon EC2'");
	}

	@Test
	void detectOnOtherSystemsWithAFakeRootStillReadsTheFiles() throws IOException {
		write(Ec2PlatformDetector.BIOS_VENDOR, "Amazon EC2");
		PlatformDetection detection = new Ec2PlatformDetector(this.root, false, "Mac OS X").detect();
		assertThat(detection.state()).isEqualTo(PlatformDetection.State.EC2);
		assertThat(detection.reason())
			.isEqualTo("EC2 detected: " + this.root.resolve(Ec2PlatformDetector.BIOS_VENDOR) + " is 'Amazon EC2'");
	}

	@Test
	void detectWhenHypervisorUuidStartsWithUpperCaseEc2IsEc2() throws IOException {
		write(Ec2PlatformDetector.HYPERVISOR_UUID, "EC2E1916-9099-7CAF-FD21-012345ABCDEF");
		assertThat(new Ec2PlatformDetector(this.root, false, "Linux").detect().reason()).isEqualTo("EC2 detected: "
				+ this.root.resolve(Ec2PlatformDetector.HYPERVISOR_UUID) + " starts with 'ec2' (Xen instance)");
	}

	@Test
	void detectWhenBoardAssetTagIsAnInstanceIdNamesIt() throws IOException {
		write(Ec2PlatformDetector.BOARD_ASSET_TAG, "i-0123abcd");
		assertThat(new Ec2PlatformDetector(this.root, false, "Linux").detect().reason())
			.isEqualTo("EC2 detected: " + this.root.resolve(Ec2PlatformDetector.BOARD_ASSET_TAG) + " is an instance id");
	}

	@Test
	void detectWhenOnlyTheAssetTagIsReadableAndNotAnInstanceIdSaysNothingIsReadable() throws IOException {
		write(Ec2PlatformDetector.BOARD_ASSET_TAG, "i-0123");
		PlatformDetection detection = new Ec2PlatformDetector(this.root, false, "Linux").detect();
		assertThat(detection.state()).isEqualTo(PlatformDetection.State.NOT_EC2);
		assertThat(detection.reason()).isEqualTo("not an EC2 instance: none of "
				+ this.root.resolve(Ec2PlatformDetector.SYS_VENDOR) + ", "
				+ this.root.resolve(Ec2PlatformDetector.BIOS_VENDOR) + ", "
				+ this.root.resolve(Ec2PlatformDetector.HYPERVISOR_UUID) + " is readable");
	}

	@Test
	void detectWhenOnlyOneFileIsReadableNamesTheVendors() throws IOException {
		write(Ec2PlatformDetector.BIOS_VENDOR, "SeaBIOS");
		assertThat(new Ec2PlatformDetector(this.root, false, "Linux").detect().reason()).isEqualTo(
				"not an EC2 instance: " + this.root.resolve(Ec2PlatformDetector.SYS_VENDOR) + " is '' and "
						+ this.root.resolve(Ec2PlatformDetector.BIOS_VENDOR) + " is 'SeaBIOS', not 'Amazon EC2'");
		Files.delete(this.root.resolve(Ec2PlatformDetector.BIOS_VENDOR));
		write(Ec2PlatformDetector.HYPERVISOR_UUID, "4a3b2c1d");
		assertThat(new Ec2PlatformDetector(this.root, false, "Linux").detect().state())
			.isEqualTo(PlatformDetection.State.NOT_EC2);
		assertThat(new Ec2PlatformDetector(this.root, false, "Linux").detect().reason()).contains("is '' and");
		write(Ec2PlatformDetector.SYS_VENDOR, "QEMU");
		assertThat(new Ec2PlatformDetector(this.root, false, "Linux").detect().reason()).isEqualTo(
				"not an EC2 instance: " + this.root.resolve(Ec2PlatformDetector.SYS_VENDOR) + " is 'QEMU' and "
						+ this.root.resolve(Ec2PlatformDetector.BIOS_VENDOR) + " is '', not 'Amazon EC2'");
	}

	@Test
	void detectWhenAFileCannotBeReadTreatsItAsMissing() throws IOException {
		// a directory where the file should be: readable, but not as a file
		Files.createDirectories(this.root.resolve(Ec2PlatformDetector.SYS_VENDOR));
		assertThat(new Ec2PlatformDetector(this.root, false, "Linux").detect().reason()).contains("is readable");
	}

}
