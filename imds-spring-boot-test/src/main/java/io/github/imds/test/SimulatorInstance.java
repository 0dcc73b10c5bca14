package io.github.imds.test;

import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

/**
 * The instance an {@link ImdsSimulator} serves: its meta-data, dynamic data, tags and user
 * data ({@link ImdsSimulator#instance()}). Paths are relative to {@code /latest/meta-data/}
 * unless they start with {@code /}. Safe to use while clients are connected.
 *
 * @author imds-spring-boot contributors
 * @since 0.1.0
 */
public final class SimulatorInstance {

	private final InstanceModel model;

	SimulatorInstance(InstanceModel model) {
		this.model = model;
	}

	/**
	 * Set a meta-data leaf.
	 * @param path the path, relative to {@code /latest/meta-data/} (for example
	 * {@code placement/region}) or absolute
	 * @param value the body
	 * @return this view
	 */
	public SimulatorInstance metadata(String path, String value) {
		this.model.set(leafPath(path, InstanceModel.META), value.getBytes(StandardCharsets.UTF_8));
		return this;
	}

	/**
	 * Remove a meta-data leaf or a whole sub-tree, which then answers 404 and is no longer
	 * listed.
	 * @param path the path, relative to {@code /latest/meta-data/} or absolute
	 * @return this view
	 */
	public SimulatorInstance removeMetadata(String path) {
		this.model.remove(leafPath(path, InstanceModel.META));
		return this;
	}

	/**
	 * Set a leaf under {@code /latest/dynamic/}.
	 * @param path the path, relative to {@code /latest/dynamic/} or absolute
	 * @param value the body
	 * @return this view
	 */
	public SimulatorInstance dynamic(String path, String value) {
		this.model.set(leafPath(path, InstanceModel.DYNAMIC), value.getBytes(StandardCharsets.UTF_8));
		return this;
	}

	/**
	 * Set the instance id (meta-data and identity document).
	 * @param instanceId the instance id
	 * @return this view
	 */
	public SimulatorInstance instanceId(String instanceId) {
		this.model.instanceId(instanceId);
		return this;
	}

	/**
	 * Set the account id (identity document, interface owners, profile ARN, extended and
	 * identity credentials).
	 * @param accountId the account id
	 * @return this view
	 */
	public SimulatorInstance accountId(String accountId) {
		this.model.accountId(accountId);
		return this;
	}

	/**
	 * Move the instance to a region: placement, zone (the region's {@code a} zone), zone
	 * id, host names, services and the identity document follow.
	 * @param region the region, such as {@code eu-west-1}
	 * @return this view
	 */
	public SimulatorInstance region(String region) {
		this.model.region(region);
		return this;
	}

	/**
	 * Set the availability zone and a matching zone id.
	 * @param zone the zone, such as {@code us-east-1b}
	 * @return this view
	 */
	public SimulatorInstance availabilityZone(String zone) {
		this.model.availabilityZone(zone);
		return this;
	}

	/**
	 * Set {@code instance-life-cycle} ({@code on-demand}, {@code spot}, {@code scheduled}).
	 * @param lifeCycle the life cycle
	 * @return this view
	 */
	public SimulatorInstance lifeCycle(String lifeCycle) {
		return metadata("instance-life-cycle", lifeCycle);
	}

	/**
	 * Set an instance tag, visible under {@code tags/instance/} when
	 * {@link #tagsInMetadata(boolean) tags are in metadata}.
	 * @param key the key (case-sensitive, may contain {@code + - = . , _ : @}, not {@code /})
	 * @param value the value
	 * @return this view
	 */
	public SimulatorInstance tag(String key, String value) {
		this.model.tag(key, value);
		return this;
	}

	/**
	 * Remove an instance tag.
	 * @param key the key
	 * @return this view
	 */
	public SimulatorInstance removeTag(String key) {
		this.model.removeTag(key);
		return this;
	}

	/**
	 * Whether tags are readable from metadata; when off, {@code tags/} answers 404 and is
	 * not listed. Off by default, as on EC2, where an instance opts in with
	 * {@code InstanceMetadataTags=enabled}
	 * (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/work-with-tags-in-IMDS.html).
	 * @param enabled whether tags are in metadata
	 * @return this view
	 */
	public SimulatorInstance tagsInMetadata(boolean enabled) {
		this.model.tagsInMetadata(enabled);
		return this;
	}

	/**
	 * Set the user data, served as {@code application/octet-stream}.
	 * @param userData the user data, or {@code null} to remove it (404)
	 * @return this view
	 */
	public SimulatorInstance userData(@Nullable String userData) {
		return userData((userData != null) ? userData.getBytes(StandardCharsets.UTF_8) : null);
	}

	/**
	 * Set the user data as raw bytes.
	 * @param userData the user data, or {@code null} to remove it (404)
	 * @return this view
	 */
	public SimulatorInstance userData(byte @Nullable [] userData) {
		if (userData == null) {
			this.model.remove(InstanceModel.USER_DATA);
		}
		else {
			this.model.set(InstanceModel.USER_DATA, userData);
		}
		return this;
	}

	private static String leafPath(String path, String base) {
		String absolute = InstanceModel.absolute(path, base);
		if (absolute.endsWith("/")) {
			throw new IllegalArgumentException("Path '%s' must name a leaf, not a directory".formatted(path));
		}
		return absolute;
	}

}
