package io.github.imds.client;

/**
 * What a request is for, derived from its path; used as a metrics tag.
 *
 * @since 0.1.0
 */
public enum RequestKind {

	/**
	 * {@code PUT /latest/api/token}.
	 */
	TOKEN("token"),

	/**
	 * {@code /latest/meta-data/...} other than credentials and lifecycle paths.
	 */
	METADATA("metadata"),

	/**
	 * {@code /latest/dynamic/...}, the identity document.
	 */
	DYNAMIC("dynamic"),

	/**
	 * {@code /latest/meta-data/iam/security-credentials...}.
	 */
	CREDENTIALS("credentials"),

	/**
	 * {@code /latest/user-data}.
	 */
	USER_DATA("user-data"),

	/**
	 * Spot, rebalance, maintenance and Auto Scaling notices.
	 */
	LIFECYCLE("lifecycle");

	private static final String META_DATA = "/latest/meta-data/";

	private final String tag;

	RequestKind(String tag) {
		this.tag = tag;
	}

	/**
	 * The lower-case name used in metrics and actuator output.
	 * @return the tag value
	 */
	public String tag() {
		return this.tag;
	}

	/**
	 * Classifies a data request by its path.
	 * @param path the request path
	 * @return the kind
	 */
	public static RequestKind of(String path) {
		if (path.startsWith("/latest/api/token")) {
			return TOKEN;
		}
		if (path.startsWith("/latest/dynamic/")) {
			return DYNAMIC;
		}
		if (path.startsWith("/latest/user-data")) {
			return USER_DATA;
		}
		if (path.startsWith(META_DATA)) {
			String rest = path.substring(META_DATA.length());
			if (rest.startsWith("iam/security-credentials")) {
				return CREDENTIALS;
			}
			if (rest.startsWith("spot/") || rest.startsWith("events/") || rest.startsWith("autoscaling/")) {
				return LIFECYCLE;
			}
		}
		return METADATA;
	}

}
