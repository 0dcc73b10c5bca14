package io.github.imds.autoconfigure;

import java.time.Duration;
import java.util.function.Supplier;

import io.github.imds.actuate.ImdsRequestStatistics;
import io.github.imds.client.ImdsAvailability;
import io.github.imds.client.ImdsClient;
import io.github.imds.client.ImdsException;
import io.github.imds.env.Ec2MetadataPropertySource;
import io.github.imds.metadata.InstanceMetadata;
import io.github.imds.metadata.MetadataLoadOptions;
import io.github.imds.metadata.MetadataLoader;
import org.apache.commons.logging.Log;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.bootstrap.BootstrapRegistry;
import org.springframework.boot.bootstrap.ConfigurableBootstrapContext;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * {@link EnvironmentPostProcessor} that loads the instance metadata once at startup and exposes it as
 * {@code ec2.*} properties, early enough for {@code @Value}, {@code @ConfigurationProperties},
 * {@code @ConditionalOnProperty} and placeholders in configuration files.
 * <p>
 * The client and the snapshot it builds become the {@code imdsClient} and {@code instanceMetadata} beans,
 * so the token fetched here is the one every other feature uses.
 *
 * @since 0.1.0
 */
public class ImdsEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	/**
	 * Runs right after config data, so that {@code imds.*} settings from {@code application.*} files,
	 * profiles, environment variables and the command line all apply.
	 */
	public static final int ORDER = ConfigDataEnvironmentPostProcessor.ORDER + 1;

	private static final String SPRING_CLOUD_BOOTSTRAP = "bootstrap";

	// Internal names, so that a user's bean named imdsClient or instanceMetadata does not clash with these.
	private static final String BEAN_NAME_PREFIX = ImdsEnvironmentPostProcessor.class.getName() + ".";

	static final String CLIENT_BEAN_NAME = BEAN_NAME_PREFIX + "imdsClient";

	static final String METADATA_BEAN_NAME = BEAN_NAME_PREFIX + "instanceMetadata";

	static final String STATISTICS_BEAN_NAME = BEAN_NAME_PREFIX + "imdsRequestStatistics";

	private final Log logger;

	private final ConfigurableBootstrapContext bootstrapContext;

	/**
	 * Creates the post-processor.
	 * @param logFactory the deferred log factory
	 * @param bootstrapContext the bootstrap context
	 */
	public ImdsEnvironmentPostProcessor(DeferredLogFactory logFactory, ConfigurableBootstrapContext bootstrapContext) {
		this.logger = logFactory.getLog(ImdsEnvironmentPostProcessor.class);
		this.bootstrapContext = bootstrapContext;
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (environment.getPropertySources().contains(SPRING_CLOUD_BOOTSTRAP)) {
			// Spring Cloud's bootstrap context reads bootstrap.*, not the application's imds.* settings: the
			// application's own run loads the metadata.
			return;
		}
		ImdsProperties properties = ImdsClientFactory.bind(environment);
		ImdsClient client = ImdsClientFactory.create(properties, environment);
		// Recording from the first request on, so that /actuator/imds counts the startup token and metadata load.
		ImdsRequestStatistics statistics = new ImdsRequestStatistics();
		client.addListener(statistics);
		InstanceMetadata metadata = load(client, properties);
		if (metadata.size() > 0) {
			new Ec2MetadataPropertySource(metadata.properties()).addTo(environment);
		}
		register(client, metadata, statistics);
	}

	private InstanceMetadata load(ImdsClient client, ImdsProperties properties) {
		ImdsAvailability availability = client.availability();
		if (!availability.isAvailable()) {
			this.logger.info("No ec2.* properties: " + availability.reason());
			return InstanceMetadata.empty();
		}
		if (!properties.getMetadata().isEnabled()) {
			this.logger.info("No ec2.* properties: imds.metadata.enabled=false");
			return InstanceMetadata.empty();
		}
		long start = System.nanoTime();
		try {
			InstanceMetadata metadata = new MetadataLoader().load(client, options(properties));
			if (metadata.isEmpty() && !metadata.complete()) {
				// the first request never ended within the budget: IMDS is as good as unreachable
				return unreachable(client, properties, String.join("; ", metadata.failures())
						+ " (raise imds.metadata.startup-timeout if IMDS is only slow here)", null);
			}
			Duration took = Duration.ofNanos(System.nanoTime() - start);
			logLoaded(client, metadata, took);
			return metadata;
		}
		catch (ImdsException ex) {
			return unreachable(client, properties, ex.getMessage(), ex);
		}
	}

	private InstanceMetadata unreachable(ImdsClient client, ImdsProperties properties, String cause,
			@Nullable ImdsException exception) {
		if (properties.isFailFast()) {
			throw new ImdsStartupException(client.endpoint().toString(), cause, exception);
		}
		this.logger.warn(("No ec2.* properties: EC2 instance metadata could not be loaded from %s: %s "
				+ "(the application starts without them; set imds.fail-fast=true to stop instead)")
			.formatted(client.endpoint(), cause));
		return InstanceMetadata.empty();
	}

	private void logLoaded(ImdsClient client, InstanceMetadata metadata, Duration took) {
		for (String warning : metadata.warnings()) {
			this.logger.warn("EC2 instance metadata: " + warning);
		}
		if (metadata.failures().isEmpty()) {
			this.logger.info("Loaded %d ec2.* properties for %s from %s in %d ms".formatted(metadata.size(),
					metadata.instanceId().orElse("unknown instance"), client.endpoint().uri(), took.toMillis()));
		}
		else {
			this.logger.warn("Loaded %d ec2.* properties for %s from %s in %d ms; %d could not be loaded: %s"
				.formatted(metadata.size(), metadata.instanceId().orElse("unknown instance"), client.endpoint().uri(),
						took.toMillis(), metadata.failures().size(), String.join("; ", metadata.failures())));
		}
	}

	static MetadataLoadOptions options(ImdsProperties properties) {
		ImdsProperties.Metadata metadata = properties.getMetadata();
		return MetadataLoadOptions.defaults()
			.withExtraPaths(metadata.getExtraPaths())
			.withUserData(metadata.getUserData())
			.withTags(metadata.isTags())
			.withStartupTimeout(metadata.getStartupTimeout());
	}

	private void register(ImdsClient client, InstanceMetadata metadata, ImdsRequestStatistics statistics) {
		this.bootstrapContext.register(ImdsClient.class, BootstrapRegistry.InstanceSupplier.of(client));
		this.bootstrapContext.register(InstanceMetadata.class, BootstrapRegistry.InstanceSupplier.of(metadata));
		this.bootstrapContext.addCloseListener((event) -> {
			ConfigurableListableBeanFactory beanFactory = event.getApplicationContext().getBeanFactory();
			if (beanFactory instanceof BeanDefinitionRegistry registry) {
				registerBean(registry, CLIENT_BEAN_NAME, ImdsClient.class, () -> client, true);
				registerBean(registry, METADATA_BEAN_NAME, InstanceMetadata.class, () -> metadata, false);
				registerBean(registry, STATISTICS_BEAN_NAME, ImdsRequestStatistics.class, () -> statistics, false);
			}
		});
	}

	private static <T> void registerBean(BeanDefinitionRegistry registry, String name, Class<T> type,
			Supplier<T> instance, boolean closeWithContext) {
		if (registry.containsBeanDefinition(name)) {
			return;
		}
		RootBeanDefinition definition = new RootBeanDefinition(type, instance);
		// A bean of the same type that the application defines wins where one is injected.
		definition.setFallback(true);
		if (closeWithContext) {
			definition.setDestroyMethodName(AbstractBeanDefinition.INFER_METHOD);
		}
		registry.registerBeanDefinition(name, definition);
	}

}
