package io.github.imds.lifecycle;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link NoticeParser}: the bodies of the lifecycle paths, valid and not.
 */
class NoticeParserTests {

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			{"action":"terminate","time":"2026-01-21T09:00:00Z"}        | terminate | 2026-01-21T09:00:00Z | true
			{"action":"stop","time":"2026-01-21T09:00:00Z"}             | stop      | 2026-01-21T09:00:00Z | true
			{"action":"hibernate","time":"2026-01-21T09:00:00Z","x":1}  | hibernate | 2026-01-21T09:00:00Z | true
			{"action":"reboot","time":"2026-01-21T09:00:00Z"}           | reboot    | 2026-01-21T09:00:00Z | false
			""")
	void spotInterruptionWhenValidReadsActionAndTimes(String body, String action, Instant time,
			boolean termination) {
		SpotInterruption notice = NoticeParser.spotInterruption(body);
		assertThat(notice).isEqualTo(new SpotInterruption(action, time));
		assertThat(notice.isTermination()).isEqualTo(termination);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			{"action":"terminate"}                                | Field 'time' is missing
			{"time":"2026-01-21T09:00:00Z"}                       | Field 'action' is missing
			{"action":"terminate","time":"soon"}                  | not an ISO-8601 instant
			["terminate"]                                         | not a JSON object
			{"action":"terminate","time":"fake-secret             | not valid JSON
			'   '                                                 | empty where JSON was expected
			""")
	void spotInterruptionWhenUnreadableNamesTheFieldNotTheText(String body, String message) {
		assertThatIllegalArgumentException().isThrownBy(() -> NoticeParser.spotInterruption(body))
			.withMessageContaining(message)
			.withMessageNotContaining("fake-secret");
	}

	@Test
	void rebalanceRecommendationReadsTheNoticeTime() {
		assertThat(NoticeParser.rebalanceRecommendation("{\"noticeTime\":\"2026-01-21T09:00:00Z\"}"))
			.isEqualTo(Instant.parse("2026-01-21T09:00:00Z"));
		assertThatIllegalArgumentException().isThrownBy(() -> NoticeParser.rebalanceRecommendation("{}"))
			.withMessageContaining("noticeTime");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', nullValues = "null", textBlock = """
			InService            | InService
			' Terminated\n'      | Terminated
			Warmed:Hibernated    | Warmed:Hibernated
			'  '                 | null
			""")
	void targetLifecycleStateIsTrimmedOrNullWhenBlank(String body, String state) {
		assertThat(NoticeParser.targetLifecycleState(body.replace("\\n", "\n"))).isEqualTo(state);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', nullValues = "null", textBlock = """
			spot        | spot
			'scheduled' | scheduled
			''          | on-demand
			null        | on-demand
			""")
	void instanceLifeCycleDefaultsToOnDemand(String body, String lifeCycle) {
		assertThat(NoticeParser.instanceLifeCycle(body)).isEqualTo(lifeCycle);
	}

	@Test
	void scheduledMaintenanceKeepsEventsWithUnreadableTimes() {
		assertThat(NoticeParser.scheduledMaintenance("[]")).isEmpty();
		assertThat(NoticeParser.scheduledMaintenance("""
				[{"Code":"system-reboot","State":"active","EventId":"instance-event-1",
				"NotBefore":"21 Jan 2026 09:00:00 GMT","NotAfter":"later"}]""")).containsExactly(
				new ScheduledMaintenance("system-reboot", null, "active", "instance-event-1",
						Instant.parse("2026-01-21T09:00:00Z"), null, null));
		assertThatIllegalArgumentException().isThrownBy(() -> NoticeParser.scheduledMaintenance("{}"))
			.withMessageContaining("not a JSON array");
	}

	@Test
	void scheduledMaintenanceSkipsEntriesThatAreNotObjects() {
		// found by NoticeParserFuzzTests#scheduledMaintenance: each of these was an event of nothing but nulls
		assertThat(NoticeParser.scheduledMaintenance("[1, \"system-reboot\", null, [], true]")).isEmpty();
		assertThat(NoticeParser.scheduledMaintenance("[2, {\"Code\":\"instance-stop\"}, \"x\"]"))
			.containsExactly(new ScheduledMaintenance("instance-stop", null, null, null, null, null, null));
	}

	@Test
	void scheduledMaintenanceReadsEveryFieldAndTimesInImdsFormat() {
		assertThat(NoticeParser.scheduledMaintenance("""
				[{"Code":"system-reboot","Description":"scheduled reboot","State":"active",
				"EventId":"instance-event-0d59937288b749b32","NotBefore":"21 Jan 2026 09:00:00 GMT",
				"NotAfter":" 1 Feb 2026 9:05:30 UTC ","NotBeforeDeadline":""},
				{"Code":7,"State":null,"NotBefore":"   "}]""")).containsExactly(
				new ScheduledMaintenance("system-reboot", "scheduled reboot", "active",
						"instance-event-0d59937288b749b32", Instant.parse("2026-01-21T09:00:00Z"),
						Instant.parse("2026-02-01T09:05:30Z"), null),
				new ScheduledMaintenance(null, null, null, null, null, null, null));
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			'  '                          | events/maintenance/scheduled is empty where JSON was expected
			'[{"Code":"fake-secret'       | not valid JSON
			'"fake-secret"'               | events/maintenance/scheduled is not a JSON array
			""")
	void scheduledMaintenanceWhenUnreadableNamesThePathNotTheText(String body, String message) {
		assertThatIllegalArgumentException().isThrownBy(() -> NoticeParser.scheduledMaintenance(body))
			.withMessageContaining(message)
			.withMessageContaining("events/maintenance/scheduled")
			.withMessageNotContaining("fake-secret");
	}

	@Test
	void rebalanceRecommendationWhenUnreadableNamesTheField() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> NoticeParser.rebalanceRecommendation("{\"noticeTime\":\"soon\"}"))
			.withMessage("Field 'noticeTime' of events/recommendations/rebalance is not an ISO-8601 instant");
		assertThatIllegalArgumentException().isThrownBy(() -> NoticeParser.rebalanceRecommendation("[]"))
			.withMessage("events/recommendations/rebalance is not a JSON object");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> NoticeParser.rebalanceRecommendation("{\"noticeTime\":\" \"}"))
			.withMessage("Field 'noticeTime' is missing");
	}

}
