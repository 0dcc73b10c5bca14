package io.github.imds.metadata;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.imds.client.ImdsClient;
import io.github.imds.client.ImdsException;
import io.github.imds.client.ImdsResponse;
import io.github.imds.client.ImdsResponseException;
import io.github.imds.client.ImdsUnavailableException;
import org.jspecify.annotations.Nullable;

/**
 * Loads the instance's metadata into an {@link InstanceMetadata} snapshot of {@code ec2.*} keys (named by the
 * rules of the {@code ec2.*} property source).
 * <p>
 * What is loaded: the instance identity document, the common meta-data leaves ({@code instance-id},
 * {@code placement/*}, {@code iam/info}, ...), the primary network interface (the one whose MAC is in
 * {@code mac}), the instance tags when {@link MetadataLoadOptions#tags() asked for}, user data only when
 * {@link MetadataLoadOptions#userData() asked for}, and the {@link MetadataLoadOptions#extraPaths() extra
 * paths}. Role credentials ({@code iam/security-credentials*}, {@code identity-credentials/}) are never
 * loaded, and neither are {@code spot/}, {@code events/} and {@code autoscaling/}, which change while the
 * application runs: extra paths naming them are skipped with a {@link InstanceMetadata#warnings() warning},
 * and sub-trees (an extra path ending in {@code /}) skip them silently. Tag values and RAW user data are kept
 * verbatim; every other text leaf is read as a newline list. User data that is
 * not UTF-8 text, holds control characters, is larger than 16 KiB or (PROPERTIES) is not in properties format
 * is skipped with a warning that never quotes it.
 * <p>
 * How: the identity document is requested first, alone, so that the client fetches its one IMDSv2 token;
 * the other requests then run in parallel on daemon threads named {@code imds-metadata-N}, a request that
 * depends on another (the interface's leaves on {@code mac}, a tag's value on the tag listing, a sub-tree's
 * children on its listing) being queued when its parent answers. The threads end with the load.
 * <p>
 * Errors: a key that IMDS does not have (404) is simply absent. When the first request fails (IMDS
 * unreachable, no token, disabled), its {@link ImdsException} is thrown and nothing else is requested, so the
 * caller decides between a warning and a startup failure. Any later failure is recorded in
 * {@link InstanceMetadata#failures()}, the key left out and the rest still loaded. The whole load returns
 * within {@link MetadataLoadOptions#startupTimeout()} (plus a short grace): requests still running then are
 * cancelled and recorded as "not loaded within ...".
 *
 * @since 0.1.0
 */
public final class MetadataLoader {

	static final String IDENTITY_PATH = "/latest/dynamic/instance-identity/document";

	static final String META_DATA = "/latest/meta-data/";

	static final String USER_DATA_PATH = "/latest/user-data";

	/** The meta-data leaves loaded at startup, besides {@code mac}, the interface and the tags. */
	static final List<String> LEAVES = List.of("ami-id", "ami-launch-index", "hostname", "instance-id",
			"instance-type", "instance-life-cycle", "local-hostname", "local-ipv4", "public-hostname", "public-ipv4",
			"security-groups", "placement/availability-zone", "placement/availability-zone-id", "placement/region",
			"placement/group-name", "placement/partition-number", "placement/host-id", "services/domain",
			"services/partition", "iam/info");

	/**
	 * Leaves whose value the identity document already holds (by definition the same value), with its key:
	 * taken from there instead of requested, which saves a sixth of the startup requests.
	 */
	static final Map<String, String> IN_IDENTITY = Map.of("instance-id", "ec2.identity.instance-id",
			"instance-type", "ec2.identity.instance-type", "ami-id", "ec2.identity.image-id", "placement/region",
			"ec2.identity.region", "placement/availability-zone", "ec2.identity.availability-zone", "local-ipv4",
			"ec2.identity.private-ip");

	/** The leaves of {@code network/interfaces/macs/<mac>/} loaded for the primary interface. */
	static final List<String> INTERFACE_LEAVES = List.of("vpc-id", "subnet-id", "vpc-ipv4-cidr-block",
			"interface-id", "security-group-ids", "local-ipv4s", "public-ipv4s", "device-number", "owner-id");

	/** How deep an extra sub-tree is followed below the path given. */
	static final int MAX_SUBTREE_DEPTH = 5;

	/** How many leaves extra sub-trees may add in all, so that a {@code /} extra path stays a bounded load. */
	static final int MAX_SUBTREE_LEAVES = 256;

