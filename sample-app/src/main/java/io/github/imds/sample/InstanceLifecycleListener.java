package io.github.imds.sample;

import io.github.imds.lifecycle.RebalanceRecommendationEvent;
import io.github.imds.lifecycle.ScheduledMaintenanceEvent;
import io.github.imds.lifecycle.SpotInterruptionEvent;
import io.github.imds.lifecycle.TargetLifecycleStateChangedEvent;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Logs the instance lifecycle notices published by the starter.
 */
@Component
class InstanceLifecycleListener {

	private static final Log logger = LogFactory.getLog(InstanceLifecycleListener.class);

	@EventListener
	void onSpotInterruption(SpotInterruptionEvent event) {
		logger.warn("Spot interruption: %s at %s".formatted(event.getAction(), event.getTime()));
	}

	@EventListener
	void onRebalanceRecommendation(RebalanceRecommendationEvent event) {
		logger.info("Rebalance recommended at %s".formatted(event.getNoticeTime()));
	}

	@EventListener
	void onTargetLifecycleState(TargetLifecycleStateChangedEvent event) {
		logger.info("Auto Scaling target state: %s -> %s".formatted(event.getPrevious(), event.getCurrent()));
	}

	@EventListener
	void onScheduledMaintenance(ScheduledMaintenanceEvent event) {
		event.getEvents()
			.forEach((maintenance) -> logger.info("Maintenance %s (%s) from %s to %s".formatted(maintenance.code(),
					maintenance.state(), maintenance.notBefore(), maintenance.notAfter())));
	}

}
