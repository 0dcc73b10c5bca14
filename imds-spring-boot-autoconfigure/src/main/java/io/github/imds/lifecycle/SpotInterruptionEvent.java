package io.github.imds.lifecycle;

import java.time.Instant;

import org.springframework.context.ApplicationEvent;

/**
 * Published once per distinct spot interruption notice (action and time): EC2 will terminate, stop or
 * hibernate this spot instance at {@link #getTime()}, about two minutes from the notice.
 *
 * @since 0.1.0
 */
public class SpotInterruptionEvent extends ApplicationEvent {

	private static final long serialVersionUID = 1L;

	private final SpotInterruption interruption;

	/**
	 * Creates an event.
	 * @param source the poller that read the notice
	 * @param interruption the notice
	 */
	public SpotInterruptionEvent(Object source, SpotInterruption interruption) {
		super(source);
		this.interruption = interruption;
	}

	/**
	 * The notice.
	 * @return the notice
	 */
	public SpotInterruption getInterruption() {
		return this.interruption;
	}

	/**
	 * What EC2 is about to do: {@code terminate}, {@code stop} or {@code hibernate}.
	 * @return the action
	 */
	public String getAction() {
		return this.interruption.action();
	}

	/**
	 * When EC2 will do it.
	 * @return the time of the action
	 */
	public Instant getTime() {
		return this.interruption.time();
	}

	@Override
	public String toString() {
		return "SpotInterruptionEvent[action=%s, time=%s]".formatted(getAction(), getTime());
	}

}
