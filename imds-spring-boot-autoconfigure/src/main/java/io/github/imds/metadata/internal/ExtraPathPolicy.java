package io.github.imds.metadata.internal;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * Which {@code imds.metadata.extra-paths} are loaded, and how: pure decisions without I/O. Role credentials
 * ({@code iam/security-credentials*}, {@code identity-credentials/}) are never loaded, and neither are
 * {@code spot/}, {@code events/} and {@code autoscaling/}, which change while the application runs: a
 * configured path naming them is skipped with a warning, and inside a sub-tree they are skipped silently.
 */
final class ExtraPathPolicy {

	/** How deep an extra sub-tree is followed below the path given. */
	static final int MAX_SUBTREE_DEPTH = 5;

	/** How many leaves extra sub-trees may add in all, so that a {@code /} extra path stays a bounded load. */
	static final int MAX_SUBTREE_LEAVES = 256;

	private ExtraPathPolicy() {
	}

	/**
	 * What to do with a configured extra path.
	 * @param configured the path as configured
	 * @return a leaf or a sub-tree to load, relative to {@code /latest/meta-data/}, or a skip with its warning
	 */
	static Decision decide(String configured) {
		String relative = relativeExtraPath(configured);
		if (relative == null) {
			String hint = configured.trim().startsWith(MetadataPaths.USER_DATA_PATH)
					? "; user data is loaded by its own setting" : "";
			return new Skip("extra path '%s' skipped: only paths under %s can be added%s".formatted(configured,
					MetadataPaths.META_DATA, hint));
		}
		if (!plainPath(relative)) {
			return new Skip(("extra path '%s' skipped: not a valid meta-data path (write it plainly, without '.' "
					+ "or '..' segments, '//', '%%', '\\', '?' or '#')").formatted(configured));
		}
		String refusal = refusal(relative);
		if (refusal != null) {
			return new Skip("extra path '%s' skipped: %s".formatted(configured, refusal));
		}
		return (relative.isEmpty() || relative.endsWith("/")) ? new SubTree(relative) : new Leaf(relative);
	}

	/**
	 * The child of a sub-tree listing, or {@code null} when it is skipped.
	 * @param directory the listed sub-tree, ending in {@code /} (or empty for the whole tree)
	 * @param line one line of its listing
	 * @return the child's relative path (ending in {@code /} for a sub-tree), or {@code null} for a path that
	 * is never loaded
	 */
	static @Nullable String child(String directory, String line) {
		String child = line;
		// public-keys/ lists "0=key-name" while the sub-tree is public-keys/0/.
		if (directory.endsWith("public-keys/") && child.indexOf('=') > 0) {
			child = child.substring(0, child.indexOf('=')) + "/";
		}
		String relative = directory + child;
		return (!plainPath(relative) || refusal(relative) != null) ? null : relative;
	}

	/**
	 * Whether a path names what it says: the refusals below compare segments as written, so a spelling that a
	 * server could decode or normalise into another path (percent escapes, dot segments, backslashes) is not
	 * loaded at all.
	 * @param relative a path relative to {@code /latest/meta-data/}
	 * @return {@code true} when the path has no such spelling
	 */
	static boolean plainPath(String relative) {
		if (relative.contains("//") || relative.contains("%") || relative.contains("\\") || relative.contains("?")
				|| relative.contains("#")) {
			return false;
		}
		for (String segment : relative.split("/", -1)) {
			if (segment.equals(".") || segment.equals("..")) {
				return false;
			}
		}
		return true;
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
		if (trimmed.startsWith(MetadataPaths.META_DATA)) {
			return trimmed.substring(MetadataPaths.META_DATA.length());
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
	 * What to do with one extra path.
	 */
	sealed interface Decision permits Leaf, SubTree, Skip {

	}

	/**
	 * Load one leaf.
	 *
	 * @param relative the path relative to {@code /latest/meta-data/}
	 */
	record Leaf(String relative) implements Decision {
	}

	/**
	 * Load a sub-tree recursively.
	 *
	 * @param relative the path relative to {@code /latest/meta-data/}, ending in {@code /} (empty for all)
	 */
	record SubTree(String relative) implements Decision {
	}

	/**
	 * Load nothing.
	 *
	 * @param warning why, naming the path as configured
	 */
	record Skip(String warning) implements Decision {
	}

}
