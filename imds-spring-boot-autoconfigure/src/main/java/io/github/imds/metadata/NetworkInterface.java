package io.github.imds.metadata;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

/**
 * One network interface attached to the instance, read from its
 * {@code ec2.network.interfaces.macs.<mac>.*} keys. Secondary interfaces carry their own subnet, security
 * groups and addresses.
 *
 * @param mac the MAC address as IMDS writes it, for example {@code 0e:1a:2b:3c:4d:5e}
 * @param deviceNumber the device number ({@code 0} for the primary interface, {@code eth0}), or {@code -1}
 * when unknown
 * @param properties every loaded leaf of the interface by name ({@code vpc-id}, {@code subnet-id},
 * {@code security-group-ids}, ...), lists as comma-separated values
 * @since 0.1.0
 */
public record NetworkInterface(String mac, int deviceNumber, Map<String, String> properties) {

	private static final String MACS_KEY = "ec2.network.interfaces.macs.";

	/**
	 * Copies the properties.
	 * @param mac the MAC address
	 * @param deviceNumber the device number, or {@code -1}
	 * @param properties the leaves by name
	 */
	public NetworkInterface {
		properties = Map.copyOf(properties);
	}

	/**
	 * The interface id ({@code interface-id}).
	 * @return for example {@code eni-0a1b2c3d4e5f60001}
	 */
	public Optional<String> interfaceId() {
		return value("interface-id");
	}

	/**
	 * The VPC id ({@code vpc-id}).
	 * @return the VPC id
	 */
	public Optional<String> vpcId() {
		return value("vpc-id");
	}

	/**
	 * The subnet id ({@code subnet-id}).
	 * @return the subnet id
	 */
	public Optional<String> subnetId() {
		return value("subnet-id");
	}

	/**
	 * The security group ids ({@code security-group-ids}).
	 * @return the ids, empty when unknown
	 */
	public List<String> securityGroupIds() {
		return list("security-group-ids");
	}

	/**
	 * The private IPv4 addresses ({@code local-ipv4s}).
	 * @return the addresses, empty when unknown
	 */
	public List<String> localIpv4s() {
		return list("local-ipv4s");
	}

	/**
	 * The public IPv4 addresses ({@code public-ipv4s}).
	 * @return the addresses, empty when there are none
	 */
	public List<String> publicIpv4s() {
		return list("public-ipv4s");
	}

	private Optional<String> value(String leaf) {
		return Optional.ofNullable(this.properties.get(leaf)).filter((value) -> !value.isEmpty());
	}

	private List<String> list(String leaf) {
		return value(leaf).map(NetworkInterface::split).orElse(List.of());
	}

	static List<String> split(String list) {
		return Arrays.stream(list.split(",")).map(String::trim).filter((item) -> !item.isEmpty()).toList();
	}

	/**
	 * The interfaces among {@code ec2.*} properties, ordered by device number (unknown last), then MAC.
	 * @param properties the properties
	 * @return the interfaces
	 */
	static List<NetworkInterface> of(Map<String, String> properties) {
		Map<String, Map<String, String>> leaves = new TreeMap<>();
		properties.forEach((key, value) -> {
			if (key.startsWith(MACS_KEY)) {
				int dot = key.indexOf('.', MACS_KEY.length());
				if (dot > 0 && key.indexOf('.', dot + 1) < 0) {
					String segment = key.substring(MACS_KEY.length(), dot);
					leaves.computeIfAbsent(segment, (mac) -> new TreeMap<>()).put(key.substring(dot + 1), value);
				}
			}
		});
		List<NetworkInterface> interfaces = new ArrayList<>();
		leaves.forEach((segment, values) -> interfaces
			.add(new NetworkInterface(segment.replace('-', ':').toLowerCase(Locale.ROOT), deviceNumber(values), values)));
		interfaces.sort(Comparator
			.comparingInt((NetworkInterface networkInterface) -> (networkInterface.deviceNumber() < 0)
					? Integer.MAX_VALUE : networkInterface.deviceNumber())
			.thenComparing(NetworkInterface::mac));
		return List.copyOf(interfaces);
	}

	private static int deviceNumber(Map<String, String> values) {
		@Nullable String number = values.get("device-number");
		try {
			return (number != null) ? Integer.parseInt(number.trim()) : -1;
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

}
