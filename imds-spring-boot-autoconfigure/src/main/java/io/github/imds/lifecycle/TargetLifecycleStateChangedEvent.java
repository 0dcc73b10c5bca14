package io.github.imds.lifecycle;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEvent;

/**
 * Published when the Auto Scaling target lifecycle state of this instance changes, for example from
 * {@code InService} to {@code Terminated}. The first state read after startup is published too, with no
 * previous state.
 *
 * @since 0.1.0
 */
public class TargetLifecycleStateChangedEvent extends ApplicationEvent {

	private static final long serialVersionUID = 1L;

	private final @Nullable String previous;

	private final String current;

	/**
	 * Creates an event.
	 * @param source the poller that read the state
	 * @param previous the state read before, or {@code null} for the first one
	 * @param current the new state
	 */
	public TargetLifecycleStateChangedEvent(Object source, @Nullable String previous, String current) {
		super(source);
		this.previous = previous;
		this.current = current;
	}

	/**
	 * The state read before, or {@code null} when this is the first state read.
	 * @return the previous state
	 */
	public @Nullable String getPrevious() {
		return this.previous;
	}

	/**
	 * The new state: {@code InService}, {@code Terminated}, {@code Detached}, {@code Standby},
	 * {@code Warmed:Hibernated}, {@code Warmed:Running}, {@code Warmed:Stopped} or {@code Warmed:Terminated}.
	 * @return the current state
	 */
	public String getCurrent() {
		return this.current;
	}

	@Override
	public String toString() {
		return "TargetLifecycleStateChangedEvent[previous=%s, current=%s]".formatted(this.previous, this.current);
	}

}
