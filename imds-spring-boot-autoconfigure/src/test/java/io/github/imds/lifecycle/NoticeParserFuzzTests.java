package io.github.imds.lifecycle;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.imds.testsupport.FuzzInput;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzz tests for {@link NoticeParser}: any body of a lifecycle path is read or throws
 * {@link IllegalArgumentException} naming the field or the position, never the text. Seeds in
 * {@code src/test/resources/.../NoticeParserFuzzTestsInputs/}; docs/reliability.md, "Fuzzing".
 */
class NoticeParserFuzzTests {

	@FuzzTest
	@Timeout(value = 10, unit = TimeUnit.SECONDS)
	void spotInterruption(byte[] input) {
		try {
			SpotInterruption notice = NoticeParser.spotInterruption(FuzzInput.text(input));
			assertThat(notice.action()).isNotBlank();
			assertThat(notice.time()).isNotNull();
		}
		catch (IllegalArgumentException ex) {
			FuzzInput.assertNoSecretIn(ex);
		}
	}

	@FuzzTest
	@Timeout(value = 10, unit = TimeUnit.SECONDS)
	void rebalanceRecommendation(byte[] input) {
		try {
			assertThat(NoticeParser.rebalanceRecommendation(FuzzInput.text(input))).isNotNull();
		}
		catch (IllegalArgumentException ex) {
			FuzzInput.assertNoSecretIn(ex);
		}
	}

	/**
	 * {@code events/maintenance/scheduled}: a JSON array of events whose fields are all optional. Beyond the
	 * shared properties: a failure names the path; the list is immutable, holds no {@code null}, has at most one
	 * event per object in the body (memory in proportion to the input), and a second parse of the same body gives
	 * the same list (the dedup key of {@code LifecycleNotices} relies on it); times are whole seconds.
	 * @param input the fuzzer's bytes
	 */
	@FuzzTest
	@Timeout(value = 10, unit = TimeUnit.SECONDS)
	void scheduledMaintenance(byte[] input) {
		String body = FuzzInput.text(input);
		List<ScheduledMaintenance> events;
		try {
			events = NoticeParser.scheduledMaintenance(body);
		}
		catch (IllegalArgumentException ex) {
			FuzzInput.assertNoSecretIn(ex);
			assertThat(ex.getMessage()).contains("events/maintenance/scheduled");
			return;
		}
		assertThat(events).doesNotContainNull().isUnmodifiable();
		assertThat(events.size()).isLessThanOrEqualTo(count(body, '{'));
		assertThat(NoticeParser.scheduledMaintenance(body)).isEqualTo(events);
		for (ScheduledMaintenance event : events) {
			// IMDS's format has whole seconds: a time with a fraction was read some other way
			Stream.of(event.notBefore(), event.notAfter(), event.notBeforeDeadline())
				.filter(Objects::nonNull)
				.forEach((time) -> assertThat(time.getNano()).isZero());
		}
	}

	private static int count(String text, char c) {
		return (int) text.chars().filter((each) -> each == c).count();
	}

	@FuzzTest
	@Timeout(value = 10, unit = TimeUnit.SECONDS)
	void targetLifecycleState(byte[] input) {
		String body = FuzzInput.text(input);
		String state = NoticeParser.targetLifecycleState(body);
		if (state != null) {
			assertThat(state).isNotEmpty().isEqualTo(state.trim());
		}
		assertThat(NoticeParser.instanceLifeCycle(body)).isNotEmpty();
	}

}