	/**
	 * How long to wait for an interrupted first request to end with the client's exception. Short: a request
	 * interrupted in the JDK HTTP client ends at once.
	 */
	private static final Duration GRACE = Duration.ofMillis(250);

	private final Clock clock;

	/**
	 * Creates a loader that stamps snapshots with the system UTC clock.
	 */
	public MetadataLoader() {
		this(Clock.systemUTC());
	}

	/**
	 * Creates a loader.
	 * @param clock the clock of {@link InstanceMetadata#loadedAt()}
	 */
	public MetadataLoader(Clock clock) {
		this.clock = Objects.requireNonNull(clock, "'clock' must not be null");
	}

	/**
	 * Loads the metadata.
	 * @param client the client; it is not closed
	 * @param options what to load
	 * @return the snapshot; check {@link InstanceMetadata#failures()} and {@link InstanceMetadata#warnings()}
	 * @throws ImdsUnavailableException when the client is {@link ImdsClient#availability() unavailable}
	 * (nothing is sent)
	 * @throws ImdsException when the first request fails within the budget: IMDS is unreachable, refuses the
	 * token, answers an error. When it does not end within the budget, an empty, incomplete snapshot is
	 * returned instead, whose one failure names the path and the budget.
	 */
	public InstanceMetadata load(ImdsClient client, MetadataLoadOptions options) {
		Objects.requireNonNull(client, "'client' must not be null");
		Objects.requireNonNull(options, "'options' must not be null");
		if (!client.availability().isAvailable()) {
			// The client answers every request with an ImdsUnavailableException naming the reason, without any
			// network call: let it build that exception.
			client.get(IDENTITY_PATH);
			throw new IllegalStateException("IMDS is not available: " + client.availability().reason());
		}
		return new Load(client, options, this.clock).run();
	}

	/**
	 * Why an extra path is never loaded.
	 * @param relative a path relative to {@code /latest/meta-data/}
	 * @return the reason, or {@code null} when the path may be loaded
	 */
	static @Nullable String refusal(String relative) {
		String[] segments = relative.toLowerCase(Locale.ROOT).split("/");
		String first = segments[0];
		if ((first.equals("iam") && segments.length > 1 && segments[1].startsWith("security-credentials"))
				|| first.equals("identity-credentials")) {
			return "role credentials are never loaded as properties";
		}
		if (first.equals("spot") || first.equals("events") || first.equals("autoscaling")) {
			return "spot, events and autoscaling change while the application runs; they are lifecycle notices, "
					+ "not startup properties";
		}
		return null;
	}

	/**
	 * An extra path relative to {@code /latest/meta-data/}, a trailing {@code /} kept.
	 * @param path the path as configured
	 * @return the relative path, or {@code null} when it is not a meta-data path
	 */
	static @Nullable String relativeExtraPath(String path) {
		String trimmed = path.trim();
		if (trimmed.startsWith(META_DATA)) {
			return trimmed.substring(META_DATA.length());
		}
		if (trimmed.equals("/latest/meta-data")) {
			return "";
		}
		if (trimmed.startsWith("/latest/") || trimmed.equals("/latest")) {
			return null;
		}
		while (trimmed.startsWith("/")) {
			trimmed = trimmed.substring(1);
		}
		return trimmed;
	}

