package io.github.imds.lifecycle;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ApplicationAvailabilityBean;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Tests for {@link ReadinessDrain}: what it publishes for each sequence of notices and readiness changes, with
 * the application's availability ({@link ApplicationAvailabilityBean}, fed by the test) and without one.
 */
class ReadinessDrainTests {

	private static final ReadinessDrain.Cause STOP = new ReadinessDrain.Cause("spot interruption notice (stop)",
			true);

	private static final ReadinessDrain.Cause TERMINATE = new ReadinessDrain.Cause(
			"spot interruption notice (terminate)", false);

	private final Object source = new Object();

	private final Object application = new Object();

	private final ApplicationAvailabilityBean availability = new ApplicationAvailabilityBean();

	/** Readiness states the drain published, in order. */
	private final List<ReadinessState> published = new ArrayList<>();

	/** Whether what the drain publishes reaches the availability (as the application context does). */
	private boolean recorded = true;

	private final ApplicationEventPublisher publisher = this::onPublished;

	@Test
	void disabledDrainNeverPublishes() {
		ReadinessDrain drain = new ReadinessDrain(this.publisher, this.source, false, () -> this.availability);
		assertThat(drain.isEnabled()).isFalse();
		assertThat(drain.update(TERMINATE)).isEqualTo(ReadinessDrain.Change.NONE);
		assertThat(drain.update(null)).isEqualTo(ReadinessDrain.Change.NONE);
		assertThat(drain.isHeld()).isFalse();
		assertThat(drain.reason()).isNull();
		assertThat(this.published).isEmpty();
	}

	@Test
	void noNoticeChangesNothing() {
		ReadinessDrain drain = drain();
		assertThat(drain.isEnabled()).isTrue();
		assertThat(drain.update(null)).isEqualTo(ReadinessDrain.Change.NONE);
		assertThat(drain.isHeld()).isFalse();
		assertThat(this.published).isEmpty();
	}

	@Test
	void firstNoticeRefusesTrafficOnce() {
		ReadinessDrain drain = drain();
		assertThat(drain.update(TERMINATE)).isEqualTo(ReadinessDrain.Change.DRAINED);
		assertThat(drain.isHeld()).isTrue();
		assertThat(drain.reason()).isEqualTo(TERMINATE.reason());
		assertThat(drain.update(TERMINATE)).isEqualTo(ReadinessDrain.Change.NONE);
		assertThat(drain.update(TERMINATE)).isEqualTo(ReadinessDrain.Change.NONE);
		assertThat(this.published).containsExactly(ReadinessState.REFUSING_TRAFFIC);
		assertThat(this.availability.getReadinessState()).isEqualTo(ReadinessState.REFUSING_TRAFFIC);
	}

	@Test
	void laterNoticeKeepsTheFirstReason() {
		ReadinessDrain drain = drain();
		drain.update(STOP);
		drain.update(TERMINATE);
		assertThat(drain.reason()).isEqualTo(STOP.reason());
	}

	@Test
	void heldNoticeOverrulesAcceptingTrafficSetInBetweenPolls() {
		ReadinessDrain drain = drain();
		drain.update(TERMINATE);
		acceptTrafficWithoutTellingTheDrain();
		assertThat(drain.update(TERMINATE)).isEqualTo(ReadinessDrain.Change.NONE);
		assertThat(this.published).containsExactly(ReadinessState.REFUSING_TRAFFIC, ReadinessState.REFUSING_TRAFFIC);
		assertThat(this.availability.getReadinessState()).isEqualTo(ReadinessState.REFUSING_TRAFFIC);
	}

	@Test
	void withdrawnStopNoticeAcceptsTrafficAgainOnceTheApplicationIsReady() {
		ReadinessDrain drain = drain();
		drain.applicationReady();
		drain.update(STOP);
		assertThat(drain.update(null)).isEqualTo(ReadinessDrain.Change.RELEASED);
		assertThat(drain.isHeld()).isFalse();
		assertThat(drain.reason()).isNull();
		assertThat(this.published).containsExactly(ReadinessState.REFUSING_TRAFFIC, ReadinessState.ACCEPTING_TRAFFIC);
		assertThat(this.availability.getReadinessState()).isEqualTo(ReadinessState.ACCEPTING_TRAFFIC);
		assertThat(drain.update(null)).isEqualTo(ReadinessDrain.Change.NONE);
		assertThat(this.published).hasSize(2);
	}

