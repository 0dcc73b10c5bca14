package io.github.imds.lifecycle;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One entry of the instance's maintenance schedule, as listed by
 * {@code /latest/meta-data/events/maintenance/scheduled}: what EC2 plans to do to this instance (reboot, stop,
 * retire it) and when. Not an application event: {@link ScheduledMaintenanceEvent} carries the list. Times are
 * parsed from the IMDS format ({@code 21 Jan 2026 09:00:00 GMT}); a time that is absent or does not parse is
 * {@code null}.
 *
 * @param code the event type, such as {@code system-reboot}, {@code instance-reboot}, {@code instance-stop},
 * {@code instance-retirement} or {@code system-maintenance}
 * @param description the description, such as {@code scheduled reboot}
 * @param state {@code active}, {@code completed} or {@code canceled}
 * @param eventId the event id, such as {@code instance-event-0d59937288b749b32}
 * @param notBefore the earliest start of the event's window
 * @param notAfter the latest end of the event's window
 * @param notBeforeDeadline the latest time the event can be rescheduled to
 * @since 0.1.0
 */
public record ScheduledMaintenance(@Nullable String code, @Nullable String description, @Nullable String state,
		@Nullable String eventId, @Nullable Instant notBefore, @Nullable Instant notAfter,
		@Nullable Instant notBeforeDeadline) {

}
