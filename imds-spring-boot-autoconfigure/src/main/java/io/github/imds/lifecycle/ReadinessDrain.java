package io.github.imds.lifecycle;

import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Holds readiness at {@link ReadinessState#REFUSING_TRAFFIC} while a termination notice is present.
 * <p>
 * The first notice publishes {@code REFUSING_TRAFFIC}. While a notice is present, whoever sets readiness back
 * to {@code ACCEPTING_TRAFFIC} (above all {@code SpringApplication} once the application is ready, which
 * happens after the first poll when the notice was already there at startup) is overruled: at once when the
 * change is already recorded, else at the next poll. When a notice that lets the instance come back (spot
 * {@code stop} or {@code hibernate}) is withdrawn and readiness is still ours, readiness returns to
 * {@code ACCEPTING_TRAFFIC}; a {@code terminate} or a target state of {@code Terminated} never returns.
 * <p>
 * The truth about readiness is the {@link ApplicationAvailability}, when there is one; without it (a poller
 * used outside an application context) this drain trusts what it published itself.
 */
final class ReadinessDrain {

	private static final Log logger = LogFactory.getLog(ReadinessDrain.class);

	private final ApplicationEventPublisher publisher;

	private final Object source;

	private final boolean enabled;

	private final Supplier<@Nullable ApplicationAvailability> availability;

	private @Nullable Cause held;

	private @Nullable String reason;

	private @Nullable ReadinessState published;

	private boolean applicationReady;

	/**
	 * Creates a drain.
	 * @param publisher where readiness changes are published
	 * @param source the source of the readiness changes (the poller)
	 * @param enabled whether notices drain at all ({@code imds.lifecycle.drain-on-termination})
	 * @param availability the application's availability, or a supplier of {@code null} when there is none
	 */
	ReadinessDrain(ApplicationEventPublisher publisher, Object source, boolean enabled,
			Supplier<@Nullable ApplicationAvailability> availability) {
		this.publisher = publisher;
		this.source = source;
		this.enabled = enabled;
		this.availability = availability;
	}

	boolean isEnabled() {
		return this.enabled;
	}

	synchronized boolean isHeld() {
		return this.held != null;
	}

	synchronized @Nullable String reason() {
		return this.reason;
	}

	/**
	 * Brings readiness in line with the notices read by the last poll.
	 * @param cause the termination notice present now, or {@code null} when there is none
	 * @return what changed
	 */
	synchronized Change update(@Nullable Cause cause) {
		if (!this.enabled) {
			return Change.NONE;
		}
		Cause current = this.held;
		if (cause != null && current == null) {
			this.held = cause;
			this.reason = cause.reason();
			publish(ReadinessState.REFUSING_TRAFFIC);
			return Change.DRAINED;
		}
		if (current == null) {
			return Change.NONE;
		}
		if (cause != null || !current.returns()) {
			// a terminate seen once is never withdrawn, whatever is read later
			this.held = (cause != null && !cause.returns()) ? new Cause(current.reason(), false) : current;
			reassert();
			return Change.NONE;
		}
		this.held = null;
		this.reason = null;
		if (!isOurs()) {
			logger.info("The %s is withdrawn; readiness is left as it is: another component changed it since"
				.formatted(current.reason()));
			return Change.RELEASED;
		}
		if (!this.applicationReady && this.availability.get() != null) {
			logger.info("The %s is withdrawn before the application is ready; readiness follows the application"
				.formatted(current.reason()));
			return Change.RELEASED;
		}
		logger.info("The %s is withdrawn (the instance is back); readiness set to ACCEPTING_TRAFFIC"
			.formatted(current.reason()));
		publish(ReadinessState.ACCEPTING_TRAFFIC);
		return Change.RELEASED;
	}

	/**
	 * Tells the drain that the application is ready ({@code ApplicationReadyEvent}).
	 */
	synchronized void applicationReady() {
		this.applicationReady = true;
	}

	/**
	 * Tells the drain about a readiness change.
	 * @param eventSource the source of the change
	 * @param state the new state
	 * @return {@code true} when readiness should be checked again soon: a change back to
	 * {@code ACCEPTING_TRAFFIC} that the availability has not recorded yet
	 */
	synchronized boolean readinessChanged(Object eventSource, ReadinessState state) {
		if (eventSource == this.source) {
			return false;
		}
		this.published = null;
		if (this.held == null || state != ReadinessState.ACCEPTING_TRAFFIC) {
			return false;
		}
		ApplicationAvailability availability = this.availability.get();
		if (availability == null || availability.getReadinessState() == ReadinessState.ACCEPTING_TRAFFIC) {
			overrule();
			return false;
		}
		return true;
	}

	/**
	 * Whether a readiness change reported to {@link #readinessChanged} is still to be recorded by the
	 * availability (its listener runs after this one), so that overruling it now would be undone.
	 * @param event the change
	 * @return {@code true} while the availability has not recorded it and the drain is held
	 */
	synchronized boolean awaitsRecording(AvailabilityChangeEvent<?> event) {
		ApplicationAvailability availability = this.availability.get();
		if (this.held == null || availability == null) {
			return false;
		}
		AvailabilityChangeEvent<ReadinessState> last = availability.getLastChangeEvent(ReadinessState.class);
		return last != event && last != null && last.getSource() == this.source;
	}

	/**
	 * Publishes {@code REFUSING_TRAFFIC} again if the drain is held and readiness says otherwise.
	 */
	synchronized void reassert() {
		if (this.held == null) {
			return;
		}
		ApplicationAvailability availability = this.availability.get();
		ReadinessState current = (availability != null) ? availability.getReadinessState() : this.published;
		if (current != ReadinessState.REFUSING_TRAFFIC) {
			overrule();
		}
	}

	private void overrule() {
		if (logger.isDebugEnabled()) {
			logger.debug("Readiness set back to REFUSING_TRAFFIC: the %s is still present".formatted(this.reason));
		}
		publish(ReadinessState.REFUSING_TRAFFIC);
	}

	private boolean isOurs() {
		ApplicationAvailability availability = this.availability.get();
		if (availability == null) {
			return this.published == ReadinessState.REFUSING_TRAFFIC;
		}
		AvailabilityChangeEvent<ReadinessState> last = availability.getLastChangeEvent(ReadinessState.class);
		return last == null || last.getSource() == this.source;
	}

	private void publish(ReadinessState state) {
		this.published = state;
		try {
			AvailabilityChangeEvent.publish(this.publisher, this.source, state);
		}
		catch (RuntimeException ex) {
			logger.error("Failed to publish readiness %s".formatted(state), ex);
		}
	}

	/**
	 * Says what an update did to readiness, for the log line of the notice that caused it.
	 * @param change the update's change
	 * @return the sentence's end, starting with {@code "; "}
	 */
	String outcome(Change change) {
		if (change == Change.DRAINED) {
			return "; readiness set to REFUSING_TRAFFIC so that load balancers drain this instance";
		}
		if (!this.enabled) {
			return "; readiness unchanged (imds.lifecycle.drain-on-termination is off)";
		}
		return "; readiness already REFUSING_TRAFFIC";
	}

	/**
	 * A termination notice.
	 *
	 * @param reason the notice, for logs and the state ({@code spot interruption notice stop at …})
	 * @param returns whether the instance can come back when the notice is withdrawn (spot {@code stop},
	 * {@code hibernate})
	 */
	record Cause(String reason, boolean returns) {
	}

	/**
	 * What an update changed.
	 */
	enum Change {

		/** Nothing visible. */
		NONE,

		/** Readiness was set to {@code REFUSING_TRAFFIC}. */
		DRAINED,

		/** The notice was withdrawn and the drain let go. */
		RELEASED

	}

}
