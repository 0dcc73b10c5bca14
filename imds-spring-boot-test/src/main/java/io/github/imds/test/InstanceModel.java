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
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * The simulated instance: a tree of leaves (absolute path to body) where some leaves are
 * computed from state on every read, so that documents such as the identity document and
 * role credentials stay consistent with the plain leaves.
 */
final class InstanceModel {

	static final String META = "/latest/meta-data/";

	static final String DYNAMIC = "/latest/dynamic/";

	static final String USER_DATA = "/latest/user-data";

	static final String DEFAULT_INSTANCE_ID = "i-0123456789abcdef0";

	static final String DEFAULT_ACCOUNT_ID = "123456789012";

	static final String DEFAULT_REGION = "us-east-1";

	static final String DEFAULT_ROLE = "sample-role";

	static final String PRIMARY_MAC = "0e:1a:2b:3c:4d:5e";

	static final String SECONDARY_MAC = "0e:1a:2b:3c:4d:5f";

	static final Duration DEFAULT_CREDENTIALS_LIFETIME = Duration.ofHours(6);

	static final Duration DEFAULT_CREDENTIALS_ROTATION = Duration.ofHours(1);

	private static final DateTimeFormatter ISO_SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
		.withZone(ZoneOffset.UTC);

	private static final DateTimeFormatter MAINTENANCE_TIME = DateTimeFormatter
		.ofPattern("d MMM yyyy HH:mm:ss 'GMT'", Locale.ENGLISH)
		.withZone(ZoneOffset.UTC);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final SimulatorClock clock;

	private final Map<String, Supplier<byte @Nullable []>> leaves = new ConcurrentHashMap<>();

	private final Object lock = new Object();

	private final List<Map<String, Object>> maintenance = new CopyOnWriteArrayList<>();

	private final AtomicInteger credentialsIssued = new AtomicInteger();

	private final AtomicInteger maintenanceEvents = new AtomicInteger();

	private volatile String accountId = DEFAULT_ACCOUNT_ID;

	private volatile @Nullable String role;

	private volatile boolean tagsInMetadata;

	private volatile boolean extendedCredentials;

	private volatile Duration credentialsLifetime = DEFAULT_CREDENTIALS_LIFETIME;

	private volatile Duration credentialsRotation = DEFAULT_CREDENTIALS_ROTATION;

	private volatile @Nullable String credentialsCode;

	private volatile @Nullable String credentialsMessage;

	private volatile Instant pendingTime = Instant.EPOCH;

	private volatile Instant profileUpdated = Instant.EPOCH;

	// guarded by lock
	private @Nullable IssuedCredentials credentials;

	InstanceModel(SimulatorClock clock) {
		this.clock = clock;
		reset();
	}

	static String format(Instant instant) {
		return ISO_SECONDS.format(instant);
	}

	static String absolute(String path, String base) {
		return path.startsWith("/") ? path : base + path;
	}

	void reset() {
		synchronized (this.lock) {
			this.leaves.clear();
			this.maintenance.clear();
			this.credentialsIssued.set(0);
			this.credentials = null;
			this.accountId = DEFAULT_ACCOUNT_ID;
			this.tagsInMetadata = true;
			this.extendedCredentials = true;
			this.credentialsLifetime = DEFAULT_CREDENTIALS_LIFETIME;
			this.credentialsRotation = DEFAULT_CREDENTIALS_ROTATION;
			this.credentialsCode = null;
			this.credentialsMessage = null;
			Instant now = this.clock.instant().truncatedTo(ChronoUnit.SECONDS);
			this.pendingTime = now.minus(Duration.ofHours(1));
			this.profileUpdated = now;
			populateDefaults();
			role(DEFAULT_ROLE);
		}
	}

