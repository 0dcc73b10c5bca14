package io.github.imds.ssrf;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Classification of addresses by their bytes, as a pure function: every address here is built from bytes
 * ({@link InetAddress#getByAddress(byte[])}), so nothing is resolved and nothing is sent.
 */
class MetadataAddressesTests {

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource(delimiter = '|', nullValues = "-", textBlock = """
			# address bytes (hex)                   | metadata address reached
			a9fea9fe                                 | 169.254.169.254
			a9feaa02                                 | 169.254.170.2
			a9feaa17                                 | 169.254.170.23
			fd000ec2000000000000000000000254         | fd00:ec2:0:0:0:0:0:254
			fd000ec2000000000000000000000023         | fd00:ec2:0:0:0:0:0:23
			# IPv4-mapped ::ffff:169.254.169.254 (the JDK makes it an Inet4Address)
			00000000000000000000ffffa9fea9fe         | 169.254.169.254
			# IPv4-compatible ::169.254.169.254 and ::169.254.170.2
			000000000000000000000000a9fea9fe         | 169.254.169.254
			000000000000000000000000a9feaa02         | 169.254.170.2
			# NAT64 64:ff9b::169.254.169.254 and 64:ff9b::169.254.170.23
			0064ff9b0000000000000000a9fea9fe         | 169.254.169.254
			0064ff9b0000000000000000a9feaa17         | 169.254.170.23
			# 6to4 2002:a9fe:a9fe::/48, any subnet and interface id
			2002a9fea9fe00000000000000000001         | 169.254.169.254
			2002a9fea9feffff1234567890abcdef         | 169.254.169.254
			2002a9feaa0200000000000000000000         | 169.254.170.2
			# not metadata: other link-local, RFC 1918, loopback, public, neighbours of the metadata addresses
			a9fe0001                                 | -
			a9fea9fd                                 | -
			a9fea9ff                                 | -
			a9feaa03                                 | -
			a9feaa16                                 | -
			0a000001                                 | -
			ac100001                                 | -
			c0a80101                                 | -
			7f000001                                 | -
			08080808                                 | -
			00000000                                 | -
			# IPv6 neighbours: other fd00:ec2:: hosts, fe80::, the loopback, a NAT64 of a public address
			fd000ec2000000000000000000000255         | -
			fd000ec2000000000000000000000001         | -
			fe800000000000000000000000000254         | -
			fe8000000000000000000000a9fea9fe         | -
			00000000000000000000000000000001         | -
			0064ff9b000000000000000008080808         | -
			# 6to4 of a private address; a mapped address with a non-zero prefix
			20020a00000100000000000000000000         | -
			00000000000000000001ffffa9fea9fe         | -
			""")
	void targetIsDecidedOnTheAddressBytes(String hex, String expected) throws UnknownHostException {
		InetAddress address = InetAddress.getByAddress(bytes(hex));
		assertThat(MetadataAddresses.DEFAULT.target(address).map(InetAddress::getHostAddress).orElse(null))
			.isEqualTo(expected);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource({ "7f000002", "00000000000000000000ffff7f000002", "0064ff9b00000000000000007f000002",
			"20027f00000200000000000000000000" })
	void addedStandInIsMatchedInEverySpelling(String hex) throws UnknownHostException {
		MetadataAddresses withStandIn = MetadataAddresses.DEFAULT
			.and(InetAddress.getByAddress(new byte[] { 127, 0, 0, 2 }));
		InetAddress address = InetAddress.getByAddress(bytes(hex));
		assertThat(withStandIn.target(address)).hasValueSatisfying(
				(target) -> assertThat(target.getHostAddress()).isEqualTo("127.0.0.2"));
		assertThat(MetadataAddresses.DEFAULT.target(address)).isEmpty();
	}

	private static byte[] bytes(String hex) {
		byte[] bytes = new byte[hex.length() / 2];
		for (int i = 0; i < bytes.length; i++) {
			bytes[i] = (byte) Integer.parseInt(hex.substring(i * 2, i * 2 + 2), 16);
		}
		return bytes;
	}

}
