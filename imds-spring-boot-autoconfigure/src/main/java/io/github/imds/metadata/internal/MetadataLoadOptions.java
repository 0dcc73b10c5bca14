package io.github.imds.metadata.internal;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

import io.github.imds.metadata.UserDataMode;

/**
 * What {@link MetadataLoader} loads and how long it may take. Internal, like the loader.
 *
 * @param extraPaths more meta-data paths to load, relative to {@code /latest/meta-data/} (for example
 * {@code public-keys/0/openssh-key}); one ending in {@code /} is a sub-tree, read recursively
 * @param userData whether and how user data is loaded
 * @param tags whether instance tags ({@code tags/instance}) are loaded
 * @param startupTimeout the budget of the whole load; what is not loaded by then is left out and recorded as
 * a failure
 * @param parallelism how many requests run at the same time, 1 to {@value #MAX_PARALLELISM}
 * @since 0.1.0
 */
public record MetadataLoadOptions(List<String> extraPaths, UserDataMode userData, boolean tags,
		Duration startupTimeout, int parallelism) {

	/**
	 * The default budget of a load.
	 */
	public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(2);

	/**
	 * The default number of requests in flight, one thread each. A start makes about 40 requests at a
	 * dependency depth of 4 (token, identity document, listings, their leaves): with 8 in flight the waiting
	 * takes about 7 round trips (measured at 150 ms per answer: 7.5, against 5.5 with 16), which at the 1-2 ms
	 * of IMDS on EC2 is less than the CPU work of a fresh JVM, so more threads only cost (measured in fresh
	 * JVMs at 1 ms per answer: no faster with 16, 23 threads at the peak instead of 39). IMDS also limits
	 * simultaneous connections per instance.
	 */
	public static final int DEFAULT_PARALLELISM = 8;

	/**
	 * The largest accepted parallelism.
	 */
	public static final int MAX_PARALLELISM = 32;

	private static final MetadataLoadOptions DEFAULTS = new MetadataLoadOptions(List.of(), UserDataMode.NONE, true,
			DEFAULT_STARTUP_TIMEOUT, DEFAULT_PARALLELISM);

	/**
	 * Validates and copies the options.
	 * @param extraPaths more meta-data paths to load
	 * @param userData whether and how user data is loaded
	 * @param tags whether instance tags are loaded
	 * @param startupTimeout the budget of the whole load
	 * @param parallelism how many requests run at the same time
	 */
	public MetadataLoadOptions {
		Objects.requireNonNull(extraPaths, "'extraPaths' must not be null");
		Objects.requireNonNull(userData, "'userData' must not be null");
		Objects.requireNonNull(startupTimeout, "'startupTimeout' must not be null");
		extraPaths = List.copyOf(extraPaths);
		if (startupTimeout.isNegative() || startupTimeout.isZero()) {
			throw new IllegalArgumentException("'startupTimeout' must be positive, was '%s'".formatted(startupTimeout));
		}
		if (parallelism < 1 || parallelism > MAX_PARALLELISM) {
			throw new IllegalArgumentException(
					"'parallelism' must be between 1 and %d, was '%d'".formatted(MAX_PARALLELISM, parallelism));
		}
	}

	/**
	 * The defaults: no extra paths, no user data, tags, a budget of 2 s, 8 requests at a time.
	 * @return the default options
	 */
	public static MetadataLoadOptions defaults() {
		return DEFAULTS;
	}

	/**
	 * A copy with other extra paths.
	 * @param extraPaths the extra paths
	 * @return the new options
	 */
	public MetadataLoadOptions withExtraPaths(List<String> extraPaths) {
		return new MetadataLoadOptions(extraPaths, this.userData, this.tags, this.startupTimeout, this.parallelism);
	}

	/**
	 * A copy with another user data mode.
	 * @param userData the user data mode
	 * @return the new options
	 */
	public MetadataLoadOptions withUserData(UserDataMode userData) {
		return new MetadataLoadOptions(this.extraPaths, userData, this.tags, this.startupTimeout, this.parallelism);
	}

	/**
	 * A copy with tags on or off.
	 * @param tags whether tags are loaded
	 * @return the new options
	 */
	public MetadataLoadOptions withTags(boolean tags) {
		return new MetadataLoadOptions(this.extraPaths, this.userData, tags, this.startupTimeout, this.parallelism);
	}

	/**
	 * A copy with another budget.
	 * @param startupTimeout the budget
	 * @return the new options
	 */
	public MetadataLoadOptions withStartupTimeout(Duration startupTimeout) {
		return new MetadataLoadOptions(this.extraPaths, this.userData, this.tags, startupTimeout, this.parallelism);
	}

	/**
	 * A copy with another parallelism.
	 * @param parallelism the parallelism
	 * @return the new options
	 */
	public MetadataLoadOptions withParallelism(int parallelism) {
		return new MetadataLoadOptions(this.extraPaths, this.userData, this.tags, this.startupTimeout, parallelism);
	}

}