	private void populateDefaults() {
		put("ami-id", "ami-0abcdef1234567890");
		put("ami-launch-index", "0");
		put("ami-manifest-path", "(unknown)");
		put("instance-id", DEFAULT_INSTANCE_ID);
		put("instance-type", "m5.large");
		put("instance-life-cycle", "on-demand");
		put("local-ipv4", "10.0.1.10");
		put("public-ipv4", "203.0.113.10");
		put("mac", PRIMARY_MAC);
		put("security-groups", "web\ndefault");
		put("reservation-id", "r-0123456789abcdef0");
		put("block-device-mapping/ami", "/dev/xvda");
		put("block-device-mapping/root", "/dev/xvda");
		put("public-keys/0/openssh-key", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKE my-key");
		put("events/maintenance/scheduled", () -> maintenanceJson());
		put("events/maintenance/history", "[]");
		put("tags/instance/Name", "sample-instance");
		put("tags/instance/Environment", "test");
		putInterface(PRIMARY_MAC, 0, "eni-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60001", "10.0.1.0/24", "10.0.1.10",
				"sg-0a1b2c3d4e5f60001\nsg-0a1b2c3d4e5f60002");
		putInterface(SECONDARY_MAC, 1, "eni-0a1b2c3d4e5f60002", "subnet-0a1b2c3d4e5f60002", "10.0.2.0/24", "10.0.2.20",
				"sg-0a1b2c3d4e5f60002");
		put("network/interfaces/macs/" + PRIMARY_MAC + "/public-ipv4s", "203.0.113.10");
		put(DYNAMIC + "instance-identity/document", () -> identityDocument());
		put(DYNAMIC + "instance-identity/signature", "RkFLRS1TSUdOQVRVUkUtTk9ULVZBTElE");
		put(DYNAMIC + "instance-identity/pkcs7", "RkFLRS1QS0NTNy1OT1QtVkFMSUQ=");
		region(DEFAULT_REGION);
	}

	private void putInterface(String mac, int device, String interfaceId, String subnetId, String subnetCidr,
			String localIpv4s, String securityGroupIds) {
		String prefix = "network/interfaces/macs/" + mac + "/";
		put(prefix + "device-number", Integer.toString(device));
		put(prefix + "interface-id", interfaceId);
		put(prefix + "mac", mac);
		put(prefix + "local-ipv4s", localIpv4s);
		put(prefix + "local-hostname", "ip-" + localIpv4s.replace('.', '-') + ".ec2.internal");
		put(prefix + "owner-id", () -> utf8(this.accountId));
		put(prefix + "security-group-ids", securityGroupIds);
		put(prefix + "subnet-id", subnetId);
		put(prefix + "subnet-ipv4-cidr-block", subnetCidr);
		put(prefix + "vpc-id", "vpc-0a1b2c3d4e5f60001");
		put(prefix + "vpc-ipv4-cidr-block", "10.0.0.0/16");
		put(prefix + "vpc-ipv4-cidr-blocks", "10.0.0.0/16");
	}

	private void put(String path, String value) {
		byte[] body = utf8(value);
		this.leaves.put(absolute(path, META), () -> body);
	}

	private void put(String path, Supplier<byte @Nullable []> body) {
		this.leaves.put(absolute(path, META), body);
	}

	void set(String absolutePath, byte[] body) {
		byte[] copy = body.clone();
		this.leaves.put(absolutePath, () -> copy);
	}

	void remove(String absolutePath) {
		String directory = absolutePath.endsWith("/") ? absolutePath : absolutePath + "/";
		this.leaves.keySet().removeIf((key) -> key.equals(absolutePath) || key.startsWith(directory));
	}

	@Nullable String value(String path) {
		Supplier<byte @Nullable []> leaf = this.leaves.get(absolute(path, META));
		byte[] body = (leaf != null) ? leaf.get() : null;
		return (body != null) ? new String(body, StandardCharsets.UTF_8) : null;
	}

	/**
	 * Read a path: a leaf's body, or the listing of a directory (with or without the
	 * trailing slash), or {@code null} when absent.
	 */
	byte @Nullable [] read(String path) {
		if (!this.tagsInMetadata && path.startsWith(META + "tags/")) {
			return null;
		}
		if (!path.endsWith("/")) {
			Supplier<byte @Nullable []> leaf = this.leaves.get(path);
			if (leaf != null) {
				return leaf.get();
			}
		}
		String directory = path.endsWith("/") ? path : path + "/";
		Set<String> children = new TreeSet<>();
		for (String key : this.leaves.keySet()) {
			if (key.startsWith(directory) && key.length() > directory.length()) {
				String rest = key.substring(directory.length());
				int slash = rest.indexOf('/');
				children.add((slash < 0) ? rest : rest.substring(0, slash + 1));
			}
		}
		return children.isEmpty() ? null : utf8(String.join("\n", children));
	}

	void instanceId(String instanceId) {
		put("instance-id", instanceId);
	}

	void accountId(String accountId) {
		this.accountId = accountId;
	}

	String accountId() {
		return this.accountId;
	}

	void region(String region) {
		synchronized (this.lock) {
			availabilityZone(region + "a");
			put("placement/region", region);
			String ip = value("local-ipv4");
			String dashed = (ip != null) ? ip.replace('.', '-') : "10-0-1-10";
			String internal = DEFAULT_REGION.equals(region) ? "ec2.internal" : region + ".compute.internal";
			put("hostname", "ip-" + dashed + "." + internal);
			put("local-hostname", "ip-" + dashed + "." + internal);
			String publicIp = value("public-ipv4");
			if (publicIp != null) {
				String external = DEFAULT_REGION.equals(region) ? "compute-1.amazonaws.com"
						: region + ".compute.amazonaws.com";
				put("public-hostname", "ec2-" + publicIp.replace('.', '-') + "." + external);
			}
			boolean china = region.startsWith("cn-");
			put("services/domain", china ? "amazonaws.com.cn" : "amazonaws.com");
			put("services/partition", china ? "aws-cn" : region.startsWith("us-gov-") ? "aws-us-gov" : "aws");
		}
	}

	void availabilityZone(String zone) {
		synchronized (this.lock) {
			put("placement/availability-zone", zone);
			put("placement/availability-zone-id", zoneId(zone));
		}
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

	void tag(String key, String value) {
		if (key.isEmpty() || key.contains("/")) {
			throw new IllegalArgumentException("Tag key '%s' must be non-empty and must not contain '/'".formatted(key));
		}
		put("tags/instance/" + key, value);
	}

	void removeTag(String key) {
		this.leaves.remove(META + "tags/instance/" + key);
	}

	void tagsInMetadata(boolean enabled) {
		this.tagsInMetadata = enabled;
	}

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
			put("iam/info", () -> iamInfo());
			put("iam/security-credentials/" + name, () -> credentialsJson(false));
			if (this.extendedCredentials) {
				put("iam/security-credentials-extended/" + name, () -> credentialsJson(true));
			}
			issue(this.clock.instant());
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
				put("iam/security-credentials-extended/" + name, () -> credentialsJson(true));
			}
		}
	}

	void credentialsCode(@Nullable String code, @Nullable String message) {
		this.credentialsCode = code;
		this.credentialsMessage = message;
	}

	void credentialsLifetime(Duration lifetime) {
		this.credentialsLifetime = lifetime;
	}

	void credentialsRotation(Duration rotation) {
		this.credentialsRotation = rotation;
	}

	int credentialsIssued() {
		synchronized (this.lock) {
			rotateIfDue();
			return this.credentialsIssued.get();
		}
	}

	void spotInterruption(String action, Instant time) {
		Map<String, Object> notice = new LinkedHashMap<>();
		notice.put("action", action);
		notice.put("time", format(time));
		synchronized (this.lock) {
			put("spot/instance-action", JSON.writeValueAsString(notice));
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
		put("events/recommendations/rebalance", JSON.writeValueAsString(Map.of("noticeTime", format(noticeTime))));
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
		event.put("EventId", "instance-event-%017x".formatted(0x0d59937288b749b0L + this.maintenanceEvents.incrementAndGet()));
		event.put("NotAfter", MAINTENANCE_TIME.format(notAfter));
		event.put("NotBeforeDeadline", MAINTENANCE_TIME.format(notBefore.plus(Duration.ofDays(10))));
		event.put("State", "active");
		this.maintenance.add(event);
	}

	void clearScheduledMaintenance() {
		this.maintenance.clear();
	}

	private byte[] maintenanceJson() {
		return utf8(JSON.writeValueAsString(new ArrayList<>(this.maintenance)));
	}

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
		return utf8(JSON.writeValueAsString(info));
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
		document.put("pendingTime", format(this.pendingTime));
		document.put("privateIp", value("local-ipv4"));
		document.put("ramdiskId", null);
		document.put("region", value("placement/region"));
		document.put("version", "2017-09-30");
		return utf8(JSON.writeValueAsString(document));
	}

	private byte[] credentialsJson(boolean extended) {
		Map<String, Object> body = new LinkedHashMap<>();
		String code = this.credentialsCode;
		if (code != null && !"Success".equals(code)) {
			body.put("Code", code);
			body.put("Message", (this.credentialsMessage != null) ? this.credentialsMessage : "");
			body.put("LastUpdated", format(this.clock.instant()));
			return utf8(JSON.writeValueAsString(body));
		}
		IssuedCredentials current;
		synchronized (this.lock) {
			rotateIfDue();
			current = this.credentials;
		}
		if (current == null) {
			return utf8("{}");
		}
		body.put("Code", "Success");
		body.put("LastUpdated", format(current.issued()));
		body.put("Type", "AWS-HMAC");
		body.put("AccessKeyId", "ASIAFAKE%012d".formatted(current.serial()));
		body.put("SecretAccessKey", "fake-secret-" + current.serial());
		body.put("Token", "fake-session-token-" + current.serial());
		body.put("Expiration", format(current.issued().plus(this.credentialsLifetime)));
		if (extended) {
			body.put("AccountId", this.accountId);
		}
		return utf8(JSON.writeValueAsString(body));
	}

	// guarded by lock
	private void rotateIfDue() {
		IssuedCredentials current = this.credentials;
		Instant now = this.clock.instant();
		if (current == null) {
			issue(now);
			return;
		}
		Duration rotation = this.credentialsRotation;
		if (rotation.isZero() || rotation.isNegative() || now.isBefore(current.issued().plus(rotation))) {
			return;
		}
		// New credentials appear on the rotation schedule, not at the moment of the read.
		long periods = Duration.between(current.issued(), now).dividedBy(rotation);
		issue(current.issued().plus(rotation.multipliedBy(periods)));
	}

	// guarded by lock
	private void issue(Instant at) {
		int serial = this.credentialsIssued.incrementAndGet();
		this.credentials = new IssuedCredentials(serial, at.truncatedTo(ChronoUnit.SECONDS));
	}

	private static byte[] utf8(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

	private record IssuedCredentials(int serial, Instant issued) {
	}

}
