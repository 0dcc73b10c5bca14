package io.github.imds.test;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * The store of an {@link InstanceModel}: absolute leaf paths mapped to bodies, some of them
 * computed on every read. Directories are implied by the leaves below them, so a
 * directory without a readable leaf does not exist, as on EC2.
 */
final class LeafTree {

	private final Map<String, Supplier<byte @Nullable []>> leaves = new ConcurrentHashMap<>();

	void put(String path, Supplier<byte @Nullable []> body) {
		this.leaves.put(path, body);
	}

	void put(String path, byte[] body) {
		byte[] copy = body.clone();
		this.leaves.put(path, () -> copy);
	}

	/**
	 * Remove a leaf, or everything under a directory.
	 */
	void remove(String path) {
		String directory = path.endsWith("/") ? path : path + "/";
		this.leaves.keySet().removeIf((key) -> key.equals(path) || key.startsWith(directory));
	}

	void clear() {
		this.leaves.clear();
	}

	/**
	 * The body of a leaf.
	 * @return the body, or {@code null} when there is no such leaf or it reads as absent
	 */
	byte @Nullable [] leaf(String path) {
		Supplier<byte @Nullable []> leaf = this.leaves.get(path);
		return (leaf != null) ? leaf.get() : null;
	}

	boolean isLeaf(String path) {
		return this.leaves.containsKey(path);
	}

	/**
	 * The names under a directory, sub-directories with a trailing {@code /}, sorted. A
	 * leaf that reads as absent is not listed, and neither is a directory holding only
	 * such leaves.
	 * @param directory the directory, ending with {@code /}
	 * @return the names, empty when the directory does not exist
	 */
	Set<String> children(String directory) {
		Set<String> children = new TreeSet<>();
		for (Map.Entry<String, Supplier<byte @Nullable []>> entry : this.leaves.entrySet()) {
			String key = entry.getKey();
			if (key.startsWith(directory) && key.length() > directory.length() && entry.getValue().get() != null) {
				String rest = key.substring(directory.length());
				int slash = rest.indexOf('/');
				children.add((slash < 0) ? rest : rest.substring(0, slash + 1));
			}
		}
		return children;
	}

}
