package io.github.imds.metadata;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;

/**
 * Published (as an application event) after a refresh of the instance metadata changed {@code ec2.*} keys, such
 * as a tag or the public IP after an Elastic IP association. The {@code ec2.*} properties already hold the new
 * values when it is published. User data values are masked.
 *
 * @param previous the snapshot before the refresh
 * @param current the snapshot after the refresh
 * @param changes the changed keys, sorted, with their old and new values
 * @since 0.1.0
 */
public record InstanceMetadataChangedEvent(InstanceMetadata previous, InstanceMetadata current,
		Map<String, Change> changes) {

	private static final String USER_DATA_KEY = "ec2.user-data";

	private static final String MASK = "******";

	/**
	 * Creates an event.
	 * @param previous the snapshot before the refresh
	 * @param current the snapshot after the refresh
	 * @param changes the changed keys
	 */
	public InstanceMetadataChangedEvent {
		Objects.requireNonNull(previous, "'previous' must not be null");
		Objects.requireNonNull(current, "'current' must not be null");
		changes = Map.copyOf(changes);
	}

	/**
	 * The event for a refresh from {@code previous} to {@code current}, or empty when no key changed.
	 * @param previous the snapshot before the refresh
	 * @param current the snapshot after the refresh
	 * @return the event, when something changed
	 */
	public static Optional<InstanceMetadataChangedEvent> between(InstanceMetadata previous,
			InstanceMetadata current) {
		Map<String, String> before = previous.properties();
		Map<String, String> after = current.properties();
		TreeSet<String> keys = new TreeSet<>(before.keySet());
		keys.addAll(after.keySet());
		Map<String, Change> changes = new LinkedHashMap<>();
		for (String key : keys) {
			String oldValue = before.get(key);
			String newValue = after.get(key);
			if (!Objects.equals(oldValue, newValue)) {
				changes.put(key, new Change(mask(key, oldValue), mask(key, newValue)));
			}
		}
		return changes.isEmpty() ? Optional.empty()
				: Optional.of(new InstanceMetadataChangedEvent(previous, current, changes));
	}

	private static @Nullable String mask(String key, @Nullable String value) {
		boolean userData = key.equals(USER_DATA_KEY) || key.startsWith(USER_DATA_KEY + ".");
		return (userData && value != null) ? MASK : value;
	}

	/**
	 * One changed key.
	 *
	 * @param oldValue the value before, or {@code null} when the key is new
	 * @param newValue the value after, or {@code null} when the key is gone
	 */
	public record Change(@Nullable String oldValue, @Nullable String newValue) {

	}

}