	/**
	 * A relative path as it is sent: characters that are not allowed in a URI path (non-ASCII letters,
	 * spaces, {@code %}) are percent-encoded, the rest (tag keys' {@code : + = @ , .} included) sent as is.
	 */
	static String encode(String relative) {
		StringBuilder encoded = new StringBuilder(relative.length());
		for (byte b : relative.getBytes(StandardCharsets.UTF_8)) {
			int c = b & 0xFF;
			if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
					|| "-._~!$&'()*+,;=:@/".indexOf(c) >= 0) {
				encoded.append((char) c);
			}
			else {
				encoded.append('%').append(String.format("%02X", c));
			}
		}
		return encoded.toString();
	}

	static String format(Duration duration) {
		long millis = duration.toMillis();
		return (millis % 1000 == 0) ? (millis / 1000) + "s" : millis + "ms";
	}

	/**
	 * One load: its executor, its deadline and what it collected.
	 */
	private static final class Load {

		private final ImdsClient client;

		private final MetadataLoadOptions options;

		private final Clock clock;

		private final Results results = new Results();

		private final AtomicInteger subtreeLeaves = new AtomicInteger();

		private final ExecutorService executor;

		Load(ImdsClient client, MetadataLoadOptions options, Clock clock) {
			this.client = client;
			this.options = options;
			this.clock = clock;
			this.executor = new ThreadPoolExecutor(options.parallelism(), options.parallelism(), 0,
					TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), new DaemonThreadFactory());
		}

		InstanceMetadata run() {
			long deadline = System.nanoTime() + this.options.startupTimeout().toNanos();
			try {
				Optional<ImdsResponse> identity = first(deadline);
				Map<String, String> identityKeys = identity.map(this::identity).orElse(Map.of());
				this.results.begin(IDENTITY_PATH);
				this.results.complete(IDENTITY_PATH, identityKeys);
				fanOut(identityKeys);
				this.results.await(deadline);
			}
			catch (NoAnswerException ex) {
				this.results.fail(IDENTITY_PATH, "IMDS did not answer %s within %s; nothing was loaded"
					.formatted(IDENTITY_PATH, format(this.options.startupTimeout())));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				this.results.fail("*", "metadata load interrupted");
			}
			Results.Snapshot snapshot;
			try {
				// Closed before the requests still running are interrupted: they are "not loaded within" the
				// budget, not failures of their own ("interrupted").
				snapshot = this.results.close(format(this.options.startupTimeout()));
			}
			finally {
				this.executor.shutdownNow();
			}
			return snapshot(snapshot);
		}

		/**
		 * The identity document, requested alone so that the token is fetched once; its failure is the
		 * caller's to handle.
		 */
		private Optional<ImdsResponse> first(long deadline) throws InterruptedException {
			CompletableFuture<Optional<ImdsResponse>> future = new CompletableFuture<>();
			this.executor.execute(() -> {
				try {
					future.complete(this.client.get(IDENTITY_PATH));
				}
				catch (Throwable ex) {
					future.completeExceptionally(ex);
				}
			});
			try {
				return future.get(remaining(deadline), TimeUnit.NANOSECONDS);
			}
			catch (ExecutionException ex) {
				throw rethrow(ex.getCause());
			}
			catch (TimeoutException ex) {
				// The budget is the cause, whatever the interrupted request then reports ("interrupted"): the
				// caller records that. The grace lets the request thread end before the executor is dropped.
				this.executor.shutdownNow();
				try {
					future.get(GRACE.toMillis(), TimeUnit.MILLISECONDS);
				}
				catch (ExecutionException | TimeoutException ignored) {
					// no answer within the budget either way
				}
				throw new NoAnswerException();
			}
		}

		private static RuntimeException rethrow(Throwable failure) {
			if (failure instanceof RuntimeException runtime) {
				return runtime;
			}
			if (failure instanceof Error error) {
				throw error;
			}
			return new IllegalStateException(failure);
		}

		private void fanOut(Map<String, String> identityKeys) {
			String meta = META_DATA;
			// The heads of dependency chains go first, so that their dependents queue behind as few leaves as
			// possible: the load then takes about max(chain depth, requests / parallelism) round trips.
			fetch(meta + "mac", (response) -> {
				String mac = response.asString().trim();
				if (MetadataKeyMapper.isMac(mac)) {
					for (String leaf : INTERFACE_LEAVES) {
						leaf("network/interfaces/macs/" + mac + "/" + leaf);
					}
				}
				else {
					this.results.warn("'mac' is not a MAC address, so the primary interface was not loaded");
				}
				return Map.of(MetadataKeyMapper.key("mac"), mac);
			});
			if (this.options.tags()) {
				// A 404 listing means tags in metadata are off for this instance: no keys and no failure.
				fetch(meta + "tags/instance", (listing) -> {
					for (String tag : listing.asLines()) {
						String relative = "tags/instance/" + tag;
						fetch(meta + encode(relative),
								(value) -> Map.of(MetadataKeyMapper.key(relative), value.asString()));
					}
					return Map.of();
				});
			}
			for (String extra : this.options.extraPaths()) {
				extra(extra);
			}
			for (String leaf : LEAVES) {
				String known = (IN_IDENTITY.containsKey(leaf)) ? identityKeys.get(IN_IDENTITY.get(leaf)) : null;
				if (known != null) {
					String path = META_DATA + leaf;
					this.results.begin(path);
					this.results.complete(path, Map.of(MetadataKeyMapper.key(leaf), known));
				}
				else {
					leaf(leaf);
				}
			}
			if (this.options.userData() != UserDataMode.NONE) {
				fetch(USER_DATA_PATH, this::userData);
			}
		}

		private void extra(String extra) {
			String relative = relativeExtraPath(extra);
			if (relative == null) {
				String hint = extra.trim().startsWith(USER_DATA_PATH) ? "; user data is loaded by its own setting"
						: "";
				this.results.warn("extra path '%s' skipped: only paths under %s can be added%s".formatted(extra,
						META_DATA, hint));
				return;
			}
			if (relative.contains("..") || relative.contains("//") || relative.contains("?")
					|| relative.contains("#")) {
				this.results.warn("extra path '%s' skipped: not a valid meta-data path".formatted(extra));
				return;
			}
			String refusal = refusal(relative);
			if (refusal != null) {
				this.results.warn("extra path '%s' skipped: %s".formatted(extra, refusal));
				return;
			}
			if (relative.isEmpty() || relative.endsWith("/")) {
				subtree(relative, 0);
			}
			else {
				leaf(relative);
			}
		}

		private void subtree(String directory, int depth) {
			fetch(META_DATA + encode(directory), (listing) -> {
				for (String line : listing.asLines()) {
					String child = line;
					// public-keys/ lists "0=key-name" while the sub-tree is public-keys/0/.
					if (directory.endsWith("public-keys/") && child.indexOf('=') > 0) {
						child = child.substring(0, child.indexOf('=')) + "/";
					}
					String relative = directory + child;
					if (refusal(relative) != null) {
						// Inside an asked-for sub-tree (iam/, or the whole tree) credentials are skipped silently.
						continue;
					}
					if (child.endsWith("/")) {
						if (depth + 1 < MAX_SUBTREE_DEPTH) {
							subtree(relative, depth + 1);
						}
						else {
							this.results.warn("extra sub-tree '%s' not read: deeper than %d levels"
								.formatted(relative, MAX_SUBTREE_DEPTH));
						}
					}
					else if (this.subtreeLeaves.incrementAndGet() <= MAX_SUBTREE_LEAVES) {
						leaf(relative);
					}
					else if (this.subtreeLeaves.get() == MAX_SUBTREE_LEAVES + 1) {
						this.results.warn("extra sub-trees hold more than %d leaves; the rest were not loaded"
							.formatted(MAX_SUBTREE_LEAVES));
					}
				}
				return Map.of();
			});
		}

		private void leaf(String relative) {
			fetch(META_DATA + encode(relative), (response) -> {
				String key = MetadataKeyMapper.key(relative);
				String text = response.asString();
				if (text.isBlank()) {
					// IMDS has no empty leaves; an empty answer is no value, so ${ec2.x:default} keeps its default
					return Map.of();
				}
				if (MetadataKeyMapper.looksLikeJson(text)) {
					return MetadataKeyMapper.flatten(key, response.asJson());
				}
				return Map.of(key, MetadataKeyMapper.listValue(text));
			});
		}

		private Map<String, String> identity(ImdsResponse response) {
			try {
				return MetadataKeyMapper.flatten(MetadataKeyMapper.IDENTITY_PREFIX, response.asJson());
			}
			catch (ImdsException ex) {
				this.results.fail(IDENTITY_PATH, ex.getMessage());
				return Map.of();
			}
		}

		/**
		 * User data as {@code ec2.user-data} or {@code ec2.user-data.*}. It may hold secrets: warnings say
		 * what is wrong with it, never what it contains.
		 */
		private Map<String, String> userData(ImdsResponse response) {
			if (response.length() > MetadataKeyMapper.MAX_USER_DATA_BYTES) {
				this.results.warn("binary or oversized user data skipped: %d bytes, more than %d"
					.formatted(response.length(), MetadataKeyMapper.MAX_USER_DATA_BYTES));
				return Map.of();
			}
			String text;
			try {
				text = response.asString();
			}
			catch (ImdsResponseException ex) {
				this.results.warn("binary or oversized user data skipped: not UTF-8 text (compressed?)");
				return Map.of();
			}
			if (!MetadataKeyMapper.isUsableUserData(text, response.length())) {
				this.results.warn("binary or oversized user data skipped: contains control characters");
				return Map.of();
			}
			if (this.options.userData() == UserDataMode.RAW) {
				return Map.of(MetadataKeyMapper.USER_DATA_KEY, text);
			}
			try {
				return MetadataKeyMapper.userDataProperties(text);
			}
			catch (IllegalArgumentException ex) {
				this.results.warn(ex.getMessage() + "; no ec2.user-data.* keys");
				return Map.of();
			}
		}

		/**
		 * Queues a request; {@code handler} turns its response into entries and may queue dependent
		 * requests, which keeps this load open until they end too.
		 */
		private void fetch(String path, Handler handler) {
			if (!this.results.begin(path)) {
				return;
			}
			try {
				this.executor.execute(() -> request(path, handler));
			}
			catch (RejectedExecutionException ex) {
				// The deadline passed and the executor stopped: the path stays pending and is reported.
			}
		}

		private void request(String path, Handler handler) {
			try {
				Optional<ImdsResponse> response = this.client.get(path);
				this.results.complete(path, response.map(handler::handle).orElse(Map.of()));
			}
			catch (ImdsException ex) {
				this.results.fail(path, ex.getMessage());
			}
			catch (RuntimeException ex) {
				this.results.fail(path, "%s: %s".formatted(path, ex.getClass().getSimpleName()));
			}
		}

		private InstanceMetadata snapshot(Results.Snapshot snapshot) {
			Map<String, String> properties = new LinkedHashMap<>(snapshot.properties());
			MetadataKeyMapper.aliases(properties).forEach(properties::putIfAbsent);
			return InstanceMetadata.create(properties, this.clock.instant(), snapshot.failures(),
					snapshot.warnings());
		}

		private static long remaining(long deadline) {
			return Math.max(0, deadline - System.nanoTime());
		}

	}

	/**
	 * The first request neither answered nor failed within the budget and the grace.
	 */
	private static final class NoAnswerException extends RuntimeException {

		private static final long serialVersionUID = 1L;

		NoAnswerException() {
			super(null, null, false, false);
		}

	}

	@FunctionalInterface
	private interface Handler {

		Map<String, String> handle(ImdsResponse response);

	}

	/**
	 * What a load collected. Once closed at the deadline it ignores late answers, so the snapshot never
	 * changes under the caller and a path is either loaded or reported as not loaded.
	 */
	private static final class Results {

		private final Map<String, String> properties = new LinkedHashMap<>();

		private final Set<String> requested = new HashSet<>();

		private final Set<String> pending = new LinkedHashSet<>();

		private final List<String> failures = new ArrayList<>();

		private final List<String> warnings = new ArrayList<>();

		private boolean closed;

		synchronized boolean begin(String path) {
			if (this.closed || !this.requested.add(path)) {
				return false;
			}
			this.pending.add(path);
			return true;
		}

		synchronized void complete(String path, Map<String, String> entries) {
			if (!this.closed) {
				this.properties.putAll(entries);
				finish(path);
			}
		}

		synchronized void fail(String path, @Nullable String message) {
			if (!this.closed) {
				this.failures.add((message != null) ? message : path + ": failed");
				finish(path);
			}
		}

		synchronized void warn(String message) {
			if (!this.closed) {
				this.warnings.add(message);
			}
		}

		private void finish(String path) {
			this.pending.remove(path);
			if (this.pending.isEmpty()) {
				notifyAll();
			}
		}

		synchronized void await(long deadline) throws InterruptedException {
			while (!this.pending.isEmpty()) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					return;
				}
				TimeUnit.NANOSECONDS.timedWait(this, left);
			}
		}

		synchronized Snapshot close(String budget) {
			this.closed = true;
			List<String> failures = new ArrayList<>(this.failures);
			for (String path : this.pending) {
				failures.add("not loaded within %s: %s".formatted(budget, path));
			}
			// Requests end in any order: sorted, the lists read the same on every start.
			failures.sort(null);
			List<String> warnings = new ArrayList<>(this.warnings);
			warnings.sort(null);
			return new Snapshot(Map.copyOf(this.properties), failures, warnings);
		}

		record Snapshot(Map<String, String> properties, List<String> failures, List<String> warnings) {
		}

	}

	private static final class DaemonThreadFactory implements ThreadFactory {

		private final AtomicInteger count = new AtomicInteger();

		@Override
		public Thread newThread(Runnable task) {
			Thread thread = new Thread(task, "imds-metadata-" + this.count.incrementAndGet());
			// Never keep the JVM alive for metadata, even if a request outlives the load.
			thread.setDaemon(true);
			return thread;
		}

	}

}
