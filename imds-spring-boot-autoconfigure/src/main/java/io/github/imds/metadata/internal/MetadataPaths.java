package io.github.imds.metadata.internal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The paths a startup load requests, and the identity shortcuts: leaves whose value the identity document
 * already holds are taken from it instead of being requested.
 */
final class MetadataPaths {

	static final String IDENTITY_PATH = "/latest/dynamic/instance-identity/document";

	static final String META_DATA = "/latest/meta-data/";

	static final String USER_DATA_PATH = "/latest/user-data";

	/** The listing of the attached network interfaces, one {@code <mac>/} per line. */
	static final String INTERFACES = "network/interfaces/macs/";

	/** The meta-data leaves loaded at startup, besides {@code mac}, the interfaces and the tags. */
	static final List<String> LEAVES = List.of("ami-id", "ami-launch-index", "hostname", "instance-id",
			"instance-type", "instance-life-cycle", "local-hostname", "local-ipv4", "public-hostname", "public-ipv4",
			"security-groups", "placement/availability-zone", "placement/availability-zone-id", "placement/region",
			"placement/group-name", "placement/partition-number", "placement/host-id", "services/domain",
			"services/partition", "iam/info");

	/**
	 * Leaves whose value the identity document already holds (by definition the same value), with its key:
	 * taken from there instead of requested, which saves a sixth of the startup requests.
	 */
	static final Map<String, String> IN_IDENTITY = Map.of("instance-id", "ec2.identity.instance-id",
			"instance-type", "ec2.identity.instance-type", "ami-id", "ec2.identity.image-id", "placement/region",
			"ec2.identity.region", "placement/availability-zone", "ec2.identity.availability-zone", "local-ipv4",
			"ec2.identity.private-ip");

	/** The leaves of {@code network/interfaces/macs/<mac>/} loaded for every interface. */
	static final List<String> INTERFACE_LEAVES = List.of("vpc-id", "subnet-id", "vpc-ipv4-cidr-block",
			"interface-id", "security-group-ids", "local-ipv4s", "public-ipv4s", "device-number", "owner-id");

	private static final String HEX = "0123456789ABCDEF";

	private MetadataPaths() {
	}

	/**
	 * The value of a leaf that the identity document holds.
	 * @param leaf a leaf of {@link #LEAVES}
	 * @param identityKeys the identity document's keys
	 * @return the value, or {@code null} when the leaf is to be requested
	 */
	static @Nullable String fromIdentity(String leaf, Map<String, String> identityKeys) {
		String key = IN_IDENTITY.get(leaf);
		return (key != null) ? identityKeys.get(key) : null;
	}

	/**
	 * The MAC addresses of an interface listing ({@code 0e:1a:2b:3c:4d:5e/} per line).
	 * @param lines the listing's lines
	 * @return the MAC addresses in listing order; lines that are not a MAC are left out
	 */
	static List<String> macs(List<String> lines) {
		return lines.stream()
			.map((line) -> line.endsWith("/") ? line.substring(0, line.length() - 1) : line)
			.filter(MetadataKeyMapper::isMac)
			.toList();
	}

	/**
	 * A relative path as it is sent: characters that are not allowed in a URI path (non-ASCII letters,
	 * spaces, {@code %}) are percent-encoded, the rest (tag keys' {@code : + = @ , .} included) sent as is.
	 * @param relative a path relative to {@code /latest/meta-data/}
	 * @return the encoded path
	 */
	static String encode(String relative) {
		StringBuilder encoded = new StringBuilder(relative.length());
		for (byte b : relative.getBytes(StandardCharsets.UTF_8)) {
			int c = b & 0xFF;
			if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
					|| "-._~!$&'()*+,;=:@/".indexOf(c) >= 0) {
				encoded.append((char) c);
			}
			else {
				encoded.append('%').append(HEX.charAt(c >> 4)).append(HEX.charAt(c & 0xF));
			}
		}
		return encoded.toString();
	}

	/**
	 * A budget as messages show it.
	 * @param duration the budget
	 * @return whole seconds as {@code 2s}, else milliseconds as {@code 1500ms}
	 */
	static String format(Duration duration) {
		long millis = duration.toMillis();
		return (millis % 1000 == 0) ? (millis / 1000) + "s" : millis + "ms";
	}

}
