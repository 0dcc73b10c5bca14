package io.github.imds.lifecycle;

import java.time.Clock;
import java.time.Duration;
import java.util.Random;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

import io.github.imds.client.ImdsClient;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.util.Assert;

/**
 * Builds an {@link InstanceLifecyclePoller}, for applications that define their own poller bean: see
 * {@link InstanceLifecyclePoller#builder(ImdsClient, ApplicationEventPublisher)}.
 *
 * @since 0.1.0
 */
public final class InstanceLifecyclePollerBuilder {

	final ImdsClient client;

	final ApplicationEventPublisher publisher;

	Duration pollInterval = Duration.ofSeconds(5);

	boolean drainOnTermination = true;

	Supplier<@Nullable String> instanceLifeCycle = () -> null;

	Clock clock = Clock.systemUTC();

	Supplier<@Nullable ApplicationAvailability> availability = () -> null;

	RandomGenerator random = new Random();

	Supplier<LifecycleScheduler> scheduler = () -> LifecycleScheduler
		.daemonThread(InstanceLifecyclePoller.THREAD_NAME);

	InstanceLifecyclePollerBuilder(ImdsClient client, ApplicationEventPublisher publisher) {
		Assert.notNull(client, "'client' must not be null");
		Assert.notNull(publisher, "'publisher' must not be null");
		this.client = client;
		this.publisher = publisher;
	}

	/**
	 * The interval between polls of the spot and Auto Scaling paths (default 5 s, as AWS advises).
	 * @param pollInterval the interval, at least 1 ms
	 * @return this builder
	 */
	public InstanceLifecyclePollerBuilder pollInterval(Duration pollInterval) {
		Assert.notNull(pollInterval, "'pollInterval' must not be null");
		Assert.isTrue(pollInterval.toMillis() >= 1,
				() -> "'pollInterval' must be at least 1ms, was '%s'".formatted(pollInterval));
		this.pollInterval = pollInterval;
		return this;
	}

	/**
	 * Whether a termination notice holds readiness at {@link ReadinessState#REFUSING_TRAFFIC} (default
	 * {@code true}).
	 * @param drainOnTermination whether to drain
	 * @return this builder
	 */
	public InstanceLifecyclePollerBuilder drainOnTermination(boolean drainOnTermination) {
		this.drainOnTermination = drainOnTermination;
		return this;
	}

	/**
	 * The instance's life cycle ({@code spot}, {@code on-demand}, …) when already known; by default it is read
	 * from IMDS once.
	 * @param instanceLifeCycle the life cycle, or {@code null} to read it
	 * @return this builder
	 */
	public InstanceLifecyclePollerBuilder instanceLifeCycle(@Nullable String instanceLifeCycle) {
		return instanceLifeCycleSource(() -> instanceLifeCycle);
	}

	/**
	 * Where the poller learns the instance's life cycle without asking IMDS, such as the loaded (and
	 * refreshed) {@code InstanceMetadata}: asked when the poller is built and before each poll until it
	 * answers; while it answers {@code null} or blank, the poller reads the life cycle from IMDS once.
	 * @param instanceLifeCycle the source of the life cycle
	 * @return this builder
	 */
	public InstanceLifecyclePollerBuilder instanceLifeCycleSource(Supplier<@Nullable String> instanceLifeCycle) {
		Assert.notNull(instanceLifeCycle, "'instanceLifeCycle' must not be null");
		this.instanceLifeCycle = () -> {
			String value = instanceLifeCycle.get();
			return (value != null && !value.isBlank()) ? value.trim() : null;
		};
		return this;
	}

	/**
	 * The application's availability, which tells the drain what readiness is now; without it the drain
	 * trusts what it published itself.
	 * @param availability the availability, or a supplier of {@code null}
	 * @return this builder
	 */
	public InstanceLifecyclePollerBuilder availability(Supplier<@Nullable ApplicationAvailability> availability) {
		Assert.notNull(availability, "'availability' must not be null");
		this.availability = availability;
		return this;
	}

	/**
	 * The clock that decides which paths are due (default the system UTC clock).
	 * @param clock the clock
	 * @return this builder
	 */
	public InstanceLifecyclePollerBuilder clock(Clock clock) {
		Assert.notNull(clock, "'clock' must not be null");
		this.clock = clock;
		return this;
	}

	InstanceLifecyclePollerBuilder random(RandomGenerator random) {
		this.random = random;
		return this;
	}

	InstanceLifecyclePollerBuilder scheduler(Supplier<LifecycleScheduler> scheduler) {
		this.scheduler = scheduler;
		return this;
	}

	/**
	 * Builds the poller; it polls once started.
	 * @return the poller
	 */
	public InstanceLifecyclePoller build() {
		return new InstanceLifecyclePoller(this);
	}

}
