package io.github.imds.lifecycle;

import java.time.Instant;

import org.springframework.context.ApplicationEvent;

/**
 * Published once per distinct rebalance recommendation: this spot instance is at elevated risk of
 * interruption. It usually comes before a {@link SpotInterruptionEvent}, sometimes long before, sometimes not
 * at all.
 *
 * @since 0.1.0
 */
public class RebalanceRecommendationEvent extends ApplicationEvent {

	private static final long serialVersionUID = 1L;

	private final Instant noticeTime;

	/**
	 * Creates an event.
	 * @param source the poller that read the notice
	 * @param noticeTime when EC2 emitted the recommendation
	 */
	public RebalanceRecommendationEvent(Object source, Instant noticeTime) {
		super(source);
		this.noticeTime = noticeTime;
	}

	/**
	 * When EC2 emitted the recommendation.
	 * @return the notice time
	 */
	public Instant getNoticeTime() {
		return this.noticeTime;
	}

	@Override
	public String toString() {
		return "RebalanceRecommendationEvent[noticeTime=%s]".formatted(this.noticeTime);
	}

}
