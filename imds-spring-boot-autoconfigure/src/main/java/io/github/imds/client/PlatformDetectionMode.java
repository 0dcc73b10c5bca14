package io.github.imds.client;

/**
 * Whether to look for EC2 in local files before using the default endpoint.
 *
 * @since 0.1.0
 */
public enum PlatformDetectionMode {

	/**
	 * With the default endpoint, read the DMI and hypervisor files first and send nothing when they say
	 * "not EC2".
	 */
	AUTO,

	/**
	 * Always use the network.
	 */
	OFF

}
