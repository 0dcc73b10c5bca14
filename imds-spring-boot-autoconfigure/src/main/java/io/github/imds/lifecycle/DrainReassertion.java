package io.github.imds.lifecycle;

import java.time.Duration;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;

/**
 * Keeps the {@link ReadinessDrain} in force against readiness changes published by others: above all the
 * {@code ACCEPTING_TRAFFIC} that {@code SpringApplication} publishes once the application is ready, after the
 * first poll. Such a change is recorded by the application's availability only after the listeners ran, so
 * it is overruled on the polling thread once it is recorded (checked every 10 ms, at most 100 times; the next
 * poll checks again in any case).
 */
final class DrainReassertion {

	private static final int RECORDING_CHECKS = 100;

	private static final Duration RECORDING_CHECK_INTERVAL = Duration.ofMillis(10);

	private final ReadinessDrain drain;

	private final PollingLoop loop;

	DrainReassertion(ReadinessDrain drain, PollingLoop loop) {
		this.drain = drain;
		this.loop = loop;
	}

	/**
	 * Handles a readiness change that someone else published.
	 * @param event the change
	 * @param readiness its readiness state
	 */
	void onReadinessChange(AvailabilityChangeEvent<?> event, ReadinessState readiness) {
		if (readiness == ReadinessState.ACCEPTING_TRAFFIC) {
			this.drain.applicationReady();
		}
		if (this.drain.readinessChanged(event.getSource(), readiness)) {
			// recorded by the availability after this listener: overrule it once it is
			this.loop.runSoon(() -> reassertOnceRecorded(event, RECORDING_CHECKS));
		}
	}

	private void reassertOnceRecorded(AvailabilityChangeEvent<?> event, int checksLeft) {
		if (checksLeft > 0 && this.drain.awaitsRecording(event)) {
			this.loop.runLater(() -> reassertOnceRecorded(event, checksLeft - 1), RECORDING_CHECK_INTERVAL);
			return;
		}
		// recorded, or not after all these checks: the next poll checks again in any case
		this.drain.reassert();
	}

}
