package io.github.imds.lifecycle;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The notices already published, so that each distinct notice is published once however often it is read.
 * Bounded: the oldest is forgotten first, which only matters after dozens of distinct notices.
 *
 * @param <T> the notice's identity
 */
final class NoticeMemory<T> {

	static final int CAPACITY = 32;

	private final Set<T> seen = new LinkedHashSet<>();

	/**
	 * Remembers a notice.
	 * @param notice the notice's identity
	 * @return {@code true} the first time it is seen
	 */
	boolean firstSighting(T notice) {
		if (!this.seen.add(notice)) {
			return false;
		}
		if (this.seen.size() > CAPACITY) {
			this.seen.remove(this.seen.iterator().next());
		}
		return true;
	}

}
