package io.github.imds.metadata;

import java.time.Instant;
import java.util.Map;

import io.github.imds.metadata.InstanceMetadataChangedEvent.Change;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link InstanceMetadataChangedEvent#between}.
 */
class InstanceMetadataChangedEventTests {

	private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

	@Test
	void betweenEqualSnapshotsIsEmpty() {
		assertThat(InstanceMetadataChangedEvent.between(of(Map.of("ec2.a", "1")), of(Map.of("ec2.a", "1")))).isEmpty();
	}

	@Test
	void betweenListsChangedAddedAndRemovedKeys() {
		InstanceMetadataChangedEvent event = InstanceMetadataChangedEvent
			.between(of(Map.of("ec2.a", "1", "ec2.b", "2", "ec2.same", "x")),
					of(Map.of("ec2.a", "9", "ec2.c", "3", "ec2.same", "x")))
			.orElseThrow();
		assertThat(event.changes()).containsOnly(Map.entry("ec2.a", new Change("1", "9")),
				Map.entry("ec2.b", new Change("2", null)), Map.entry("ec2.c", new Change(null, "3")));
	}

	@Test
	void betweenMasksUserDataValues() {
		InstanceMetadataChangedEvent event = InstanceMetadataChangedEvent
			.between(of(Map.of("ec2.user-data", "fake-secret-old", "ec2.user-data.db.password", "fake-pw")),
					of(Map.of("ec2.user-data", "fake-secret-new")))
			.orElseThrow();
		assertThat(event.changes()).containsOnly(Map.entry("ec2.user-data", new Change("******", "******")),
				Map.entry("ec2.user-data.db.password", new Change("******", null)));
		assertThat(event.toString()).doesNotContain("fake-secret").doesNotContain("fake-pw");
	}

	private static InstanceMetadata of(Map<String, String> properties) {
		return InstanceMetadata.of(properties, T0);
	}

}
