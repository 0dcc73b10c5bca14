package io.github.imds.autoconfigure;

import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

import io.github.imds.metadata.InstanceMetadataChangedEvent;
import org.jspecify.annotations.Nullable;

import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.cloud.context.scope.refresh.RefreshScope;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationListener;
import org.springframework.context.PayloadApplicationEvent;

/**
 * Turns an {@link InstanceMetadataChangedEvent} into Spring Cloud's {@link EnvironmentChangeEvent} with the
 * changed {@code ec2.*} keys (the property source holds the new values already), then refreshes the
 * {@code @RefreshScope} beans when Spring Cloud's refresh scope is there.
 */
final class Ec2EnvironmentChangePublisher
		implements ApplicationListener<PayloadApplicationEvent<InstanceMetadataChangedEvent>> {

	private final ApplicationEventPublisher publisher;

	private final Supplier<@Nullable RefreshScope> refreshScope;

	Ec2EnvironmentChangePublisher(ApplicationEventPublisher publisher, Supplier<@Nullable RefreshScope> refreshScope) {
		this.publisher = publisher;
		this.refreshScope = refreshScope;
	}

	@Override
	public void onApplicationEvent(PayloadApplicationEvent<InstanceMetadataChangedEvent> event) {
		Set<String> keys = new TreeSet<>(event.getPayload().changes().keySet());
		this.publisher.publishEvent(new EnvironmentChangeEvent(event.getSource(), keys));
		RefreshScope scope = this.refreshScope.get();
		if (scope != null) {
			scope.refreshAll();
		}
	}

	@Override
	public boolean supportsAsyncExecution() {
		return false;
	}

}
