package io.github.imds.metadata.internal;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.imds.client.ImdsClient;
import io.github.imds.client.ImdsException;
import io.github.imds.client.ImdsResponse;
import io.github.imds.client.ImdsUnavailableException;
import io.github.imds.metadata.InstanceMetadata;
import io.github.imds.metadata.UserDataMode;

/**
 * Loads the instance's metadata into an {@link InstanceMetadata} snapshot of {@code ec2.*} keys (named by
 * {@link MetadataKeyMapper}). Internal: the starter's post-processor and auto-configuration call it; an
 * application reads the {@code InstanceMetadata} bean or the {@code ec2.*} properties.
 * <p>
 * What is loaded: the instance identity document, the common meta-data leaves ({@link MetadataPaths}), every
 * attached network interface, the instance tags when {@link MetadataLoadOptions#tags() asked for}, user data
 * only when {@link MetadataLoadOptions#userData() asked for} ({@link UserDataReader}), and the
 * {@link MetadataLoadOptions#extraPaths() extra paths} that {@link ExtraPathPolicy} allows. Tag values and
 * RAW user data are kept verbatim; every other text leaf is read as a newline list.
 * <p>
 * The plan: the identity document is requested first, alone, so that the client fetches its one IMDSv2
 * token; the other requests then run in parallel ({@link DeadlineFetcher}), a request that depends on another
 * (an interface's leaves on the interface listing, a tag's value on the tag listing, a sub-tree's children on
 * its listing) being queued when its parent answers.
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
			client.get(MetadataPaths.IDENTITY_PATH);
			throw new IllegalStateException("IMDS is not available: " + client.availability().reason());
		}
		return new Load(client, options, this.clock).run();
	}

	/**
	 * One load: its plan, run by a {@link DeadlineFetcher} into {@link LoadResults}.
	 */
	private static final class Load {

		private final MetadataLoadOptions options;

		private final Clock clock;

		private final LoadResults results = new LoadResults();

		private final AtomicInteger subtreeLeaves = new AtomicInteger();

		private final DeadlineFetcher fetcher;

		Load(ImdsClient client, MetadataLoadOptions options, Clock clock) {
			this.options = options;
			this.clock = clock;
			this.fetcher = new DeadlineFetcher(client, this.results, options.startupTimeout(), options.parallelism());
		}

		InstanceMetadata run() {
			try {
				return snapshot(collect());
			}
			finally {
				// Also when the first request failed: the threads end with the load, whatever its outcome.
				this.fetcher.close();
			}
		}

		private LoadResults.Snapshot collect() {
			String budget = MetadataPaths.format(this.options.startupTimeout());
			try {
				Optional<ImdsResponse> identity = this.fetcher.first(MetadataPaths.IDENTITY_PATH);
				Map<String, String> identityKeys = identity.map(this::identity).orElse(Map.of());
				this.results.begin(MetadataPaths.IDENTITY_PATH);
				this.results.complete(MetadataPaths.IDENTITY_PATH, identityKeys);
				fanOut(identityKeys);
				this.fetcher.await();
			}
			catch (DeadlineFetcher.NoAnswerException ex) {
				this.results.fail(MetadataPaths.IDENTITY_PATH, "IMDS did not answer %s within %s; nothing was loaded"
					.formatted(MetadataPaths.IDENTITY_PATH, budget));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				this.results.fail("*", "metadata load interrupted");
			}
			// Closed before the requests still running are interrupted: they are "not loaded within" the budget,
			// not failures of their own ("interrupted").
			return this.results.close(budget);
		}

		private InstanceMetadata snapshot(LoadResults.Snapshot snapshot) {
			Map<String, String> properties = new LinkedHashMap<>(snapshot.properties());
			MetadataKeyMapper.aliases(properties).forEach(properties::putIfAbsent);
			return InstanceMetadata.of(properties, this.clock.instant(), snapshot.failures(), snapshot.warnings());
		}

		private void fanOut(Map<String, String> identityKeys) {
			// The heads of dependency chains go first, so that their dependents queue behind as few leaves as
			// possible: the load then takes about max(chain depth, requests / parallelism) round trips.
			this.fetcher.fetch(MetadataPaths.META_DATA + MetadataPaths.INTERFACES, (listing) -> {
				for (String mac : MetadataPaths.macs(MetadataKeyMapper.lines(listing.asString()))) {
					for (String leaf : MetadataPaths.INTERFACE_LEAVES) {
						leaf(MetadataPaths.INTERFACES + mac + "/" + leaf);
					}
				}
				return Map.of();
			});
			if (this.options.tags()) {
				// A 404 listing means tags in metadata are off for this instance: no keys and no failure.
				this.fetcher.fetch(MetadataPaths.META_DATA + "tags/instance", (listing) -> {
					for (String tag : MetadataKeyMapper.lines(listing.asString())) {
						String relative = "tags/instance/" + tag;
						this.fetcher.fetch(MetadataPaths.META_DATA + MetadataPaths.encode(relative),
								(value) -> Map.of(MetadataKeyMapper.key(relative), value.asString()));
					}
					return Map.of();
				});
			}
			this.fetcher.fetch(MetadataPaths.META_DATA + "mac",
					(response) -> Map.of(MetadataKeyMapper.key("mac"), response.asString().trim()));
			for (String extra : this.options.extraPaths()) {
				extra(extra);
			}
			for (String leaf : MetadataPaths.LEAVES) {
				String known = MetadataPaths.fromIdentity(leaf, identityKeys);
				if (known != null) {
					String path = MetadataPaths.META_DATA + leaf;
					this.results.begin(path);
					this.results.complete(path, Map.of(MetadataKeyMapper.key(leaf), known));
				}
				else {
					leaf(leaf);
				}
			}
			if (this.options.userData() != UserDataMode.NONE) {
				this.fetcher.fetch(MetadataPaths.USER_DATA_PATH, (response) -> {
					UserDataReader.Result result = UserDataReader.read(response, this.options.userData());
					if (result.warning() != null) {
						this.results.warn(result.warning());
					}
					return result.properties();
				});
			}
		}

		private void extra(String extra) {
			ExtraPathPolicy.Decision decision = ExtraPathPolicy.decide(extra);
			if (decision instanceof ExtraPathPolicy.Skip skip) {
				this.results.warn(skip.warning());
			}
			else if (decision instanceof ExtraPathPolicy.SubTree subTree) {
				subtree(subTree.relative(), 0);
			}
			else if (decision instanceof ExtraPathPolicy.Leaf leaf) {
				leaf(leaf.relative());
			}
		}

		private void subtree(String directory, int depth) {
			this.fetcher.fetch(MetadataPaths.META_DATA + MetadataPaths.encode(directory), (listing) -> {
				for (String line : MetadataKeyMapper.lines(listing.asString())) {
					String relative = ExtraPathPolicy.child(directory, line);
					if (relative == null) {
						// Inside an asked-for sub-tree (iam/, or the whole tree) credentials are skipped silently.
						continue;
					}
					if (relative.endsWith("/")) {
						if (depth + 1 < ExtraPathPolicy.MAX_SUBTREE_DEPTH) {
							subtree(relative, depth + 1);
						}
						else {
							this.results.warn("extra sub-tree '%s' not read: deeper than %d levels".formatted(relative,
									ExtraPathPolicy.MAX_SUBTREE_DEPTH));
						}
					}
					else if (this.subtreeLeaves.incrementAndGet() <= ExtraPathPolicy.MAX_SUBTREE_LEAVES) {
						leaf(relative);
					}
					else if (this.subtreeLeaves.get() == ExtraPathPolicy.MAX_SUBTREE_LEAVES + 1) {
						this.results.warn("extra sub-trees hold more than %d leaves; the rest were not loaded"
							.formatted(ExtraPathPolicy.MAX_SUBTREE_LEAVES));
					}
				}
				return Map.of();
			});
		}

		private void leaf(String relative) {
			String path = MetadataPaths.META_DATA + MetadataPaths.encode(relative);
			this.fetcher.fetch(path, (response) -> {
				String key = MetadataKeyMapper.key(relative);
				String text = response.asString();
				if (text.isBlank()) {
					// IMDS has no empty leaves; an empty answer is no value, so ${ec2.x:default} keeps its default
					return Map.of();
				}
				if (MetadataKeyMapper.looksLikeJson(text)) {
					return json(path, key, text);
				}
				return Map.of(key, MetadataKeyMapper.listValue(text));
			});
		}

		private Map<String, String> identity(ImdsResponse response) {
			try {
				return json(MetadataPaths.IDENTITY_PATH, MetadataKeyMapper.IDENTITY_PREFIX, response.asString());
			}
			catch (ImdsException | DeadlineFetcher.Failure ex) {
				this.results.fail(MetadataPaths.IDENTITY_PATH, ex.getMessage());
				return Map.of();
			}
		}

		/**
		 * A JSON document's keys; an invalid document is a failure of its path, named by position only.
		 */
		private static Map<String, String> json(String path, String key, String text) {
			try {
				return JsonFlattener.flatten(key, text);
			}
			catch (IllegalArgumentException ex) {
				throw new DeadlineFetcher.Failure("Response to %s is %s".formatted(path, ex.getMessage()));
			}
		}

	}

}
