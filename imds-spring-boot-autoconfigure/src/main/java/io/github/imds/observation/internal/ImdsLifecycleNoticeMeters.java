package io.github.imds.observation.internal;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.SmartApplicationListener;

/**
 * {@link MeterBinder} for the counter {@code imds.lifecycle.notices} (tag {@code kind}, see
 * {@link LifecycleNoticeKind}): the lifecycle events published by the application (spot interruption,
 * rebalance recommendation, Auto Scaling target state, scheduled maintenance). Every kind is registered at 0,
 * so that an alert on its increase has a series to compare with; events published before the registry is
 * bound are counted too.
 *
 * @since 0.1.0
 */
public class ImdsLifecycleNoticeMeters implements MeterBinder, SmartApplicationListener {

	/**
	 * The counter name.
	 */
	public static final String COUNTER_NAME = "imds.lifecycle.notices";

	private final Map<LifecycleNoticeKind, LongAdder> counts = new EnumMap<>(LifecycleNoticeKind.class);

	/**
	 * Creates the binder.
	 */
	public ImdsLifecycleNoticeMeters() {
		for (LifecycleNoticeKind kind : LifecycleNoticeKind.values()) {
			this.counts.put(kind, new LongAdder());
		}
	}

	@Override
	public boolean supportsEventType(Class<? extends ApplicationEvent> eventType) {
		return LifecycleNoticeKind.of(eventType) != null;
	}

	@Override
	public void onApplicationEvent(ApplicationEvent event) {
		LifecycleNoticeKind kind = LifecycleNoticeKind.of(event.getClass());
		if (kind != null) {
			this.counts.get(kind).increment();
		}
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		this.counts.forEach((kind, count) -> FunctionCounter.builder(COUNTER_NAME, count, LongAdder::sum)
			.description("Instance lifecycle notices published as application events")
			.tag("kind", kind.tag())
			.register(registry));
	}

}
