package io.github.imds.test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

/**
 * The lifecycle notices of an {@link InstanceModel} as leaves of its tree: spot
 * interruption, rebalance recommendation, Auto Scaling target state and scheduled
 * maintenance events. Thread-safe.
 */
final class InstanceNotices {

	private static final DateTimeFormatter MAINTENANCE_TIME = DateTimeFormatter
		.ofPattern("d MMM yyyy HH:mm:ss 'GMT'", Locale.ENGLISH)
		.withZone(ZoneOffset.UTC);

	private final InstanceModel model;

	private final Object lock;

	private final List<Map<String, Object>> maintenance = new CopyOnWriteArrayList<>();

	private final AtomicInteger maintenanceEvents = new AtomicInteger();

	/**
	 * Create the notices of a model.
	 * @param model the model whose tree holds the notices
	 * @param lock the model's lock, held while several leaves change together
	 */
	InstanceNotices(InstanceModel model, Object lock) {
		this.model = model;
		this.lock = lock;
	}

	/**
	 * No notice; {@code events/maintenance/scheduled} lists no event. The tree is cleared
	 * by the model.
	 */
	void reset() {
		this.maintenance.clear();
		this.model.put("events/maintenance/scheduled", () -> Ec2Json.prettyArray(new ArrayList<>(this.maintenance)));
	}

	void spotInterruption(String action, Instant time) {
		Map<String, String> notice = new LinkedHashMap<>();
		notice.put("action", action);
		notice.put("time", InstanceModel.format(time));
		synchronized (this.lock) {
			this.model.put("spot/instance-action", Ec2Json.line(notice));
			this.model.put("spot/termination-time", InstanceModel.format(time));
		}
	}

	void clearSpotInterruption() {
		this.model.remove(InstanceModel.META + "spot");
	}

	void rebalanceRecommendation(@Nullable Instant noticeTime) {
		if (noticeTime == null) {
			this.model.remove(InstanceModel.META + "events/recommendations");
			return;
		}
		this.model.put("events/recommendations/rebalance",
				Ec2Json.line(Map.of("noticeTime", InstanceModel.format(noticeTime))));
	}

	void targetLifecycleState(@Nullable String state) {
		if (state == null) {
			this.model.remove(InstanceModel.META + "autoscaling");
			return;
		}
		this.model.put("autoscaling/target-lifecycle-state", state);
	}

	void scheduledMaintenance(String code, String description, Instant notBefore, Instant notAfter) {
		Map<String, Object> event = new LinkedHashMap<>();
		event.put("NotBefore", MAINTENANCE_TIME.format(notBefore));
		event.put("Code", code);
		event.put("Description", description);
		event.put("EventId",
				"instance-event-%017x".formatted(0x0d59937288b749b0L + this.maintenanceEvents.incrementAndGet()));
		event.put("NotAfter", MAINTENANCE_TIME.format(notAfter));
		event.put("NotBeforeDeadline", MAINTENANCE_TIME.format(notBefore.plus(Duration.ofDays(10))));
		event.put("State", "active");
		this.maintenance.add(event);
	}

	void clearScheduledMaintenance() {
		this.maintenance.clear();
	}

}
