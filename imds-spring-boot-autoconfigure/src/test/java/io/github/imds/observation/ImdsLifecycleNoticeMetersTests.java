package io.github.imds.observation;

import java.time.Instant;
import java.util.List;

import io.github.imds.lifecycle.RebalanceRecommendationEvent;
import io.github.imds.lifecycle.ScheduledMaintenance;
import io.github.imds.lifecycle.ScheduledMaintenanceEvent;
import io.github.imds.lifecycle.SpotInterruption;
import io.github.imds.lifecycle.SpotInterruptionEvent;
import io.github.imds.lifecycle.TargetLifecycleStateChangedEvent;
import io.github.imds.observation.internal.ImdsLifecycleNoticeMeters;
import io.github.imds.observation.internal.LifecycleNoticeKind;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.context.support.GenericApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ImdsLifecycleNoticeMeters} and {@link LifecycleNoticeKind}.
 */
class ImdsLifecycleNoticeMetersTests {

	private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final ImdsLifecycleNoticeMeters meters = new ImdsLifecycleNoticeMeters();

	@Test
	void everyKindStartsAtZero() {
		this.meters.bindTo(this.registry);
		for (String kind : List.of("spot-interruption", "rebalance-recommendation", "target-lifecycle-state",
				"scheduled-maintenance")) {
			assertThat(count(kind)).as(kind).isZero();
		}
	}

	@Test
	void eachNoticeIsCountedByKindIncludingThoseBeforeBinding() {
		this.meters.onApplicationEvent(new SpotInterruptionEvent(this, new SpotInterruption("terminate", NOW)));
		this.meters.bindTo(this.registry);
		this.meters.onApplicationEvent(new RebalanceRecommendationEvent(this, NOW));
		this.meters.onApplicationEvent(new RebalanceRecommendationEvent(this, NOW.plusSeconds(60)));
		this.meters.onApplicationEvent(new TargetLifecycleStateChangedEvent(this, "InService", "Terminated"));
		this.meters.onApplicationEvent(new ScheduledMaintenanceEvent(this,
				List.of(new ScheduledMaintenance("system-reboot", "scheduled reboot", "active", "instance-event-1", NOW, NOW, null))));
		assertThat(count("spot-interruption")).isEqualTo(1);
		assertThat(count("rebalance-recommendation")).isEqualTo(2);
		assertThat(count("target-lifecycle-state")).isEqualTo(1);
		assertThat(count("scheduled-maintenance")).isEqualTo(1);
	}

	@Test
	void listensOnlyToLifecycleNotices() {
		assertThat(this.meters.supportsEventType(SpotInterruptionEvent.class)).isTrue();
		assertThat(this.meters.supportsEventType(ScheduledMaintenanceEvent.class)).isTrue();
		assertThat(this.meters.supportsEventType(ContextRefreshedEvent.class)).isFalse();
		assertThat(this.meters.supportsEventType(ApplicationEvent.class)).isFalse();
		this.meters.bindTo(this.registry);
		this.meters.onApplicationEvent(new ContextRefreshedEvent(new GenericApplicationContext()));
		assertThat(this.registry.get("imds.lifecycle.notices").functionCounters())
			.allSatisfy((counter) -> assertThat(counter.count()).isZero());
	}

	private double count(String kind) {
		return this.registry.get("imds.lifecycle.notices").tag("kind", kind).functionCounter().count();
	}

}
