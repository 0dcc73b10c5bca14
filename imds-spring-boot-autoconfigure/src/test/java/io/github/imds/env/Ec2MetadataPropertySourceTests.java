package io.github.imds.env;

import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link Ec2MetadataPropertySource}: values read from IMDS come back verbatim, whatever
 * placeholder-like text they hold.
 */
class Ec2MetadataPropertySourceTests {

	private static final String UNSET = "echo \"${REVIEW_UNSET_VARIABLE}\"";

	private static final String RESOLVABLE = "cd ${HOME} && ./run";

	private static final String DEFAULTED = "${PORT:8080}";

	private static final String ESCAPED = "echo \\${HOME} \\\\${HOME} $HOME {}";

	private static final String TAG = "prefix-${";

	private static final String UNBALANCED = "${a{b} ${c} \\${d";

	private static final Map<String, String> METADATA = Map.of("ec2.user-data", UNSET, "ec2.resolvable",
			RESOLVABLE, "ec2.defaulted", DEFAULTED, "ec2.escaped", ESCAPED, "ec2.tags.instance.Name", TAG, "ec2.unbalanced", UNBALANCED);

	@Test
	void toStringNamesTheSourceAndCountsKeysWithoutAnyValue() {
		Ec2MetadataPropertySource source = new Ec2MetadataPropertySource(
				Map.of("ec2.user-data", "FAKE-user-data-secret", "ec2.instance-id", "i-0fake00000000000a"));
		MutablePropertySources sources = new MutablePropertySources();
		sources.addFirst(source);
		// Spring's own toString prints every value where this logger is at DEBUG
		Logger logger = (Logger) LoggerFactory.getLogger(PropertySource.class);
		Level level = logger.getLevel();
		logger.setLevel(Level.DEBUG);
		try {
			assertThat(source.toString()).contains("ec2InstanceMetadata", "keys=2")
				.doesNotContain("FAKE-user-data-secret", "i-0fake00000000000a");
			// what Spring prints when it lists an environment's sources
			assertThat(sources.toString()).doesNotContain("FAKE-user-data-secret");
		}
		finally {
			logger.setLevel(level);
		}
	}

	@Test
	void environmentReturnsValuesVerbatim() {
		StandardEnvironment environment = environment();
		assertThat(environment.getProperty("ec2.user-data")).isEqualTo(UNSET);
		assertThat(environment.getProperty("ec2.resolvable")).isEqualTo(RESOLVABLE);
		assertThat(environment.getProperty("ec2.defaulted")).isEqualTo(DEFAULTED);
		assertThat(environment.getProperty("ec2.escaped")).isEqualTo(ESCAPED);
		assertThat(environment.getProperty("ec2.tags.instance.Name")).isEqualTo(TAG);
		assertThat(environment.getProperty("ec2.unbalanced")).isEqualTo(UNBALANCED);
		assertThat(environment.getRequiredProperty("ec2.user-data")).isEqualTo(UNSET);
	}

	@Test
	void environmentStillResolvesPlaceholdersThatReferToEc2Keys() {
		StandardEnvironment environment = environment();
		assertThat(environment.resolvePlaceholders("script: ${ec2.user-data}")).isEqualTo("script: " + UNSET);
		assertThat(environment.resolveRequiredPlaceholders("${ec2.resolvable}")).isEqualTo(RESOLVABLE);
	}

	@Test
	void binderReturnsValuesVerbatim() {
		Binder binder = Binder.get(environment());
		assertThat(binder.bind("ec2.user-data", String.class).get()).isEqualTo(UNSET);
		assertThat(binder.bind("ec2.resolvable", String.class).get()).isEqualTo(RESOLVABLE);
		assertThat(binder.bind("ec2.escaped", String.class).get()).isEqualTo(ESCAPED);
		assertThat(binder.bind("ec2.tags.instance.name", String.class).get()).isEqualTo(TAG);
	}

	@Test
	void valueAnnotationsAndConfigurationPropertiesGetValuesVerbatim() {
		new ApplicationContextRunner().withInitializer((context) -> addTo(context.getEnvironment()))
			.withUserConfiguration(Settings.class)
			.withConfiguration(
					AutoConfigurations.of(PropertyPlaceholderAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				ValueHolder holder = context.getBean(ValueHolder.class);
				assertThat(holder.userData).isEqualTo(UNSET);
				assertThat(holder.resolvable).isEqualTo(RESOLVABLE);
				assertThat(holder.escaped).isEqualTo(ESCAPED);
				assertThat(holder.tag).isEqualTo(TAG);
				Ec2Settings settings = context.getBean(Ec2Settings.class);
				assertThat(settings.getUserData()).isEqualTo(UNSET);
				assertThat(settings.getDefaulted()).isEqualTo(DEFAULTED);
				assertThat(settings.getTags()).containsEntry("instance", Map.of("Name", TAG));
			});
	}

	@Test
	void escapeMarksOnlyWhatTheParserWouldTakeForAPlaceholder() {
		assertThat(Ec2MetadataPropertySource.escape("a ${b} $c {d} \\${e}")).isEqualTo("a \\${b} $c {d} \\\\${e}");
		assertThat(Ec2MetadataPropertySource.escape("${a ${b}}")).isEqualTo("\\${a \\${b}}");
		assertThat(Ec2MetadataPropertySource.escape("${a{b} ${c")).isEqualTo("${a{b} ${c");
		assertThat(Ec2MetadataPropertySource.escape("no placeholder")).isEqualTo("no placeholder");
	}

	private static StandardEnvironment environment() {
		StandardEnvironment environment = new StandardEnvironment();
		addTo(environment);
		return environment;
	}

	private static void addTo(ConfigurableEnvironment environment) {
		// resolvable whatever the machine's environment variables
		environment.getPropertySources().addFirst(new MapPropertySource("home", Map.of("HOME", "/home/fake")));
		new Ec2MetadataPropertySource(METADATA).addTo(environment);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(Ec2Settings.class)
	static class Settings {

		@Bean
		ValueHolder valueHolder(@Value("${ec2.user-data}") String userData,
				@Value("${ec2.resolvable}") String resolvable, @Value("${ec2.escaped}") String escaped,
				@Value("${ec2.tags.instance.Name}") String tag) {
			return new ValueHolder(userData, resolvable, escaped, tag);
		}

	}

	record ValueHolder(String userData, String resolvable, String escaped, String tag) {

	}

	@ConfigurationProperties("ec2")
	static class Ec2Settings {

		private String userData;

		private String defaulted;

		private Map<String, Map<String, String>> tags = Map.of();

		public String getUserData() {
			return this.userData;
		}

		public void setUserData(String userData) {
			this.userData = userData;
		}

		public String getDefaulted() {
			return this.defaulted;
		}

		public void setDefaulted(String defaulted) {
			this.defaulted = defaulted;
		}

		public Map<String, Map<String, String>> getTags() {
			return this.tags;
		}

		public void setTags(Map<String, Map<String, String>> tags) {
			this.tags = tags;
		}

	}

}
