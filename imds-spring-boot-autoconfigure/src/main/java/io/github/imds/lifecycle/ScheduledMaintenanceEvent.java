package io.github.imds.lifecycle;

import java.util.List;

import org.springframework.context.ApplicationEvent;

/**
 * Published when the list of scheduled maintenance events of this instance changes (an event is added, or an
 * event's state changes) and is not empty. Carries the whole current list.
 *
 * @since 0.1.0
 */
public class ScheduledMaintenanceEvent extends ApplicationEvent {

	private static final long serialVersionUID = 1L;

	private final List<ScheduledMaintenance> events;

	/**
	 * Creates an event.
	 * @param source the poller that read the list
	 * @param events the scheduled events
	 */
	public ScheduledMaintenanceEvent(Object source, List<ScheduledMaintenance> events) {
		super(source);
		this.events = List.copyOf(events);
	}

	/**
	 * The scheduled events, in the order IMDS lists them.
	 * @return the events
	 */
	public List<ScheduledMaintenance> getEvents() {
		return this.events;
	}

	@Override
	public String toString() {
		return "ScheduledMaintenanceEvent[events=%s]".formatted(this.events);
	}

}
