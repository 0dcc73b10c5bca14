package io.github.imds.lifecycle;

import java.util.concurrent.TimeUnit;

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

	@FuzzTest
	@Timeout(value = 10, unit = TimeUnit.SECONDS)
	void scheduledMaintenance(byte[] input) {
		try {
			assertThat(NoticeParser.scheduledMaintenance(FuzzInput.text(input))).doesNotContainNull();
		}
		catch (IllegalArgumentException ex) {
			FuzzInput.assertNoSecretIn(ex);
		}
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
