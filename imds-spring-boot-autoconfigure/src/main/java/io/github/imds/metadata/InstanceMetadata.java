package io.github.imds.metadata;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

/**
 * An immutable snapshot of the instance's metadata as {@code ec2.*} properties, with typed getters for the
 * values asked for most. Made by the starter at startup; {@link #of(Map, Instant)} makes one for tests and
 * local development.
 * <p>
 * Besides the properties, a snapshot records what could not be loaded ({@link #failures()}: IMDS errors and
 * keys not loaded within the startup budget) and what was deliberately left out ({@link #warnings()}: refused
 * extra paths, unusable user data). Neither ever contains a value, so both are safe to log. Its
 * {@link #toString()} shows the instance id, region and key count, never a value that could be user data.
 *
 * @since 0.1.0
 */
public final class InstanceMetadata {

	private static final String PREFIX = "ec2.";

	private static final InstanceMetadata EMPTY = new InstanceMetadata(Map.of(), Instant.EPOCH, List.of(), List.of());

	private final Map<String, String> properties;

	private final Instant loadedAt;

	private final List<String> failures;

	private final List<String> warnings;

	private final List<NetworkInterface> networkInterfaces;

	private InstanceMetadata(Map<String, String> properties, Instant loadedAt, List<String> failures,
			List<String> warnings) {
		// Sorted so that the property source, the actuator and logs show keys in a stable order.
		this.properties = Collections.unmodifiableMap(new TreeMap<>(properties));
		this.loadedAt = loadedAt;
		this.failures = List.copyOf(failures);
		this.warnings = List.copyOf(warnings);
		this.networkInterfaces = NetworkInterface.of(this.properties);
	}

	/**
	 * A snapshot without properties, failures or warnings, loaded at {@link Instant#EPOCH}: what an
	 * application off EC2 has.
	 * @return the empty snapshot
	 */
	public static InstanceMetadata empty() {
		return EMPTY;
	}

	/**
	 * A snapshot of the given properties, without failures or warnings.
	 * @param properties {@code ec2.*} keys and their values
	 * @param loadedAt when they were loaded
	 * @return the snapshot
	 */
	public static InstanceMetadata of(Map<String, String> properties, Instant loadedAt) {
		return of(properties, loadedAt, List.of(), List.of());
	}

	/**
	 * A snapshot of the given properties, with what could not be loaded and what was left out.
	 * @param properties {@code ec2.*} keys and their values
	 * @param loadedAt when they were loaded
	 * @param failures what could not be loaded, one line per path, never a value
	 * @param warnings what was left out on purpose, never a value
	 * @return the snapshot
	 */
	public static InstanceMetadata of(Map<String, String> properties, Instant loadedAt, List<String> failures,
			List<String> warnings) {
		Objects.requireNonNull(properties, "'properties' must not be null");
		Objects.requireNonNull(loadedAt, "'loadedAt' must not be null");
		Objects.requireNonNull(failures, "'failures' must not be null");
		Objects.requireNonNull(warnings, "'warnings' must not be null");
		return new InstanceMetadata(properties, loadedAt, failures, warnings);
	}

	/**
	 * All properties, sorted by key.
	 * @return an unmodifiable map of {@code ec2.*} keys to values
	 */
	public Map<String, String> properties() {
		return this.properties;
	}

	/**
	 * When the snapshot was loaded.
	 * @return the load time
	 */
	public Instant loadedAt() {
		return this.loadedAt;
	}

	/**
	 * What could not be loaded and why: one line per path, naming the path and the cause, never a value.
	 * @return the failures, empty when everything asked for was loaded
	 */
	public List<String> failures() {
		return this.failures;
	}

	/**
	 * What was deliberately left out and why (an extra path that is never loaded, user data that is binary,
	 * too large or not in properties format), never a value.
	 * @return the warnings
	 */
	public List<String> warnings() {
		return this.warnings;
	}

	/**
	 * Whether everything asked for was loaded; a key absent on this instance (404) is not a failure.
	 * @return {@code true} when {@link #failures()} is empty
	 */
	public boolean complete() {
		return this.failures.isEmpty();
	}

	/**
	 * The number of properties.
	 * @return the size
	 */
	public int size() {
		return this.properties.size();
	}

	/**
	 * Whether there are no properties.
	 * @return {@code true} when {@link #size()} is 0
	 */
	public boolean isEmpty() {
		return this.properties.isEmpty();
	}

	/**
	 * One property.
	 * @param key the key with or without the {@code ec2.} prefix ({@code ec2.instance-id} or
	 * {@code instance-id})
	 * @return the value, or empty when the key is absent
	 */
	public Optional<String> get(String key) {
		Objects.requireNonNull(key, "'key' must not be null");
		String value = this.properties.get(key.startsWith(PREFIX) ? key : PREFIX + key);
		return Optional.ofNullable(value);
	}

