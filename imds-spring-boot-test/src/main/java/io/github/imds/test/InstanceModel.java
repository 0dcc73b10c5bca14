package io.github.imds.test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * The simulated instance: its identity (account, region, tags) and the leaves of its
 * {@link LeafTree}, where documents such as the identity document are computed on every
 * read so that they stay consistent with the plain leaves. The instance profile
 * ({@link InstanceProfile}) and the lifecycle notices ({@link InstanceNotices}) keep
 * their leaves in the same tree; {@link DefaultInstance} fills it on reset and
 * {@link ImdsPathResolver} maps request paths onto it.
 */
final class InstanceModel {

	static final String LATEST = "/latest/";

	static final String META = "/latest/meta-data/";

	static final String DYNAMIC = "/latest/dynamic/";

	static final String USER_DATA = "/latest/user-data";

	private static final DateTimeFormatter ISO_SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
		.withZone(ZoneOffset.UTC);

	private final SimulatorClock clock;

	private final LeafTree tree = new LeafTree();

	private final Object lock = new Object();

	private final CredentialsIssuer instanceCredentials;

	private final InstanceProfile profile;

	private final InstanceNotices notices;

	private volatile String accountId = DefaultInstance.ACCOUNT_ID;

	private volatile boolean tagsInMetadata;

	private volatile Instant launchTime = Instant.EPOCH;

	InstanceModel(SimulatorClock clock) {
		this.clock = clock;
		this.instanceCredentials = new CredentialsIssuer(clock, "FKID");
		this.profile = new InstanceProfile(this, clock, this.lock);
		this.notices = new InstanceNotices(this, this.lock);
		reset();
	}

	static String format(Instant instant) {
		return ISO_SECONDS.format(instant);
	}

	static String absolute(String path, String base) {
		return path.startsWith("/") ? path : base + path;
	}

	static byte[] utf8(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

	void reset() {
		synchronized (this.lock) {
			this.tree.clear();
			this.instanceCredentials.reset();
			this.accountId = DefaultInstance.ACCOUNT_ID;
			this.tagsInMetadata = false;
			this.launchTime = this.clock.instant().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(1));
			DefaultInstance.populate(this);
			this.notices.reset();
			InstanceDocuments documents = new InstanceDocuments(this, this.clock);
			put(DYNAMIC + "instance-identity/document", documents::identityDocument);
			put("identity-credentials/ec2/info", documents::identityCredentialsInfo);
			put("identity-credentials/ec2/security-credentials/ec2-instance",
					() -> documents.credentials(this.instanceCredentials.current(), null));
			region(DefaultInstance.REGION);
			this.profile.reset();
		}
	}

	InstanceProfile profile() {
		return this.profile;
	}

	InstanceNotices notices() {
		return this.notices;
	}

	// The tree

	void put(String path, String value) {
		this.tree.put(absolute(path, META), utf8(value));
	}

	void put(String path, Supplier<byte @Nullable []> body) {
		this.tree.put(absolute(path, META), body);
	}

	void set(String absolutePath, byte[] body) {
		this.tree.put(absolutePath, body);
	}

	void remove(String absolutePath) {
		this.tree.remove(absolutePath);
	}

	@Nullable String value(String path) {
		byte[] body = this.tree.leaf(absolute(path, META));
		return (body != null) ? new String(body, StandardCharsets.UTF_8) : null;
	}

	/**
	 * The body of a leaf under {@code /latest/}, honouring the switches (tags in
	 * metadata).
	 */
	byte @Nullable [] leaf(String absolutePath) {
		return isHidden(absolutePath) ? null : this.tree.leaf(absolutePath);
	}

	boolean isLeaf(String absolutePath) {
		return !isHidden(absolutePath) && this.tree.isLeaf(absolutePath);
	}

	/**
	 * The names under a directory of {@code /latest/}, without hidden categories.
	 */
	Set<String> children(String directory) {
		Set<String> children = this.tree.children(directory);
		children.removeIf((child) -> isHidden(directory + child));
		return children;
	}

	private boolean isHidden(String absolutePath) {
		return !this.tagsInMetadata && absolutePath.startsWith(META + "tags/");
	}

	// Instance

	void instanceId(String instanceId) {
		put("instance-id", instanceId);
	}

	void accountId(String accountId) {
		this.accountId = accountId;
	}

	String accountId() {
		return this.accountId;
	}

	Instant launchTime() {
		return this.launchTime;
	}

	void region(String region) {
		synchronized (this.lock) {
			availabilityZone(region + "a");
			put("placement/region", region);
			String ip = value("local-ipv4");
			String hostname = RegionNaming.privateHostname((ip != null) ? ip : "10.0.1.10", region);
			put("hostname", hostname);
			put("local-hostname", hostname);
			String publicIp = value("public-ipv4");
			if (publicIp != null) {
				put("public-hostname", RegionNaming.publicHostname(publicIp, region));
			}
			put("services/domain", RegionNaming.servicesDomain(region));
			put("services/partition", RegionNaming.partition(region));
		}
	}

	void availabilityZone(String zone) {
		synchronized (this.lock) {
			put("placement/availability-zone", zone);
			put("placement/availability-zone-id", RegionNaming.zoneId(zone));
		}
	}

	void tag(String key, String value) {
		if (key.isEmpty() || key.contains("/")) {
			throw new IllegalArgumentException("Tag key '%s' must be non-empty and must not contain '/'".formatted(key));
		}
		put("tags/instance/" + key, value);
	}

	void removeTag(String key) {
		this.tree.remove(META + "tags/instance/" + key);
	}

	void tagsInMetadata(boolean enabled) {
		this.tagsInMetadata = enabled;
	}

	boolean tagsInMetadata() {
		return this.tagsInMetadata;
	}

}
