package io.github.imds.test;

/**
 * How EC2 names things after a region: zone ids, host names, the services domain and the
 * partition. Pure functions.
 */
final class RegionNaming {

	private static final String CLASSIC_REGION = "us-east-1";

	private RegionNaming() {
	}

	/**
	 * Derive a zone id in the AWS shape ({@code us-east-1a} gives {@code use1-az1}). Real
	 * ids differ between accounts, so any stable value is as good as another.
	 */
	static String zoneId(String zone) {
		if (zone.isEmpty()) {
			return zone;
		}
		String region = zone.substring(0, zone.length() - 1);
		char letter = zone.charAt(zone.length() - 1);
		StringBuilder id = new StringBuilder();
		for (String part : region.split("-")) {
			id.append(switch (part) {
				case "north" -> "n";
				case "south" -> "s";
				case "east" -> "e";
				case "west" -> "w";
				case "central" -> "c";
				case "northeast" -> "ne";
				case "southeast" -> "se";
				case "northwest" -> "nw";
				case "southwest" -> "sw";
				default -> part;
			});
		}
		int number = Character.isLetter(letter) ? (letter - 'a' + 1) : 1;
		return id + "-az" + number;
	}

	/**
	 * The private DNS name of an address: {@code ip-10-0-1-10.ec2.internal} in
	 * {@code us-east-1}, {@code ip-10-0-1-10.eu-west-1.compute.internal} elsewhere.
	 */
	static String privateHostname(String ipv4, String region) {
		String domain = CLASSIC_REGION.equals(region) ? "ec2.internal" : region + ".compute.internal";
		return "ip-" + ipv4.replace('.', '-') + "." + domain;
	}

	/**
	 * The public DNS name of an address: {@code ec2-203-0-113-10.compute-1.amazonaws.com}
	 * in {@code us-east-1}, {@code ec2-….eu-west-1.compute.amazonaws.com} elsewhere.
	 */
	static String publicHostname(String ipv4, String region) {
		String domain = CLASSIC_REGION.equals(region) ? "compute-1." : region + ".compute.";
		return "ec2-" + ipv4.replace('.', '-') + "." + domain + servicesDomain(region);
	}

	static String servicesDomain(String region) {
		return region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
	}

	static String partition(String region) {
		if (region.startsWith("cn-")) {
			return "aws-cn";
		}
		return region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
	}

}
