package io.github.imds.test;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;

/**
 * Safe defaults for Spring test contexts: {@code imds.enabled=false}, unless the test
 * configures IMDS itself. A CI runner that is an EC2 instance would otherwise load its own
 * metadata and its role's credentials into every test context.
 * <p>
 * The default is a property source at the lowest precedence that answers
 * {@code imds.enabled} with {@code false} only while no other property source sets
 * {@code imds.enabled}, {@code imds.endpoint}, {@code aws.ec2MetadataServiceEndpoint} or
 * {@code AWS_EC2_METADATA_SERVICE_ENDPOINT}; the check is made on every lookup, so that
 * {@code application.properties}, loaded after this source was added, counts too.
 * {@link EnableImdsSimulator} sets {@code imds.endpoint}, so simulator tests are not
 * affected.
 * <p>
 * Only Spring's TestContext framework uses {@code ContextCustomizerFactory}s: the
 * {@link ImdsTestDefaultsContextCustomizerFactory} records each test class here, and
 * {@link ImdsSimulatorEnvironmentPostProcessor} applies the default when a
 * {@code SpringApplication}'s main class is such a test class (which
 * {@code SpringBootContextLoader} makes it). An application's own {@code main}, such as
 * the sample's, is never affected, even with this module on its class path.
 */
final class ImdsTestDefaults {

	static final String PROPERTY_SOURCE_NAME = "imdsTestDefaults";

	private static final Set<Class<?>> testClasses = ConcurrentHashMap.newKeySet();

	private static final String[] EXPLICIT = { "imds.enabled", "imds.endpoint", "aws.ec2MetadataServiceEndpoint",
			"AWS_EC2_METADATA_SERVICE_ENDPOINT" };

	private ImdsTestDefaults() {
	}

	static void registerTestClass(Class<?> testClass) {
		testClasses.add(testClass);
	}

	static boolean isTestClass(@Nullable Class<?> candidate) {
		return candidate != null && testClasses.contains(candidate);
	}

	/**
	 * Add the defaults to an environment, once.
	 */
	static void apply(ConfigurableEnvironment environment) {
		MutablePropertySources sources = environment.getPropertySources();
		if (!sources.contains(PROPERTY_SOURCE_NAME)) {
			sources.addLast(new DefaultsPropertySource(sources));
		}
	}

	/**
	 * {@code imds.enabled=false} while nothing else configures IMDS.
	 */
	static final class DefaultsPropertySource extends PropertySource<MutablePropertySources> {

		// Spring Boot's attached source, which looks up every other source, this one too
		private static final String ATTACHED = "configurationProperties";

		private final ThreadLocal<Boolean> checking = new ThreadLocal<>();

		DefaultsPropertySource(MutablePropertySources sources) {
			super(PROPERTY_SOURCE_NAME, sources);
		}

		@Override
		public @Nullable Object getProperty(String name) {
			if (!"imds.enabled".equals(name) || this.checking.get() != null) {
				return null;
			}
			this.checking.set(Boolean.TRUE);
			try {
				return isConfiguredElsewhere() ? null : "false";
			}
			finally {
				this.checking.remove();
			}
		}

		private boolean isConfiguredElsewhere() {
			for (PropertySource<?> source : getSource()) {
				if (source == this || ATTACHED.equals(source.getName())) {
					continue;
				}
				for (String name : EXPLICIT) {
					if (source.getProperty(name) != null) {
						return true;
					}
				}
			}
			return false;
		}

	}

}
