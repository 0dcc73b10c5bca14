package io.github.imds.test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link Clock} that follows a base clock plus an adjustable offset, so that tests can
 * move the simulator's time without waiting. Views made by {@link #withZone(ZoneId)}
 * share the offset.
 */
final class SimulatorClock extends Clock {

	private final Clock base;

	private final AtomicReference<Duration> offset;

	private final ZoneId zone;

	SimulatorClock(Clock base) {
		this(base, new AtomicReference<>(Duration.ZERO), ZoneOffset.UTC);
	}

	private SimulatorClock(Clock base, AtomicReference<Duration> offset, ZoneId zone) {
		this.base = base;
		this.offset = offset;
		this.zone = zone;
	}

	void advance(Duration amount) {
		this.offset.updateAndGet((current) -> current.plus(amount));
	}

	void setTime(Instant time) {
		this.offset.set(Duration.between(this.base.instant(), time));
	}

	void resetOffset() {
		this.offset.set(Duration.ZERO);
	}

	@Override
	public ZoneId getZone() {
		return this.zone;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		return new SimulatorClock(this.base, this.offset, zone);
	}

	@Override
	public Instant instant() {
		return this.base.instant().plus(this.offset.get());
	}

	@Override
	public long millis() {
		return instant().toEpochMilli();
	}

	@Override
	public String toString() {
		return "SimulatorClock[base=" + this.base + ", offset=" + this.offset.get() + "]";
	}

}