	@Test
	void withdrawnStopNoticeBeforeTheApplicationIsReadyLeavesReadinessToTheApplication() {
		ReadinessDrain drain = drain();
		drain.update(STOP);
		assertThat(drain.update(null)).isEqualTo(ReadinessDrain.Change.RELEASED);
		assertThat(drain.isHeld()).isFalse();
		assertThat(drain.reason()).isNull();
		assertThat(this.published).containsExactly(ReadinessState.REFUSING_TRAFFIC);
	}

	@Test
	void withdrawnStopNoticeLeavesReadinessAloneWhenAnotherComponentChangedIt() {
		ReadinessDrain drain = drain();
		drain.applicationReady();
		drain.update(STOP);
		AvailabilityChangeEvent.publish(this.availabilityFeed(), this.application, ReadinessState.REFUSING_TRAFFIC);
		assertThat(drain.update(null)).isEqualTo(ReadinessDrain.Change.RELEASED);
		assertThat(drain.isHeld()).isFalse();
		assertThat(this.published).containsExactly(ReadinessState.REFUSING_TRAFFIC);
	}

	@Test
	void withdrawnTerminateNoticeIsStillHeld() {
		ReadinessDrain drain = drain();
		drain.applicationReady();
		drain.update(TERMINATE);
		assertThat(drain.update(null)).isEqualTo(ReadinessDrain.Change.NONE);
		assertThat(drain.isHeld()).isTrue();
		assertThat(drain.reason()).isEqualTo(TERMINATE.reason());
		assertThat(this.published).containsExactly(ReadinessState.REFUSING_TRAFFIC);
	}

	@Test
	void terminateSeenOnceIsNeverWithdrawnEvenAfterAStopNotice() {
		ReadinessDrain drain = drain();
		drain.applicationReady();
		drain.update(STOP);
		drain.update(TERMINATE);
		drain.update(STOP);
		assertThat(drain.update(null)).isEqualTo(ReadinessDrain.Change.NONE);
		assertThat(drain.update(null)).isEqualTo(ReadinessDrain.Change.NONE);
		assertThat(drain.isHeld()).isTrue();
		assertThat(drain.reason()).isEqualTo(STOP.reason());
		assertThat(this.published).containsExactly(ReadinessState.REFUSING_TRAFFIC);
	}

	@Test
	void stopNoticeSeenTwiceIsStillWithdrawn() {
		ReadinessDrain drain = drain();
		drain.applicationReady();
		drain.update(STOP);
		drain.update(STOP);
		assertThat(drain.update(null)).isEqualTo(ReadinessDrain.Change.RELEASED);
		assertThat(this.published).containsExactly(ReadinessState.REFUSING_TRAFFIC, ReadinessState.ACCEPTING_TRAFFIC);
	}

	@Test
	void withdrawnStopNoticeGivesReadinessBackWhenNoChangeIsRecorded() {
		this.recorded = false;
		ReadinessDrain drain = drain();
		drain.applicationReady();
		drain.update(STOP);
		assertThat(drain.update(null)).isEqualTo(ReadinessDrain.Change.RELEASED);
		assertThat(this.published).containsExactly(ReadinessState.REFUSING_TRAFFIC, ReadinessState.ACCEPTING_TRAFFIC);
	}

	@Test
	void withoutAvailabilityWithdrawnStopNoticeAcceptsTrafficItRefused() {
		ReadinessDrain drain = new ReadinessDrain(this.publisher, this.source, true, () -> null);
		drain.update(STOP);
		assertThat(drain.update(null)).isEqualTo(ReadinessDrain.Change.RELEASED);
		assertThat(this.published).containsExactly(ReadinessState.REFUSING_TRAFFIC, ReadinessState.ACCEPTING_TRAFFIC);
	}

	@Test
	void withoutAvailabilityWithdrawnStopNoticeLeavesReadinessAloneWhenAnotherComponentChangedIt() {
		ReadinessDrain drain = new ReadinessDrain(this.publisher, this.source, true, () -> null);
		drain.update(STOP);
		assertThat(drain.readinessChanged(this.application, ReadinessState.REFUSING_TRAFFIC)).isFalse();
		assertThat(drain.update(null)).isEqualTo(ReadinessDrain.Change.RELEASED);
		assertThat(this.published).containsExactly(ReadinessState.REFUSING_TRAFFIC);
	}