	/**
	 * The instance id, from {@code instance-id} or the identity document.
	 * @return the instance id
	 */
	public Optional<String> instanceId() {
		return first("ec2.instance-id", "ec2.identity.instance-id");
	}

	/**
	 * The region ({@code ec2.region}).
	 * @return the region
	 */
	public Optional<String> region() {
		return first("ec2.region", "ec2.identity.region", "ec2.placement.region");
	}

	/**
	 * The AWS account id ({@code ec2.account-id}).
	 * @return the account id
	 */
	public Optional<String> accountId() {
		return first("ec2.account-id", "ec2.identity.account-id");
	}

	/**
	 * The availability zone ({@code ec2.availability-zone}).
	 * @return the availability zone
	 */
	public Optional<String> availabilityZone() {
		return first("ec2.availability-zone", "ec2.placement.availability-zone", "ec2.identity.availability-zone");
	}

	/**
	 * The instance type, from {@code instance-type} or the identity document.
	 * @return the instance type
	 */
	public Optional<String> instanceType() {
		return first("ec2.instance-type", "ec2.identity.instance-type");
	}

	/**
	 * The AMI id, from {@code ami-id} or the identity document's {@code imageId}.
	 * @return the AMI id
	 */
	public Optional<String> amiId() {
		return first("ec2.ami-id", "ec2.identity.image-id");
	}

	/**
	 * The primary private IPv4 address, from {@code local-ipv4} or the identity document's {@code privateIp}.
	 * @return the address
	 */
	public Optional<String> localIpv4() {
		return first("ec2.local-ipv4", "ec2.identity.private-ip");
	}

	/**
	 * The private IP address, from the identity document's {@code privateIp} or {@code local-ipv4}.
	 * @return the address
	 */
	public Optional<String> privateIp() {
		return first("ec2.identity.private-ip", "ec2.local-ipv4");
	}

	/**
	 * The public IPv4 address ({@code public-ipv4}; absent in a private subnet).
	 * @return the address
	 */
	public Optional<String> publicIpv4() {
		return first("ec2.public-ipv4");
	}

	/**
	 * The VPC id of the primary network interface ({@code ec2.vpc-id}).
	 * @return the VPC id
	 */
	public Optional<String> vpcId() {
		return first("ec2.vpc-id");
	}

	/**
	 * The subnet id of the primary network interface ({@code ec2.subnet-id}).
	 * @return the subnet id
	 */
	public Optional<String> subnetId() {
		return first("ec2.subnet-id");
	}

	/**
	 * The security group ids of the primary network interface ({@code ec2.security-group-ids}).
	 * @return the ids, empty when unknown
	 */
	public List<String> securityGroupIds() {
		return first("ec2.security-group-ids").map(NetworkInterface::split).orElse(List.of());
	}

	/**
	 * The attached network interfaces ({@code ec2.network.interfaces.macs.<mac>.*}), the primary one
	 * ({@code device-number} 0) first.
	 * @return the interfaces ordered by device number, empty when none were loaded
	 */
	public List<NetworkInterface> networkInterfaces() {
		return this.networkInterfaces;
	}

	/**
	 * The purchase option: {@code on-demand}, {@code spot} or {@code scheduled}.
	 * @return the instance life cycle
	 */
	public Optional<String> instanceLifeCycle() {
		return first("ec2.instance-life-cycle");
	}

	/**
	 * Whether this is a Spot Instance.
	 * @return {@code true} when {@link #instanceLifeCycle()} is {@code spot}
	 */
	public boolean isSpot() {
		return instanceLifeCycle().filter("spot"::equals).isPresent();
	}

	private Optional<String> first(String... keys) {
		for (String key : keys) {
			String value = this.properties.get(key);
			if (value != null && !value.isEmpty()) {
				return Optional.of(value);
			}
		}
		return Optional.empty();
	}

	@Override
	public boolean equals(@Nullable Object obj) {
		if (this == obj) {
			return true;
		}
		return (obj instanceof InstanceMetadata other) && this.properties.equals(other.properties)
				&& this.loadedAt.equals(other.loadedAt) && this.failures.equals(other.failures)
				&& this.warnings.equals(other.warnings);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.properties, this.loadedAt, this.failures, this.warnings);
	}

	@Override
	public String toString() {
		// Never the values: user data and tags may hold secrets.
		return "InstanceMetadata[instanceId=%s, region=%s, keys=%d, failures=%d, warnings=%d, loadedAt=%s]".formatted(
				instanceId().orElse("none"), region().orElse("none"), size(), this.failures.size(),
				this.warnings.size(), this.loadedAt);
	}

}
