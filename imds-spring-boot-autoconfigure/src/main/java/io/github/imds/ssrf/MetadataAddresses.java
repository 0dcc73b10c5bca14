package io.github.imds.ssrf;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * Decides whether an address is one of the metadata addresses, in any spelling that reaches it: the
 * address itself, its IPv4-mapped and IPv4-compatible IPv6 forms, its NAT64 ({@code 64:ff9b::/96}) and its
 * 6to4 ({@code 2002::/16}) forms. Decided on the address bytes only; nothing is resolved.
 */
final class MetadataAddresses {

	/**
	 * IMDS ({@code 169.254.169.254}, {@code fd00:ec2::254}), ECS container credentials
	 * ({@code 169.254.170.2}) and EKS Pod Identity ({@code 169.254.170.23}, {@code fd00:ec2::23}).
	 */
	static final MetadataAddresses DEFAULT = new MetadataAddresses(List.of(v4(169, 254, 169, 254),
			v6("fd00:0ec2:0000:0000:0000:0000:0000:0254"), v4(169, 254, 170, 2), v4(169, 254, 170, 23),
			v6("fd00:0ec2:0000:0000:0000:0000:0000:0023")));

	private static final byte[] NAT64_PREFIX = { 0x00, 0x64, (byte) 0xff, (byte) 0x9b, 0, 0, 0, 0, 0, 0, 0, 0 };

	private final List<InetAddress> denied;

	private MetadataAddresses(List<InetAddress> denied) {
		this.denied = List.copyOf(denied);
	}

	/**
	 * Returns these addresses and more; tests add a loopback stand-in this way.
	 * @param more the addresses to add
	 * @return the extended set
	 */
	MetadataAddresses and(InetAddress... more) {
		List<InetAddress> all = new ArrayList<>(this.denied);
		all.addAll(Arrays.asList(more));
		return new MetadataAddresses(all);
	}

	/**
	 * Returns the metadata address that the given address reaches.
	 * @param address the address a client is about to connect to
	 * @return the metadata address (in its usual spelling), or empty when the address is not one
	 */
	Optional<InetAddress> target(InetAddress address) {
		Objects.requireNonNull(address, "'address' must not be null");
		byte[] bytes = address.getAddress();
		for (InetAddress denied : this.denied) {
			if (Arrays.equals(denied.getAddress(), bytes)) {
				return Optional.of(denied);
			}
		}
		byte[] embedded = embeddedIpv4(bytes);
		if (embedded != null) {
			for (InetAddress denied : this.denied) {
				if (Arrays.equals(denied.getAddress(), embedded)) {
					return Optional.of(denied);
				}
			}
		}
		return Optional.empty();
	}

	/**
	 * The IPv4 address an IPv6 address carries and reaches: IPv4-mapped ({@code ::ffff:0:0/96}),
	 * IPv4-compatible ({@code ::/96}), NAT64 ({@code 64:ff9b::/96}) and 6to4 ({@code 2002::/16}).
	 */
	static byte @Nullable [] embeddedIpv4(byte[] bytes) {
		if (bytes.length != 16) {
			return null;
		}
		if (zero(bytes, 0, 10) && ((bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff)
				|| (bytes[10] == 0 && bytes[11] == 0))) {
			return Arrays.copyOfRange(bytes, 12, 16);
		}
		if (Arrays.equals(bytes, 0, 12, NAT64_PREFIX, 0, 12)) {
			return Arrays.copyOfRange(bytes, 12, 16);
		}
		if (bytes[0] == 0x20 && bytes[1] == 0x02) {
			return Arrays.copyOfRange(bytes, 2, 6);
		}
		return null;
	}

	private static boolean zero(byte[] bytes, int from, int to) {
		for (int i = from; i < to; i++) {
			if (bytes[i] != 0) {
				return false;
			}
		}
		return true;
	}

	private static InetAddress v4(int a, int b, int c, int d) {
		return address(new byte[] { (byte) a, (byte) b, (byte) c, (byte) d });
	}

	private static InetAddress v6(String full) {
		String hex = full.replace(":", "");
		byte[] bytes = new byte[16];
		for (int i = 0; i < 16; i++) {
			bytes[i] = (byte) Integer.parseInt(hex.substring(i * 2, i * 2 + 2), 16);
		}
		return address(bytes);
	}

	private static InetAddress address(byte[] bytes) {
		try {
			// from bytes: never a name lookup
			return InetAddress.getByAddress(bytes);
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public String toString() {
		return this.denied.stream().map(MetadataAddresses::literal).toList().toString();
	}

	/**
	 * The literal of an address without a reverse lookup.
	 * @param address the address
	 * @return its literal, IPv6 compressed as the JDK prints it
	 */
	static String literal(InetAddress address) {
		String text = address.getHostAddress();
		return (address instanceof Inet6Address && text.indexOf('%') > 0) ? text.substring(0, text.indexOf('%'))
				: text;
	}

}