	@Test
	void withoutAvailabilityHeldNoticeIsNotPublishedAgainWhileNothingChanged() {
		ReadinessDrain drain = new ReadinessDrain(this.publisher, this.source, true, () -> null);
		drain.update(TERMINATE);
		drain.update(TERMINATE);
		drain.reassert();
		assertThat(this.published).containsExactly(ReadinessState.REFUSING_TRAFFIC);
	}

	@Test
	void withoutAvailabilityAcceptingTrafficIsOverruledAtOnce() {
		ReadinessDrain drain = new ReadinessDrain(this.publisher, this.source, true, () -> null);
		drain.update(TERMINATE);
		assertThat(drain.readinessChanged(this.application, ReadinessState.ACCEPTING_TRAFFIC)).isFalse();
		assertThat(this.published).containsExactly(ReadinessState.REFUSING_TRAFFIC, ReadinessState.REFUSING_TRAFFIC);
	}

	@Test
	void withoutAvailabilityReassertPublishesAgainAfterAnotherComponentChangedReadiness() {
		ReadinessDrain drain = new ReadinessDrain(this.publisher, this.source, true, () -> null);
		drain.update(TERMINATE);
		drain.readinessChanged(this.application, ReadinessState.REFUSING_TRAFFIC);
		drain.reassert();
		assertThat(this.published).containsExactly(ReadinessState.REFUSING_TRAFFIC, ReadinessState.REFUSING_TRAFFIC);
		drain.reassert();
		assertThat(this.published).hasSize(2);
	}

	@Test
	void ownReadinessChangeIsIgnored() {
		ReadinessDrain drain = new ReadinessDrain(this.publisher, this.source, true, () -> null);
		drain.update(STOP);
		assertThat(drain.readinessChanged(this.source, ReadinessState.ACCEPTING_TRAFFIC)).isFalse();
		assertThat(this.published).containsExactly(ReadinessState.REFUSING_TRAFFIC);
		// still ours: the withdrawal gives readiness back
		drain.update(null);
		assertThat(this.published).containsExactly(ReadinessState.REFUSING_TRAFFIC, ReadinessState.ACCEPTING_TRAFFIC);
	}

	@Test
	void acceptingTrafficWhileNotHeldIsLeftAlone() {
		ReadinessDrain drain = drain();
		acceptTrafficWithoutTellingTheDrain();
		assertThat(drain.readinessChanged(this.application, ReadinessState.ACCEPTING_TRAFFIC)).isFalse();
		assertThat(this.published).isEmpty();
	}

	@Test
	void refusingTrafficByAnotherComponentWhileHeldIsLeftAlone() {
		ReadinessDrain drain = drain();
		drain.update(TERMINATE);
		AvailabilityChangeEvent.publish(this.availabilityFeed(), this.application, ReadinessState.REFUSING_TRAFFIC);
		assertThat(drain.readinessChanged(this.application, ReadinessState.REFUSING_TRAFFIC)).isFalse();
		assertThat(this.published).containsExactly(ReadinessState.REFUSING_TRAFFIC);
	}

	@Test
	void acceptingTrafficAlreadyRecordedIsOverruledAtOnce() {
		ReadinessDrain drain = drain();
		drain.update(TERMINATE);
		acceptTrafficWithoutTellingTheDrain();
		assertThat(drain.readinessChanged(this.application, ReadinessState.ACCEPTING_TRAFFIC)).isFalse();
		assertThat(this.published).containsExactly(ReadinessState.REFUSING_TRAFFIC, ReadinessState.REFUSING_TRAFFIC);
		assertThat(this.availability.getReadinessState()).isEqualTo(ReadinessState.REFUSING_TRAFFIC);
	}

