package io.github.imds.lifecycle;

import java.time.Instant;
import java.util.Set;

import org.springframework.util.Assert;

/**
 * A spot interruption notice, as read from {@code /latest/meta-data/spot/instance-action}.
 *
 * @param action what EC2 is about to do: {@code terminate}, {@code stop} or {@code hibernate}
 * @param time when it will do it (about two minutes after the notice)
 * @since 0.1.0
 */
public record SpotInterruption(String action, Instant time) {

	private static final Set<String> TERMINATING_ACTIONS = Set.of("terminate", "stop", "hibernate");

	/**
	 * Creates a notice.
	 * @param action the action
	 * @param time the time
	 */
	public SpotInterruption {
		Assert.hasText(action, "'action' must not be empty");
		Assert.notNull(time, "'time' must not be null");
	}

	/**
	 * Whether the action takes the instance away: {@code terminate}, {@code stop} and {@code hibernate} all
	 * do.
	 * @return {@code true} for the three actions EC2 documents
	 */
	public boolean isTermination() {
		return TERMINATING_ACTIONS.contains(this.action);
	}

}
