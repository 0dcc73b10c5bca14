package io.github.imds.lifecycle;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link NoticeMemory}: each notice is new once, and the memory keeps the last
 * {@value NoticeMemory#CAPACITY}.
 */
class NoticeMemoryTests {

	@Test
	void noticeIsNewOnlyTheFirstTime() {
		NoticeMemory<String> memory = new NoticeMemory<>();
		assertThat(memory.firstSighting("a")).isTrue();
		assertThat(memory.firstSighting("a")).isFalse();
		assertThat(memory.firstSighting("b")).isTrue();
		assertThat(memory.firstSighting("a")).isFalse();
	}

	@Test
	void oldestNoticeIsForgottenBeyondCapacity() {
		NoticeMemory<Integer> memory = new NoticeMemory<>();
		for (int i = 0; i <= NoticeMemory.CAPACITY; i++) {
			assertThat(memory.firstSighting(i)).isTrue();
		}
		// 0 was forgotten when the 33rd notice came; 1 to 32 are remembered
		assertThat(memory.firstSighting(1)).isFalse();
		assertThat(memory.firstSighting(NoticeMemory.CAPACITY)).isFalse();
		assertThat(memory.firstSighting(0)).isTrue();
		// and seeing 0 again made 1 the oldest, now forgotten
		assertThat(memory.firstSighting(2)).isFalse();
		assertThat(memory.firstSighting(1)).isTrue();
	}

}
