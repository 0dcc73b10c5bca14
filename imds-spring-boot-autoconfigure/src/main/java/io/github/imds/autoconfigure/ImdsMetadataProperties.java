package io.github.imds.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.imds.metadata.UserDataMode;
import org.jspecify.annotations.Nullable;

/**
 * Instance metadata loaded at startup as ec2.* properties.
 *
 * @since 0.1.0
 */
public class ImdsMetadataProperties {

	/**
	 * Whether to load instance metadata as ec2.* properties at startup.
	 */
	private boolean enabled = true;

	/**
	 * More meta-data paths to load, relative to /latest/meta-data/; a path ending in '/' loads the
	 * sub-tree. Credentials paths are refused.
	 */
	private List<String> extraPaths = new ArrayList<>();

	/**
	 * Whether to load instance tags (tags/instance) when the instance exposes them in metadata.
	 */
	private boolean tags = true;

	/**
	 * Whether to load user data, which may hold secrets: 'none', 'raw' (ec2.user-data, text of at most
	 * 16 KiB) or 'properties' (parsed as a Java properties file into ec2.user-data.*).
	 */
	private UserDataMode userData = UserDataMode.NONE;

	/**
	 * Time budget of the whole metadata load at startup; what is not loaded by then is logged and left
	 * out.
	 */
	private Duration startupTimeout = Duration.ofSeconds(2);

	/**
	 * Interval at which the metadata is reloaded while the application runs (tags, the public IP and
	 * interfaces can change); off when not set. Changes replace the ec2.* property source and publish an
	 * InstanceMetadataChangedEvent.
	 */
	private @Nullable Duration refreshInterval;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public List<String> getExtraPaths() {
		return this.extraPaths;
	}

	public void setExtraPaths(List<String> extraPaths) {
		this.extraPaths = extraPaths;
	}

	public boolean isTags() {
		return this.tags;
	}

	public void setTags(boolean tags) {
		this.tags = tags;
	}

	public UserDataMode getUserData() {
		return this.userData;
	}

	public void setUserData(UserDataMode userData) {
		this.userData = userData;
	}

	public Duration getStartupTimeout() {
		return this.startupTimeout;
	}

	public void setStartupTimeout(Duration startupTimeout) {
		this.startupTimeout = ImdsPropertyChecks.requireAtLeast("imds.metadata.startup-timeout",
				startupTimeout, Duration.ofNanos(1), "more than 0");
	}

	public @Nullable Duration getRefreshInterval() {
		return this.refreshInterval;
	}

	public void setRefreshInterval(@Nullable Duration refreshInterval) {
		this.refreshInterval = (refreshInterval != null) ? ImdsPropertyChecks.requireAtLeast("imds.metadata.refresh-interval",
				refreshInterval, Duration.ofSeconds(1), "at least 1s") : null;
	}

}
