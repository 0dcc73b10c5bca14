package io.github.imds.test;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The API versions of the instance metadata service and the version in which each
 * category appeared, after AWS's "Instance metadata categories" table (column "Version
 * when category was released",
 * https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/instancedata-data-categories.html)
 * and its list of versions that {@code GET /} answers
 * (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/instancedata-data-retrieval.html).
 * A dated version serves the same data as {@code latest} for the categories that existed
 * then, and 404 for the others. Pure functions.
 */
final class ApiVersions {

	static final String LATEST = "latest";

	static final List<String> VERSIONS = List.of("1.0", "2007-01-19", "2007-03-01", "2007-08-29", "2007-10-10",
			"2007-12-15", "2008-02-01", "2008-09-01", "2009-04-04", "2011-01-01", "2011-05-01", "2012-01-12",
			"2014-02-25", "2014-11-05", "2015-10-20", "2016-04-19", "2016-06-30", "2016-09-02", "2018-03-28",
			"2018-08-17", "2018-09-24", "2019-10-01", "2020-10-27", "2021-01-03", "2021-03-23", "2021-07-15",
			"2022-09-24", "2024-04-11", LATEST);

	// Longest prefix wins; categories not in the table exist in every version.
	private static final Map<String, String> INTRODUCED = Map.ofEntries(Map.entry("meta-data/", "1.0"),
			Map.entry("user-data", "1.0"), Map.entry("dynamic/", "2009-04-04"),
			Map.entry("meta-data/ancestor-ami-ids", "2007-10-10"),
			Map.entry("meta-data/autoscaling/", "2021-07-15"),
			Map.entry("meta-data/block-device-mapping/", "2007-12-15"), Map.entry("meta-data/events/", "2018-08-17"),
			Map.entry("meta-data/events/recommendations/", "2020-10-27"), Map.entry("meta-data/hostname", "1.0"),
			Map.entry("meta-data/iam/", "2012-01-12"), Map.entry("meta-data/identity-credentials/", "2018-05-23"),
			Map.entry("meta-data/instance-action", "2008-09-01"), Map.entry("meta-data/instance-life-cycle", "2019-10-01"),
			Map.entry("meta-data/instance-type", "2007-08-29"), Map.entry("meta-data/ipv6", "2021-01-03"),
			Map.entry("meta-data/kernel-id", "2008-02-01"), Map.entry("meta-data/local-hostname", "2007-01-19"),
			Map.entry("meta-data/mac", "2011-01-01"), Map.entry("meta-data/network/", "2011-01-01"),
			Map.entry("meta-data/placement/", "2008-02-01"),
			Map.entry("meta-data/placement/availability-zone-id", "2019-10-01"),
			Map.entry("meta-data/placement/group-name", "2020-08-24"),
			Map.entry("meta-data/placement/host-id", "2020-08-24"),
			Map.entry("meta-data/placement/partition-number", "2020-08-24"),
			Map.entry("meta-data/placement/region", "2020-08-24"), Map.entry("meta-data/product-codes", "2007-03-01"),
			Map.entry("meta-data/public-hostname", "2007-01-19"), Map.entry("meta-data/public-ipv4", "2007-01-19"),
			Map.entry("meta-data/ramdisk-id", "2007-10-10"), Map.entry("meta-data/services/", "2014-02-25"),
			Map.entry("meta-data/services/partition", "2015-10-20"), Map.entry("meta-data/spot/", "2014-11-05"),
			Map.entry("meta-data/spot/instance-action", "2016-11-30"), Map.entry("meta-data/system", "2022-09-24"),
			Map.entry("meta-data/tags/", "2021-03-23"));

	private ApiVersions() {
	}

	static boolean isVersion(String segment) {
		return VERSIONS.contains(segment);
	}

	/**
	 * Whether a path below a version existed in that version.
	 * @param version a version from {@link #VERSIONS}
	 * @param relative the path below the version, such as {@code meta-data/iam/info} or
	 * {@code meta-data/iam/} for a directory
	 * @return whether the version serves it
	 */
	static boolean existsIn(String version, String relative) {
		if (LATEST.equals(version)) {
			return true;
		}
		String introduced = introduced(relative);
		return introduced == null || compare(introduced, version) <= 0;
	}

	private static @Nullable String introduced(String relative) {
		String best = null;
		String bestVersion = null;
		String asDirectory = relative.endsWith("/") ? relative : relative + "/";
		for (Map.Entry<String, String> entry : INTRODUCED.entrySet()) {
			String prefix = entry.getKey();
			boolean matches = prefix.endsWith("/") ? asDirectory.startsWith(prefix) : relative.equals(prefix)
					|| relative.startsWith(prefix + "/");
			if (matches && (best == null || prefix.length() > best.length())) {
				best = prefix;
				bestVersion = entry.getValue();
			}
		}
		return bestVersion;
	}

	/**
	 * Compare versions: {@code 1.0} first, then dates, then {@code latest}.
	 */
	static int compare(String left, String right) {
		return Integer.compare(rank(left), rank(right)) != 0 ? Integer.compare(rank(left), rank(right))
				: left.compareTo(right);
	}

	private static int rank(String version) {
		if ("1.0".equals(version)) {
			return 0;
		}
		return LATEST.equals(version) ? 2 : 1;
	}

}
