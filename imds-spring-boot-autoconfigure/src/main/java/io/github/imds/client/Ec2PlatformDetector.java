package io.github.imds.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * Decides from world-readable local files whether this machine is an EC2 instance, so that a laptop or a CI
 * runner never sends a packet to the link-local IMDS address.
 */
final class Ec2PlatformDetector {

	static final String SYS_VENDOR = "sys/devices/virtual/dmi/id/sys_vendor";

	static final String BIOS_VENDOR = "sys/devices/virtual/dmi/id/bios_vendor";

	static final String BOARD_ASSET_TAG = "sys/devices/virtual/dmi/id/board_asset_tag";

	static final String HYPERVISOR_UUID = "sys/hypervisor/uuid";

	private static final String AMAZON_EC2 = "Amazon EC2";

	private static final int MAX_BYTES = 256;

	private final Path root;

	private final boolean defaultRoot;

	private final String osName;

	private final ImdsSettingNames names;

	Ec2PlatformDetector(Path root, boolean defaultRoot, String osName) {
		this(root, defaultRoot, osName, ImdsSettingNames.builderOptions());
	}

	Ec2PlatformDetector(Path root, boolean defaultRoot, String osName, ImdsSettingNames names) {
		this.root = root;
		this.defaultRoot = defaultRoot;
		this.osName = osName;
		this.names = names;
	}

	PlatformDetection detect() {
		if (this.defaultRoot && !this.osName.toLowerCase(Locale.ROOT).contains("linux")) {
			return notEc2(("platform detection reads Linux DMI files and this is %s; on a Windows or macOS EC2 "
					+ "instance set %s").formatted(this.osName,
							this.names.assignment(ImdsSettingNames.Setting.PLATFORM_DETECTION, PlatformDetectionMode.OFF)));
		}
		String sysVendor = read(SYS_VENDOR);
		if (AMAZON_EC2.equals(sysVendor)) {
			return ec2("%s is '%s'".formatted(display(SYS_VENDOR), sysVendor));
		}
		String biosVendor = read(BIOS_VENDOR);
		if (AMAZON_EC2.equals(biosVendor)) {
			return ec2("%s is '%s'".formatted(display(BIOS_VENDOR), biosVendor));
		}
		String assetTag = read(BOARD_ASSET_TAG);
		if (assetTag != null && assetTag.matches("i-[0-9a-f]{8,17}")) {
			return ec2("%s is an instance id".formatted(display(BOARD_ASSET_TAG)));
		}
		String uuid = read(HYPERVISOR_UUID);
		if (uuid != null && uuid.toLowerCase(Locale.ROOT).startsWith("ec2")) {
			return ec2("%s starts with 'ec2' (Xen instance)".formatted(display(HYPERVISOR_UUID)));
		}
		if (sysVendor == null && biosVendor == null && uuid == null) {
			return notEc2("none of %s, %s, %s is readable".formatted(display(SYS_VENDOR), display(BIOS_VENDOR),
					display(HYPERVISOR_UUID)));
		}
		return notEc2("%s is '%s' and %s is '%s', not 'Amazon EC2'".formatted(display(SYS_VENDOR),
				(sysVendor != null) ? sysVendor : "", display(BIOS_VENDOR), (biosVendor != null) ? biosVendor : ""));
	}

	private PlatformDetection ec2(String reason) {
		return new PlatformDetection(PlatformDetection.State.EC2, "EC2 detected: " + reason);
	}

	private PlatformDetection notEc2(String reason) {
		return new PlatformDetection(PlatformDetection.State.NOT_EC2, "not an EC2 instance: " + reason);
	}

	private String display(String relative) {
		return this.root.resolve(relative).toString();
	}

	private @Nullable String read(String relative) {
		Path file = this.root.resolve(relative);
		if (!Files.isReadable(file)) {
			return null;
		}
		// sysfs reports a size of 4096 for every attribute whatever it holds: read a bounded prefix instead.
		try (InputStream input = Files.newInputStream(file)) {
			return new String(input.readNBytes(MAX_BYTES), StandardCharsets.UTF_8).trim();
		}
		catch (IOException | SecurityException ex) {
			return null;
		}
	}

}
