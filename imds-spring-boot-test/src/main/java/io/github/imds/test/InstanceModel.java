package io.github.imds.test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * The simulated instance: its state (account, role, switches, notices) and the leaves of
 * its {@link LeafTree}, where documents such as the identity document and role
 * credentials are computed on every read so that they stay consistent with the plain
 * leaves. {@link ImdsPathResolver} maps request paths onto it.
 */
final class InstanceModel {

	static final String LATEST = "/latest/";

	static final String META = "/latest/meta-data/";

	static final String DYNAMIC = "/latest/dynamic/";

	static final String USER_DATA = "/latest/user-data";

	private static final DateTimeFormatter ISO_SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
		.withZone(ZoneOffset.UTC);

	private static final DateTimeFormatter MAINTENANCE_TIME = DateTimeFormatter
		.ofPattern("d MMM yyyy HH:mm:ss 'GMT'", Locale.ENGLISH)
		.withZone(ZoneOffset.UTC);

	private final SimulatorClock clock;

	private final LeafTree tree = new LeafTree();

	private final CredentialsIssuer roleCredentials;

	private final CredentialsIssuer instanceCredentials;

	private final Object lock = new Object();

	private final List<Map<String, Object>> maintenance = new CopyOnWriteArrayList<>();

	private final AtomicInteger maintenanceEvents = new AtomicInteger();

	private volatile String accountId = DefaultInstance.ACCOUNT_ID;

	private volatile @Nullable String role;

	private volatile boolean tagsInMetadata;

	private volatile boolean extendedCredentials;

	private volatile @Nullable String credentialsCode;

	private volatile @Nullable String credentialsMessage;

	private volatile Instant launchTime = Instant.EPOCH;

	private volatile Instant profileUpdated = Instant.EPOCH;

	InstanceModel(SimulatorClock clock) {
		this.clock = clock;
		this.roleCredentials = new CredentialsIssuer(clock, "FAKE");
		this.instanceCredentials = new CredentialsIssuer(clock, "FKID");
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
			this.maintenance.clear();
			this.roleCredentials.reset();
			this.instanceCredentials.reset();
			this.accountId = DefaultInstance.ACCOUNT_ID;
			this.tagsInMetadata = false;
			this.extendedCredentials = true;
			this.credentialsCode = null;
			this.credentialsMessage = null;
			Instant now = this.clock.instant().truncatedTo(ChronoUnit.SECONDS);
			this.launchTime = now.minus(Duration.ofHours(1));
			this.profileUpdated = now;
			DefaultInstance.populate(this);
			put("events/maintenance/scheduled", () -> Ec2Json.prettyArray(new ArrayList<>(this.maintenance)));
			put(DYNAMIC + "instance-identity/document", this::identityDocument);
			put("identity-credentials/ec2/info", this::identityCredentialsInfo);
			put("identity-credentials/ec2/security-credentials/ec2-instance",
					() -> credentialsJson(this.instanceCredentials, null));
			region(DefaultInstance.REGION);
			role(DefaultInstance.ROLE);
		}
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

	// Credentials

	void noInstanceProfile() {
		synchronized (this.lock) {
			this.role = null;
			remove(META + "iam");
		}
	}

	void role(String name) {
		if (name.isEmpty() || name.contains("/")) {
			throw new IllegalArgumentException("Role name '%s' must be non-empty and must not contain '/'".formatted(name));
		}
		synchronized (this.lock) {
			remove(META + "iam");
			this.role = name;
			this.profileUpdated = this.clock.instant();
			put("iam/info", this::iamInfo);
			put("iam/security-credentials/" + name, () -> credentialsJson(this.roleCredentials, null));
			if (this.extendedCredentials) {
				put("iam/security-credentials-extended/" + name,
						() -> credentialsJson(this.roleCredentials, this.accountId));
			}
			this.roleCredentials.issueNow();
		}
	}

	@Nullable String role() {
		return this.role;
	}

	void extendedCredentialsPath(boolean enabled) {
		synchronized (this.lock) {
			this.extendedCredentials = enabled;
			String name = this.role;
			if (!enabled) {
				remove(META + "iam/security-credentials-extended");
			}
			else if (name != null) {
				put("iam/security-credentials-extended/" + name,
						() -> credentialsJson(this.roleCredentials, this.accountId));
			}
		}
	}

	void credentialsCode(@Nullable String code, @Nullable String message) {
		this.credentialsCode = code;
		this.credentialsMessage = message;
	}

	void credentialsLifetime(Duration lifetime) {
		this.roleCredentials.lifetime(lifetime);
	}