	@Test
	void acceptingTrafficNotRecordedYetIsReassertedOnceRecorded() {
		ReadinessDrain drain = drain();
		drain.update(TERMINATE);
		AvailabilityChangeEvent<ReadinessState> accepting = new AvailabilityChangeEvent<>(this.application,
				ReadinessState.ACCEPTING_TRAFFIC);
		// the drain's listener runs before the availability's: the change is not recorded yet
		assertThat(drain.readinessChanged(this.application, ReadinessState.ACCEPTING_TRAFFIC)).isTrue();
		assertThat(this.published).containsExactly(ReadinessState.REFUSING_TRAFFIC);
		assertThat(drain.awaitsRecording(accepting)).isTrue();
		this.availability.onApplicationEvent(accepting);
		assertThat(drain.awaitsRecording(accepting)).isFalse();
		drain.reassert();
		assertThat(this.published).containsExactly(ReadinessState.REFUSING_TRAFFIC, ReadinessState.REFUSING_TRAFFIC);
		assertThat(this.availability.getReadinessState()).isEqualTo(ReadinessState.REFUSING_TRAFFIC);
	}

	@Test
	void changeByAnotherComponentRecordedSinceDoesNotAwaitRecording() {
		ReadinessDrain drain = drain();
		drain.update(TERMINATE);
		AvailabilityChangeEvent<ReadinessState> accepting = new AvailabilityChangeEvent<>(this.application,
				ReadinessState.ACCEPTING_TRAFFIC);
		AvailabilityChangeEvent.publish(this.availabilityFeed(), this.application, ReadinessState.REFUSING_TRAFFIC);
		assertThat(drain.awaitsRecording(accepting)).isFalse();
	}

	@Test
	void nothingAwaitsRecordingWhileNotHeldOrWithoutAvailability() {
		AvailabilityChangeEvent<ReadinessState> accepting = new AvailabilityChangeEvent<>(this.application,
				ReadinessState.ACCEPTING_TRAFFIC);
		ReadinessDrain notHeld = drain();
		assertThat(notHeld.awaitsRecording(accepting)).isFalse();
		ReadinessDrain withoutAvailability = new ReadinessDrain(this.publisher, this.source, true, () -> null);
		withoutAvailability.update(TERMINATE);
		assertThat(withoutAvailability.awaitsRecording(accepting)).isFalse();
	}

	@Test
	void nothingAwaitsRecordingBeforeAnyReadinessIsRecorded() {
		this.recorded = false;
		ReadinessDrain drain = drain();
		drain.update(TERMINATE);
		assertThat(drain.awaitsRecording(new AvailabilityChangeEvent<>(this.application,
				ReadinessState.ACCEPTING_TRAFFIC))).isFalse();
	}

	@Test
	void reassertWhileNotHeldPublishesNothing() {
		ReadinessDrain drain = drain();
		acceptTrafficWithoutTellingTheDrain();
		drain.reassert();
		assertThat(this.published).isEmpty();
	}

	@Test
	void reassertWhileReadinessIsRefusedPublishesNothing() {
		ReadinessDrain drain = drain();
		drain.update(TERMINATE);
		drain.reassert();
		assertThat(this.published).containsExactly(ReadinessState.REFUSING_TRAFFIC);
	}

	@Test
	void failingPublisherDoesNotStopTheDrain() {
		ReadinessDrain drain = new ReadinessDrain((event) -> {
			throw new IllegalStateException("listener failed");
		}, this.source, true, () -> null);
		assertThatNoException().isThrownBy(() -> assertThat(drain.update(TERMINATE))
			.isEqualTo(ReadinessDrain.Change.DRAINED));
		assertThat(drain.isHeld()).isTrue();
	}

	private ReadinessDrain drain() {
		return new ReadinessDrain(this.publisher, this.source, true, this::availability);
	}

	private @Nullable ApplicationAvailability availability() {
		return this.availability;
	}

	/** The application sets readiness to ACCEPTING_TRAFFIC; the drain's listener is not called. */
	private void acceptTrafficWithoutTellingTheDrain() {
		AvailabilityChangeEvent.publish(this.availabilityFeed(), this.application, ReadinessState.ACCEPTING_TRAFFIC);
	}

	private ApplicationEventPublisher availabilityFeed() {
		return (event) -> this.availability.onApplicationEvent((AvailabilityChangeEvent<?>) event);
	}

	private void onPublished(Object event) {
		AvailabilityChangeEvent<?> change = (AvailabilityChangeEvent<?>) event;
		assertThat(change.getSource()).isSameAs(this.source);
		this.published.add((ReadinessState) change.getState());
		if (this.recorded) {
			this.availability.onApplicationEvent(change);
		}
	}

}
