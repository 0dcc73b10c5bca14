package io.github.imds.autoconfigure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.github.imds.credentials.CredentialsStatus;
import io.github.imds.credentials.ImdsDefaultCredentialsProvider;
import io.github.imds.credentials.ImdsDefaultRegionProvider;
import io.github.imds.credentials.ImdsRoleCredentialsProvider;
import io.github.imds.credentials.RoleCredentials;
import io.github.imds.credentials.RoleCredentialsException;
import io.github.imds.credentials.RoleCredentialsProvider;
import io.github.imds.metadata.InstanceMetadata;
import io.github.imds.test.EnableImdsSimulator;
import io.github.imds.test.ImdsSimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.AwsRegionProvider;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link ImdsCredentialsAutoConfiguration}.
 */
@EnableImdsSimulator
class ImdsCredentialsAutoConfigurationTests {

	private final ImdsSimulator imds;

	private final ApplicationContextRunner contextRunner;

	/**
	 * Detects the platform from the faked files under {@code imds.platform-root}.
	 */
	private final ApplicationContextRunner detectingContextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ImdsAutoConfiguration.class, ImdsCredentialsAutoConfiguration.class));

	ImdsCredentialsAutoConfigurationTests(ImdsSimulator imds) {
		this.imds = imds;
		this.contextRunner = new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(ImdsAutoConfiguration.class, ImdsCredentialsAutoConfiguration.class))
			.withPropertyValues("imds.endpoint=" + this.imds.endpoint(), "imds.platform-detection=off");
	}

	@Test
	void runWhenImdsAvailableProvidesRoleCredentialsAndSdkProviders() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(RoleCredentialsProvider.class)
				.hasSingleBean(ImdsRoleCredentialsProvider.class)
				.hasSingleBean(ImdsDefaultCredentialsProvider.class)
				.hasSingleBean(ImdsDefaultRegionProvider.class);
			RoleCredentials role = context.getBean(RoleCredentialsProvider.class).getCredentials();
			AwsCredentials sdk = context.getBean(AwsCredentialsProvider.class).resolveCredentials();
			assertThat(sdk).isInstanceOfSatisfying(AwsSessionCredentials.class, (session) -> {
				assertThat(session.accessKeyId()).isEqualTo(role.accessKeyId()).isEqualTo("ASIAFAKE000000000001");
				assertThat(session.secretAccessKey()).isEqualTo(role.secretAccessKey()).isEqualTo("fake-secret-1");
				assertThat(session.sessionToken()).isEqualTo("fake-session-token-1");
				assertThat(session.expirationTime()).contains(role.expiration());
				assertThat(session.accountId()).contains("123456789012");
			});
			assertThat(context.getBean(AwsRegionProvider.class).getRegion()).isEqualTo(Region.US_EAST_1);
		});
	}

	@Test
	void runStartsTheFirstFetchWhenTheContextStarts() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(RoleCredentialsProvider.class);
			await().until(() -> this.imds
				.countMatching((request) -> request.path().contains("security-credentials")) >= 2);
		});
	}

	@Test
	void runStopsTheRefreshThreadWithTheContext() {
		List<Thread> before = refreshThreads();
		List<Thread> started = new ArrayList<>();
		this.contextRunner.run((context) -> {
			context.getBean(RoleCredentialsProvider.class).getCredentials();
			refreshThreads().stream().filter((thread) -> !before.contains(thread)).forEach(started::add);
		});
		assertThat(started).hasSize(1);
		await().until(() -> !started.get(0).isAlive());
	}

	private static List<Thread> refreshThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.getName().startsWith("imds-credentials-refresh-"))
			.toList();
	}

	@Test
	void runWithRegionInLoadedMetadataUsesIt() {
		this.contextRunner
			.withBean(InstanceMetadata.class, () -> InstanceMetadata.of(Map.of("ec2.region", "eu-west-1"), Instant.EPOCH))
			.run((context) -> {
				assertThat(context.getBean(AwsRegionProvider.class).getRegion()).isEqualTo(Region.EU_WEST_1);
				assertThat(this.imds.count("GET", "placement/region")).isZero();
			});
	}

	@Test
	void runWithRegionOnlyAsFallbackPropertyAsksImds() {
		// an application.* fallback for local development is not the instance's region
		this.contextRunner.withPropertyValues("ec2.region=eu-west-1")
			.run((context) -> assertThat(context.getBean(AwsRegionProvider.class).getRegion())
				.isEqualTo(Region.US_EAST_1));
	}

	@Test
	void runWithSettingsAppliesThem() {
		this.imds.role("configured-role");
		this.contextRunner
			.withPropertyValues("imds.credentials.role-name=configured-role", "imds.credentials.static-stability=false")
			.run((context) -> assertThat(context.getBean(RoleCredentialsProvider.class).getCredentials().roleName())
				.isEqualTo("configured-role"));
	}

	@Test
	void runWhenAwsSdkAuthIsAbsentDoesNotProvideSdkCredentialsProvider() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(AwsCredentialsProvider.class))
			.run((context) -> assertThat(context).hasSingleBean(RoleCredentialsProvider.class)
				.doesNotHaveBean(ImdsDefaultCredentialsProvider.class)
				.hasSingleBean(ImdsDefaultRegionProvider.class));
	}

	@Test
	void runWhenAwsSdkIsAbsentOnlyProvidesRoleCredentials() {
		this.contextRunner
			.withClassLoader(new FilteredClassLoader(AwsCredentialsProvider.class, AwsRegionProvider.class))
			.run((context) -> assertThat(context).hasSingleBean(RoleCredentialsProvider.class)
				.doesNotHaveBean(ImdsDefaultCredentialsProvider.class)
				.doesNotHaveBean(ImdsDefaultRegionProvider.class));
	}

	@Test
	void runWithUserSdkProvidersBacksOff() {
		this.contextRunner.withUserConfiguration(UserSdkConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(AwsCredentialsProvider.class).hasSingleBean(AwsRegionProvider.class);
			assertThat(context.getBean(AwsCredentialsProvider.class))
				.isSameAs(context.getBean("userCredentialsProvider"));
			assertThat(context.getBean(AwsRegionProvider.class)).isSameAs(context.getBean("userRegionProvider"));
			assertThat(context).hasSingleBean(RoleCredentialsProvider.class);
			context.getBean(AwsCredentialsProvider.class).resolveCredentials();
			// the application's bean is the SDK's credentials: the instance role is not fetched
			assertThat(this.imds.countMatching((request) -> request.path().contains("security-credentials")))
				.isZero();
			assertThat(ImdsCredentialsStatusSupport.healthStatus(context.getBeanFactory()).get()).isNull();
			assertThat(ImdsCredentialsStatusSupport.status(context.getBeanFactory()).get())
				.satisfies((status) -> assertThat(status.source()).isEqualTo("application"));
		});
	}

	@Test
	void runWithUserRoleCredentialsProviderBacksOffAndAdaptsIt() {
		this.contextRunner.withUserConfiguration(UserRoleCredentialsConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(RoleCredentialsProvider.class)
				.doesNotHaveBean(ImdsRoleCredentialsProvider.class);
			assertThat(context.getBean(RoleCredentialsProvider.class))
				.isSameAs(context.getBean("userRoleCredentialsProvider"));
			assertThat(context.getBean(AwsCredentialsProvider.class).resolveCredentials().accessKeyId())
				.isEqualTo("ASIAUSERWXYZ");
		});
	}

	@Test
	void runWhenCredentialsAreDisabledProvidesNone() {
		this.contextRunner.withPropertyValues("imds.credentials.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(RoleCredentialsProvider.class)
				.doesNotHaveBean(AwsCredentialsProvider.class)
				.doesNotHaveBean(AwsRegionProvider.class));
	}

	@Test
	void runWhenImdsIsDisabledProvidesProvidersThatSendNothing() {
		List<Thread> before = refreshThreads();
		this.contextRunner.withPropertyValues("imds.enabled=false")
			.run((context) -> assertUnavailable(context, before, "imds.enabled=false"));
		assertThat(this.imds.requests()).isEmpty();
	}

	@Test
	void runWhenNotOnEc2ProvidesProvidersThatSendNothing(@TempDir Path root) throws Exception {
		// decided at runtime, not by a condition: an AOT build made on EC2 must not fetch on a laptop
		Path vendor = root.resolve("sys/devices/virtual/dmi/id/sys_vendor");
		Files.createDirectories(vendor.getParent());
		Files.writeString(vendor, "QEMU\n");
		List<Thread> before = refreshThreads();
		this.detectingContextRunner.withPropertyValues("imds.platform-root=" + root)
			.run((context) -> assertUnavailable(context, before, "not"));
		assertThat(this.imds.requests()).isEmpty();
	}

	private static void assertUnavailable(AssertableApplicationContext context, List<Thread> threadsBefore,
			String reason) {
		assertThat(context).hasSingleBean(RoleCredentialsProvider.class)
			.doesNotHaveBean(ImdsRoleCredentialsProvider.class);
		RoleCredentialsProvider provider = context.getBean(RoleCredentialsProvider.class);
		assertThatExceptionOfType(RoleCredentialsException.class).isThrownBy(provider::getCredentials)
			.withMessageContaining(reason);
		assertThat(provider.status().state()).isEqualTo(CredentialsStatus.State.NOT_LOADED);
		assertThat(refreshThreads()).isEqualTo(threadsBefore);
	}

	@Configuration(proxyBeanMethods = false)
	static class UserSdkConfiguration {

		@Bean
		AwsCredentialsProvider userCredentialsProvider() {
			return StaticCredentialsProvider.create(AwsSessionCredentials.create("ASIAUSER", "fake-secret-u", "t"));
		}

		@Bean
		AwsRegionProvider userRegionProvider() {
			return () -> Region.AP_SOUTHEAST_2;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserRoleCredentialsConfiguration {

		@Bean
		RoleCredentialsProvider userRoleCredentialsProvider() {
			RoleCredentials credentials = new RoleCredentials("ASIAUSERWXYZ", "fake-secret-u", "fake-session-token-u",
					Instant.parse("2100-01-01T00:00:00Z"), "user-role", null);
			return new RoleCredentialsProvider() {

				@Override
				public RoleCredentials getCredentials() {
					return credentials;
				}

				@Override
				public CredentialsStatus status() {
					throw new UnsupportedOperationException();
				}

				@Override
				public CompletableFuture<CredentialsStatus> refreshNow() {
					throw new UnsupportedOperationException();
				}

			};
		}

	}

}
