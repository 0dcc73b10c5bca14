package io.github.imds.autoconfigure;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.github.imds.client.ImdsClient;
import io.github.imds.client.ImdsException;
import io.github.imds.env.Ec2MetadataPropertySource;
import io.github.imds.metadata.InstanceMetadata;
import io.github.imds.metadata.InstanceMetadataChangedEvent;
import io.github.imds.metadata.internal.MetadataLoadOptions;
import io.github.imds.metadata.internal.MetadataLoader;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.config.AutowireCapableBeanFactory;
import org.springframework.boot.context.properties.ConfigurationPropertiesBean;
import org.springframework.boot.context.properties.bind.BindMethod;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MutablePropertySources;

/**
 * Reloads the instance metadata on request ({@code POST /actuator/imds}) and, with
 * {@code imds.metadata.refresh-interval}, on a daemon thread; swaps the {@code ec2InstanceMetadata} property
 * source in one step, rebinds {@code @ConfigurationProperties("ec2…")} beans and publishes an
 * {@link InstanceMetadataChangedEvent} when keys changed. A failed reload keeps the current values. With
 * {@code imds.metadata.enabled=false} it loads nothing, on request or on schedule.
 */
final class ImdsMetadataRefresher implements SmartLifecycle {

	private static final String EC2_PREFIX = "ec2";

	private static final Log logger = LogFactory.getLog(ImdsMetadataRefresher.class);

	private final ImdsClient client;

	private final MetadataLoadOptions options;

	private final ConfigurableEnvironment environment;

	private final ApplicationContext context;

	private final boolean enabled;

	private final @Nullable Duration interval;

	private final Consumer<InstanceMetadata> onRefreshed;

	private final Object lock = new Object();

	// guarded by lock
	private InstanceMetadata current;

	private volatile @Nullable String lastFailure;

	private volatile @Nullable ScheduledExecutorService executor;

	ImdsMetadataRefresher(ImdsClient client, MetadataLoadOptions options, ConfigurableEnvironment environment,
			ApplicationContext context, InstanceMetadata initial, boolean enabled, @Nullable Duration interval,
			Consumer<InstanceMetadata> onRefreshed) {
		this.client = client;
		this.options = options;
		this.environment = environment;
		this.context = context;
		this.current = initial;
		this.enabled = enabled;
		this.interval = interval;
		this.onRefreshed = onRefreshed;
	}

	/**
	 * Reloads now; concurrent callers wait for one another, so that the events are published in the order of
	 * the changes (the rebind and the event happen under the same lock as the swap).
	 * @return the event published, or empty when nothing changed, the reload failed or metadata is disabled
	 * @throws RuntimeException when rebinding or a listener of the event fails (the new values stay)
	 */
	Optional<InstanceMetadataChangedEvent> refresh() {
		if (!this.enabled || !this.client.availability().isAvailable()) {
			return Optional.empty();
		}
		synchronized (this.lock) {
			this.lastFailure = null;
			try {
				return reload();
			}
			catch (RuntimeException ex) {
				this.lastFailure = "refresh failed: " + ex.getClass().getSimpleName() + ": " + ex.getMessage();
				throw ex;
			}
		}
	}

	// guarded by lock
	private Optional<InstanceMetadataChangedEvent> reload() {
		InstanceMetadata loaded;
		try {
			loaded = new MetadataLoader().load(this.client, this.options);
		}
		catch (ImdsException ex) {
			return notRefreshed(ex.getMessage());
		}
		if (!loaded.failures().isEmpty()) {
			return notRefreshed(String.join("; ", loaded.failures()));
		}
		Optional<InstanceMetadataChangedEvent> event = InstanceMetadataChangedEvent.between(this.current, loaded);
		if (event.isEmpty()) {
			return event;
		}
		swap(loaded);
		this.current = loaded;
		this.onRefreshed.accept(loaded);
		logger.info("EC2 instance metadata refreshed; changed: " + String.join(", ", event.get().changes().keySet()));
		rebindEc2ConfigurationProperties();
		this.context.publishEvent(event.get());
		return event;
	}

	private Optional<InstanceMetadataChangedEvent> notRefreshed(@Nullable String cause) {
		logger.warn("EC2 instance metadata not refreshed (the current values stay): " + cause);
		this.lastFailure = "refresh failed: " + cause;
		return Optional.empty();
	}

	/**
	 * Why the latest refresh failed, for {@code /actuator/imds}.
	 * @return the cause, or {@code null} when the latest refresh succeeded or none ran
	 */
	@Nullable String lastFailure() {
		return this.lastFailure;
	}

	private void swap(InstanceMetadata loaded) {
		Ec2MetadataPropertySource source = new Ec2MetadataPropertySource(loaded.properties());
		MutablePropertySources sources = this.environment.getPropertySources();
		if (sources.contains(Ec2MetadataPropertySource.NAME)) {
			sources.replace(Ec2MetadataPropertySource.NAME, source);
		}
		else {
			source.addTo(this.environment);
		}
	}

	/**
	 * Rebinds the mutable {@code @ConfigurationProperties} beans of the {@code ec2} prefix, as Spring Cloud's
	 * rebinder does for every prefix (constructor-bound ones cannot be rebound).
	 */
	private void rebindEc2ConfigurationProperties() {
		AutowireCapableBeanFactory beanFactory = this.context.getAutowireCapableBeanFactory();
		for (ConfigurationPropertiesBean bean : ConfigurationPropertiesBean.getAll(this.context).values()) {
			String prefix = bean.getAnnotation().prefix();
			if (bean.asBindTarget().getBindMethod() == BindMethod.JAVA_BEAN
					&& (prefix.equals(EC2_PREFIX) || prefix.startsWith(EC2_PREFIX + "."))) {
				beanFactory.initializeBean(bean.getInstance(), bean.getName());
			}
		}
	}

	/**
	 * The latest snapshot: the startup one until a refresh changed it.
	 */
	InstanceMetadata current() {
		synchronized (this.lock) {
			return this.current;
		}
	}

	@Override
	public void start() {
		Duration interval = this.interval;
		if (!this.enabled || interval == null || this.executor != null || !this.client.availability().isAvailable()) {
			return;
		}
		ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "imds-metadata-refresh");
			thread.setDaemon(true);
			return thread;
		});
		this.executor = executor;
		executor.scheduleWithFixedDelay(this::refreshQuietly, interval.toMillis(), interval.toMillis(),
				TimeUnit.MILLISECONDS);
	}

	private void refreshQuietly() {
		try {
			refresh();
		}
		catch (RuntimeException ex) {
			logger.warn("EC2 instance metadata refresh failed: " + ex.getMessage());
		}
	}

	@Override
	public void stop() {
		ScheduledExecutorService executor = this.executor;
		this.executor = null;
		if (executor != null) {
			executor.shutdownNow();
		}
	}

	@Override
	public boolean isRunning() {
		return this.executor != null;
	}

}