	void credentialsRotation(Duration rotation) {
		this.roleCredentials.rotation(rotation);
	}

	int credentialsIssued() {
		return this.roleCredentials.issued();
	}

	// Notices

	void spotInterruption(String action, Instant time) {
		Map<String, String> notice = new LinkedHashMap<>();
		notice.put("action", action);
		notice.put("time", format(time));
		synchronized (this.lock) {
			put("spot/instance-action", Ec2Json.line(notice));
			put("spot/termination-time", format(time));
		}
	}

	void clearSpotInterruption() {
		remove(META + "spot");
	}

	void rebalanceRecommendation(@Nullable Instant noticeTime) {
		if (noticeTime == null) {
			remove(META + "events/recommendations");
			return;
		}
		put("events/recommendations/rebalance", Ec2Json.line(Map.of("noticeTime", format(noticeTime))));
	}

	void targetLifecycleState(@Nullable String state) {
		if (state == null) {
			remove(META + "autoscaling");
			return;
		}
		put("autoscaling/target-lifecycle-state", state);
	}

	void scheduledMaintenance(String code, String description, Instant notBefore, Instant notAfter) {
		Map<String, Object> event = new LinkedHashMap<>();
		event.put("NotBefore", MAINTENANCE_TIME.format(notBefore));
		event.put("Code", code);
		event.put("Description", description);
		event.put("EventId",
				"instance-event-%017x".formatted(0x0d59937288b749b0L + this.maintenanceEvents.incrementAndGet()));
		event.put("NotAfter", MAINTENANCE_TIME.format(notAfter));
		event.put("NotBeforeDeadline", MAINTENANCE_TIME.format(notBefore.plus(Duration.ofDays(10))));
		event.put("State", "active");
		this.maintenance.add(event);
	}

	void clearScheduledMaintenance() {
		this.maintenance.clear();
	}

	// Documents

	private byte @Nullable [] iamInfo() {
		String name = this.role;
		if (name == null) {
			return null;
		}
		Map<String, Object> info = new LinkedHashMap<>();
		info.put("Code", "Success");
		info.put("LastUpdated", format(this.profileUpdated));
		info.put("InstanceProfileArn", "arn:aws:iam::" + this.accountId + ":instance-profile/" + name);
		info.put("InstanceProfileId", "AIPAEXAMPLEFAKEID");
		return Ec2Json.pretty(info);
	}

	private byte[] identityCredentialsInfo() {
		Map<String, Object> info = new LinkedHashMap<>();
		info.put("Code", "Success");
		info.put("LastUpdated", format(this.launchTime));
		info.put("AccountId", this.accountId);
		return Ec2Json.pretty(info);
	}

	private byte[] identityDocument() {
		Map<String, Object> document = new LinkedHashMap<>();
		document.put("accountId", this.accountId);
		document.put("architecture", "x86_64");
		document.put("availabilityZone", value("placement/availability-zone"));
		document.put("billingProducts", null);
		document.put("devpayProductCodes", null);
		document.put("marketplaceProductCodes", null);
		document.put("imageId", value("ami-id"));
		document.put("instanceId", value("instance-id"));
		document.put("instanceType", value("instance-type"));
		document.put("kernelId", null);
		document.put("pendingTime", format(this.launchTime));
		document.put("privateIp", value("local-ipv4"));
		document.put("ramdiskId", null);
		document.put("region", value("placement/region"));
		document.put("version", "2017-09-30");
		return Ec2Json.pretty(document);
	}

	private byte[] credentialsJson(CredentialsIssuer issuer, @Nullable String extendedAccountId) {
		Map<String, Object> body = new LinkedHashMap<>();
		String code = this.credentialsCode;
		if (issuer == this.roleCredentials && code != null && !"Success".equals(code)) {
			body.put("Code", code);
			body.put("Message", (this.credentialsMessage != null) ? this.credentialsMessage : "");
			body.put("LastUpdated", format(this.clock.instant()));
			return Ec2Json.pretty(body);
		}
		CredentialsIssuer.Issued current = issuer.current();
		body.put("Code", "Success");
		body.put("LastUpdated", format(current.issued()));
		body.put("Type", "AWS-HMAC");
		body.put("AccessKeyId", current.accessKeyId());
		body.put("SecretAccessKey", current.secretAccessKey());
		body.put("Token", current.token());
		body.put("Expiration", format(current.expiration()));
		if (extendedAccountId != null) {
			body.put("AccountId", extendedAccountId);
		}
		return Ec2Json.pretty(body);
	}

}
