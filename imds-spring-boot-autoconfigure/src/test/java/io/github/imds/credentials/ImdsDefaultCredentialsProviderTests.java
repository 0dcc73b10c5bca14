package io.github.imds.credentials;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.utils.internal.SystemSettingUtilsTestBackdoor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * Tests for {@link ImdsDefaultCredentialsProvider}: each step is the SDK's own provider, the first one that
 * works is kept, a configured step that fails never falls back to the instance role. System properties, the
 * environment (through the SDK's own test override) and the profile files (in a temporary directory) are set
 * per test and restored; a container step points at a loopback port nothing listens on.
 */
class ImdsDefaultCredentialsProviderTests {

	private static final String[] PROPERTIES = { "aws.accessKeyId", "aws.secretAccessKey", "aws.sessionToken",
			"aws.sharedCredentialsFile", "aws.configFile", "aws.profile", "aws.containerCredentialsFullUri",
			"aws.containerCredentialsPath", "aws.webIdentityTokenFile", "aws.roleArn" };

	private static final RoleCredentials INSTANCE_ROLE = new RoleCredentials("ASIAFAKEINSTANCE01", "fake-secret-role",
			"fake-session-token-role", Instant.parse("2100-01-01T00:00:00Z"), "sample-role", null);

	private final Map<String, String> savedProperties = new LinkedHashMap<>();

	private final CountingRole instanceRole = new CountingRole(INSTANCE_ROLE);

	@TempDir
	Path home;

	@BeforeEach
	void setUp() {
		for (String name : PROPERTIES) {
			String value = System.getProperty(name);
			if (value != null) {
				this.savedProperties.put(name, value);
			}
			System.clearProperty(name);
		}
		// no profile of the developer's own ~/.aws may take part
		System.setProperty("aws.sharedCredentialsFile", this.home.resolve("credentials").toString());
		System.setProperty("aws.configFile", this.home.resolve("config").toString());
	}

	@AfterEach
	void tearDown() {
		SystemSettingUtilsTestBackdoor.clearEnvironmentVariableOverrides();
		for (String name : PROPERTIES) {
			System.clearProperty(name);
		}
		this.savedProperties.forEach(System::setProperty);
	}

	private ImdsDefaultCredentialsProvider chain(CredentialsSource... steps) {
		return new ImdsDefaultCredentialsProvider(CredentialsChainPlan.of(steps), this.instanceRole);
	}

	private static void systemPropertyKeys(String accessKeyId) {
		System.setProperty("aws.accessKeyId", accessKeyId);
		System.setProperty("aws.secretAccessKey", "fake-secret-sysprop");
	}

	private static void environmentKeys(String accessKeyId) {
		SystemSettingUtilsTestBackdoor.addEnvironmentVariableOverride("AWS_ACCESS_KEY_ID", accessKeyId);
		SystemSettingUtilsTestBackdoor.addEnvironmentVariableOverride("AWS_SECRET_ACCESS_KEY", "fake-secret-env");
	}

	@Test
	void constructorRefusesNulls() {
		assertThatNullPointerException().isThrownBy(() -> new ImdsDefaultCredentialsProvider(null, this.instanceRole))
			.withMessageContaining("'plan'");
		assertThatNullPointerException()
			.isThrownBy(() -> new ImdsDefaultCredentialsProvider(CredentialsChainPlan.of(CredentialsSource.PROFILE), null))
			.withMessageContaining("'instanceRole'");
	}

	@Test
	void instanceRoleAloneResolvesItsCredentials() {
		ImdsDefaultCredentialsProvider chain = chain(CredentialsSource.INSTANCE_PROFILE);
		AwsCredentials credentials = chain.resolveCredentials();
		assertThat(credentials.accessKeyId()).isEqualTo("ASIAFAKEINSTANCE01");
		assertThat(credentials.secretAccessKey()).isEqualTo("fake-secret-role");
		assertThat(chain.source()).isEqualTo(CredentialsSource.INSTANCE_PROFILE);
		assertThat(this.instanceRole.calls).hasValue(1);
	}

	@Test
	void instanceRoleAloneFailsWithItsOwnMessage() {
		this.instanceRole.credentials = null;
		assertThatExceptionOfType(SdkClientException.class).isThrownBy(chain(CredentialsSource.INSTANCE_PROFILE)::resolveCredentials)
			.withMessageStartingWith("Unable to load credentials from IMDS: No instance profile attached")
			.withCauseInstanceOf(NoInstanceProfileException.class);
	}

	@Test
	void systemPropertiesStepResolvesThem() {
		systemPropertyKeys("AKIAFAKESYSPROP0001");
		ImdsDefaultCredentialsProvider chain = chain(CredentialsSource.SYSTEM_PROPERTIES);
		assertThat(chain.resolveCredentials().accessKeyId()).isEqualTo("AKIAFAKESYSPROP0001");
		assertThat(chain.source()).isEqualTo(CredentialsSource.SYSTEM_PROPERTIES);
		assertThat(this.instanceRole.calls).hasValue(0);
	}

	@Test
	void environmentStepResolvesIt() {
		environmentKeys("AKIAFAKEENVIRON0001");
		assertThat(chain(CredentialsSource.ENVIRONMENT).resolveCredentials().accessKeyId())
			.isEqualTo("AKIAFAKEENVIRON0001");
	}

	@Test
	void profileStepResolvesTheProfileFile() throws IOException {
		Files.writeString(this.home.resolve("credentials"), """
				[default]
				aws_access_key_id = AKIAFAKEPROFILE0001
				aws_secret_access_key = fake-secret-profile
				""");
		try (ImdsDefaultCredentialsProvider chain = chain(CredentialsSource.PROFILE)) {
			assertThat(chain.resolveCredentials().accessKeyId()).isEqualTo("AKIAFAKEPROFILE0001");
		}
	}

	@Test
	void firstStepThatWorksIsKeptForTheNextCalls() {
		environmentKeys("AKIAFAKEENVIRON0001");
		ImdsDefaultCredentialsProvider chain = chain(CredentialsSource.SYSTEM_PROPERTIES, CredentialsSource.ENVIRONMENT);
		assertThat(chain.source()).isEqualTo(CredentialsSource.SYSTEM_PROPERTIES);
		assertThat(chain.resolveCredentials().accessKeyId()).isEqualTo("AKIAFAKEENVIRON0001");
		assertThat(chain.source()).isEqualTo(CredentialsSource.ENVIRONMENT);
		// an earlier step configured later is not tried again: the chain stays with what worked
		systemPropertyKeys("AKIAFAKESYSPROP0001");
		assertThat(chain.resolveCredentials().accessKeyId()).isEqualTo("AKIAFAKEENVIRON0001");
		assertThat(chain.source()).isEqualTo(CredentialsSource.ENVIRONMENT);
	}

	@Test
	void everyConfiguredStepFailingNamesEachAndNeverAsksTheInstanceRole() {
		System.setProperty("aws.containerCredentialsFullUri", "http://127.0.0.1:" + closedPort() + "/v2/credentials");
		try (ImdsDefaultCredentialsProvider chain = chain(CredentialsSource.SYSTEM_PROPERTIES,
				CredentialsSource.ENVIRONMENT, CredentialsSource.WEB_IDENTITY, CredentialsSource.PROFILE,
				CredentialsSource.CONTAINER)) {
			assertThatExceptionOfType(SdkClientException.class).isThrownBy(chain::resolveCredentials)
				.withMessageStartingWith("Unable to load credentials from the configured step(s) [system-properties: ")
				.withMessageContaining("; environment: ")
				.withMessageContaining("; web-identity: ")
				.withMessageContaining("; profile: ")
				.withMessageContaining("; container: ")
				.withMessageContaining("the instance role is not tried because an earlier step of the chain is "
						+ "configured (least privilege): fix that step or unset it")
				// each step is the SDK's provider, whose own failure is kept: the last one is the cause
				.withMessageNotContaining("Cannot invoke")
				.havingCause()
				.isInstanceOf(SdkClientException.class);
			assertThat(chain.source()).isEqualTo(CredentialsSource.SYSTEM_PROPERTIES);
		}
		assertThat(this.instanceRole.calls).hasValue(0);
	}

	@Test
	void toStringListsTheSteps() {
		assertThat(chain(CredentialsSource.ENVIRONMENT, CredentialsSource.PROFILE))
			.hasToString("ImdsDefaultCredentialsProvider[environment, profile]");
	}

	private static int closedPort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static final class CountingRole implements RoleCredentialsProvider {

		private final AtomicInteger calls = new AtomicInteger();

		private @Nullable RoleCredentials credentials;

		CountingRole(RoleCredentials credentials) {
			this.credentials = credentials;
		}

		@Override
		public RoleCredentials getCredentials() {
			this.calls.incrementAndGet();
			if (this.credentials == null) {
				throw new NoInstanceProfileException(RoleCredentialsFetcher.LEGACY_PATH);
			}
			return this.credentials;
		}

		@Override
		public CredentialsStatus status() {
			throw new UnsupportedOperationException();
		}

		@Override
		public CompletableFuture<CredentialsStatus> refreshNow() {
			throw new UnsupportedOperationException();
		}

	}

}
