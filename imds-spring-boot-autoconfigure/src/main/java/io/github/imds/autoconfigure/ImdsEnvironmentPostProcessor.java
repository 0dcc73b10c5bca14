package io.github.imds.autoconfigure;

import io.github.imds.env.Ec2MetadataPropertySource;
import io.github.imds.metadata.InstanceMetadata;
import org.apache.commons.logging.Log;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.bootstrap.ConfigurableBootstrapContext;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.aot.AbstractAotProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;

/**
 * {@link EnvironmentPostProcessor} that loads the instance metadata once at startup and exposes it as
 * {@code ec2.*} properties, early enough for {@code @Value}, {@code @ConditionalOnProperty} and placeholders
 * in configuration files. The requests run while Spring goes on starting; the first {@code ec2.*} read, and
 * the application context before it makes any bean, wait for them
 * ({@link PendingEc2MetadataPropertySource}). With {@code spring.config.import=optional:imds:} the config data loader has
 * already loaded them, and this post-processor only moves them to their documented precedence.
 * <p>
 * The client and the snapshot it builds become the {@code imdsClient} and {@code instanceMetadata} beans,
 * so the token fetched here is the one every other feature uses. During Spring AOT processing
 * ({@code spring.aot.processing=true}) nothing is loaded: the build sends no request.
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
		if (isAotProcessing()) {
			// The build must neither send a request nor wait for one; the AOT-processed application loads
			// the metadata when it runs.
			this.logger.debug("No ec2.* properties during AOT processing");
			return;
		}
		ImdsStartupLoad load = ImdsStartupLoad.obtain(this.bootstrapContext,
				() -> ImdsStartupLoad.obtainShared(ImdsClientFactory.bind(environment), Binder.get(environment),
						this.logger));
		PropertySource<?> imported = environment.getPropertySources().get(Ec2MetadataPropertySource.NAME);
		if (imported instanceof Ec2MetadataPropertySource source) {
			// Config data put it among the imported sources, below profile-specific application files.
			source.addTo(environment);
			return;
		}
		if (load.isDone()) {
			InstanceMetadata metadata = load.metadata();
			if (metadata.size() > 0) {
				new Ec2MetadataPropertySource(metadata.properties()).addTo(environment);
			}
			return;
		}
		// Spring goes on starting while the requests run: the first ec2.* read waits for them, and so does the
		// application context, before it makes any bean.
		PendingEc2MetadataPropertySource pending = PendingEc2MetadataPropertySource.addTo(environment, load);
		this.bootstrapContext.addCloseListener((event) -> {
			ConfigurableApplicationContext context = event.getApplicationContext();
			context.addBeanFactoryPostProcessor((beanFactory) -> pending.resolveIn(context.getEnvironment()));
		});
	}

	static boolean isAotProcessing() {
		return Boolean.getBoolean(AbstractAotProcessor.AOT_PROCESSING);
	}

}
