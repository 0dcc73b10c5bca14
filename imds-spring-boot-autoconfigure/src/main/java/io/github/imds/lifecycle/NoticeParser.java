package io.github.imds.lifecycle;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.github.imds.client.ImdsJson;
import io.github.imds.client.ImdsResponse;
import io.github.imds.client.ImdsResponseException;
import org.jspecify.annotations.Nullable;

/**
 * Reads the bodies of the lifecycle paths: pure functions of the text IMDS answered. A body this library
 * cannot read throws {@link IllegalArgumentException} with a message that names the field or the position,
 * never the text itself. JSON is read with the client's streaming reader ({@link ImdsResponse#asJson()}), not
 * Jackson databind, whose first use costs a fresh JVM far more ({@code benchmarks/run.sh}, section 3).
 */
final class NoticeParser {

	private static final DateTimeFormatter MAINTENANCE_TIME = DateTimeFormatter.ofPattern("d MMM uuuu H:mm:ss zzz",
			Locale.ROOT);

	private NoticeParser() {
	}

	/**
	 * Reads {@code spot/instance-action}: {@code {"action":"terminate","time":"2026-01-21T09:00:00Z"}}.
	 * @param body the body
	 * @return the notice
	 */
	static SpotInterruption spotInterruption(String body) {
		ImdsJson json = object(body, "spot/instance-action");
		try {
			return new SpotInterruption(text(json, "action"), Instant.parse(text(json, "time")));
		}
		catch (DateTimeParseException ex) {
			throw new IllegalArgumentException("Field 'time' of spot/instance-action is not an ISO-8601 instant");
		}
	}

	/**
	 * Reads {@code events/recommendations/rebalance}: {@code {"noticeTime":"2026-01-21T09:00:00Z"}}.
	 * @param body the body
	 * @return the notice time
	 */
	static Instant rebalanceRecommendation(String body) {
		ImdsJson json = object(body, "events/recommendations/rebalance");
		try {
			return Instant.parse(text(json, "noticeTime"));
		}
		catch (DateTimeParseException ex) {
			throw new IllegalArgumentException(
					"Field 'noticeTime' of events/recommendations/rebalance is not an ISO-8601 instant");
		}
	}

	/**
	 * Reads {@code autoscaling/target-lifecycle-state}: a plain value such as {@code InService}.
	 * @param body the body
	 * @return the state, or {@code null} when the body is blank
	 */
	static @Nullable String targetLifecycleState(String body) {
		String state = body.trim();
		return state.isEmpty() ? null : state;
	}

	/**
	 * Reads {@code meta-data/instance-life-cycle}; where it is absent or blank the instance cannot be spot.
	 * @param body the body, or {@code null} for a 404
	 * @return {@code spot}, {@code on-demand} or {@code scheduled}
	 */
	static String instanceLifeCycle(@Nullable String body) {
		String value = (body != null) ? body.trim() : "";
		return value.isEmpty() ? "on-demand" : value;
	}

	/**
	 * Reads {@code events/maintenance/scheduled}: a JSON array of objects (empty when nothing is scheduled). A
	 * time that does not parse is kept as {@code null}: one odd time should not hide the event; an entry that is
	 * not an object is skipped.
	 * @param body the body
	 * @return the scheduled maintenance, in the order IMDS lists it
	 */
	static List<ScheduledMaintenance> scheduledMaintenance(String body) {
		ImdsJson json = parse(body, "events/maintenance/scheduled");
		if (!json.isArray()) {
			throw new IllegalArgumentException("events/maintenance/scheduled is not a JSON array");
		}
		List<ScheduledMaintenance> events = new ArrayList<>();
		for (ImdsJson item : json) {
			if (!item.isObject()) {
				// a number, string or null in the list is not an event: an entry of nothing but nulls
				continue;
			}
			events.add(new ScheduledMaintenance(optionalText(item, "Code"), optionalText(item, "Description"),
					optionalText(item, "State"), optionalText(item, "EventId"), maintenanceTime(item, "NotBefore"),
					maintenanceTime(item, "NotAfter"), maintenanceTime(item, "NotBeforeDeadline")));
		}
		return List.copyOf(events);
	}

	private static ImdsJson object(String body, String path) {
		ImdsJson json = parse(body, path);
		if (!json.isObject()) {
			throw new IllegalArgumentException("%s is not a JSON object".formatted(path));
		}
		return json;
	}

	private static ImdsJson parse(String body, String path) {
		// a blank body is refused by asJson() as well ("Response to <path> is empty where JSON was expected")
		try {
			return ImdsResponse.of(path, body).asJson();
		}
		catch (ImdsResponseException ex) {
			// Names the path and the position, never the text.
			throw new IllegalArgumentException(ex.getMessage());
		}
	}

	private static String text(ImdsJson json, String field) {
		String value = optionalText(json, field);
		if (value == null || value.isBlank()) {
			throw new IllegalArgumentException("Field '%s' is missing".formatted(field));
		}
		return value;
	}

	private static @Nullable String optionalText(ImdsJson json, String field) {
		ImdsJson value = json.get(field);
		return (value != null && value.isString()) ? value.asString() : null;
	}

	private static @Nullable Instant maintenanceTime(ImdsJson json, String field) {
		String value = optionalText(json, field);
		if (value == null) {
			return null;
		}
		try {
			// a blank time does not parse either
			return ZonedDateTime.parse(value.trim(), MAINTENANCE_TIME).toInstant();
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

}
