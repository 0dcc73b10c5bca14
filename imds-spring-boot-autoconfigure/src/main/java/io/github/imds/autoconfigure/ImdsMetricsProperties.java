package io.github.imds.autoconfigure;

/**
 * Micrometer meters and observations.
 *
 * @since 0.1.0
 */
public class ImdsMetricsProperties {

	/**
	 * Whether to add the instance's region and availability zone as the common tags 'cloud.region' and
	 * 'cloud.availability_zone' to every meter of the application.
	 */
	private boolean commonTags;

	public boolean isCommonTags() {
		return this.commonTags;
	}

	public void setCommonTags(boolean commonTags) {
		this.commonTags = commonTags;
	}

}
