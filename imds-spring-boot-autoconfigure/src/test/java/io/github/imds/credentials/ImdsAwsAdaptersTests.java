package io.github.imds.credentials;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;

import io.github.imds.client.AwsSdkSettings;
import io.github.imds.client.ImdsClient;
import io.github.imds.client.ImdsHttpException;
import io.github.imds.client.PlatformDetectionMode;
import io.github.imds.test.EnableImdsSimulator;
import io.github.imds.test.ImdsSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link ImdsAwsCredentialsProvider} and {@link ImdsAwsRegionProvider}.
 */
@EnableImdsSimulator
class ImdsAwsAdaptersTests {

	private static final RoleCredentials CREDENTIALS = new RoleCredentials("ASIAFAKEWXYZ", "fake-secret-x",
			"fake-session-token-x", Instant.parse("2026-01-01T06:00:00Z"), "my-role", "123456789012");

	private final ImdsSimulator imds;

	private ImdsClient client;

	ImdsAwsAdaptersTests(ImdsSimulator imds) {
		this.imds = imds;
	}

	@BeforeEach
	void setUp() {
		this.client = ImdsClient.builder()
			.endpoint(this.imds.endpoint())
			.platformDetection(PlatformDetectionMode.OFF)
			.sdkSettings(AwsSdkSettings.none())
			.maxAttempts(1)
			.build();
	}

	@AfterEach
	void tearDown() {
		this.client.close();
	}

	@Test
	void resolveCredentialsReturnsSessionCredentialsWithExpiration() {
		ImdsAwsCredentialsProvider provider = new ImdsAwsCredentialsProvider(new Fixed(CREDENTIALS));
		AwsSessionCredentials credentials = provider.resolveCredentials();
		assertThat(credentials.accessKeyId()).isEqualTo("ASIAFAKEWXYZ");
		assertThat(credentials.secretAccessKey()).isEqualTo("fake-secret-x");
		assertThat(credentials.sessionToken()).isEqualTo("fake-session-token-x");
		assertThat(credentials.expirationTime()).contains(CREDENTIALS.expiration());
		assertThat(credentials.accountId()).contains("123456789012");
		assertThat(credentials.providerName()).contains("ImdsRoleCredentialsProvider");
		assertThat(provider.resolveCredentials()).isSameAs(credentials);
	}

	@Test
	void resolveCredentialsWithoutAccountIdLeavesItEmpty() {
		RoleCredentials legacy = new RoleCredentials("ASIAFAKEWXYZ", "fake-secret-x", "fake-session-token-x",
				Instant.parse("2026-01-01T06:00:00Z"), "my-role", null);
		assertThat(new ImdsAwsCredentialsProvider(new Fixed(legacy)).resolveCredentials().accountId()).isEmpty();
	}

	@Test
	void resolveCredentialsWhenUnavailableThrowsSdkClientException() {
		RoleCredentialsProvider failing = new Fixed(null);
		assertThatExceptionOfType(SdkClientException.class)
			.isThrownBy(() -> new ImdsAwsCredentialsProvider(failing).resolveCredentials())
			.withMessageContaining("Unable to load credentials from IMDS")
			.withCauseInstanceOf(NoInstanceProfileException.class);
	}

	@Test
	void resolveCredentialsMatchesImds() {
		try (ImdsRoleCredentialsProvider roleProvider = ImdsRoleCredentialsProvider.builder(this.client).build()) {
			roleProvider.start();
			AwsSessionCredentials credentials = new ImdsAwsCredentialsProvider(roleProvider).resolveCredentials();
			assertThat(credentials.accessKeyId()).isEqualTo("ASIAFAKE000000000001");
			assertThat(credentials.secretAccessKey()).isEqualTo("fake-secret-1");
			assertThat(credentials.sessionToken()).isEqualTo("fake-session-token-1");
			assertThat(credentials.expirationTime()).contains(roleProvider.getCredentials().expiration());
		}
	}

	@Test
	void getRegionPrefersTheProperty() {
		ImdsAwsRegionProvider provider = new ImdsAwsRegionProvider(() -> "eu-west-1", this.client);
		assertThat(provider.getRegion()).isEqualTo(Region.EU_WEST_1);
		assertThat(this.imds.requests()).isEmpty();
	}

	@Test
	void getRegionWithoutPropertyAsksImdsOnce() {
		ImdsAwsRegionProvider provider = new ImdsAwsRegionProvider(() -> null, this.client);
		assertThat(provider.getRegion()).isEqualTo(Region.US_EAST_1);
		assertThat(provider.getRegion()).isEqualTo(Region.US_EAST_1);
		assertThat(this.imds.count("GET", ImdsAwsRegionProvider.REGION_PATH)).isOne();
	}

	@Test
	void getRegionWhenUnknownThrowsSdkClientException() {
		this.imds.removeMetadata("placement/region");
		ImdsAwsRegionProvider provider = new ImdsAwsRegionProvider(() -> null, this.client);
		assertThatExceptionOfType(SdkClientException.class).isThrownBy(provider::getRegion)
			.withMessageContaining("ec2.region")
			.withMessageContaining("placement/region");
	}

	@Test
	void resolveCredentialsConvertsAgainWhenTheCredentialsChange() {
		RoleCredentials rotated = new RoleCredentials("ASIAFAKEABCD", "fake-secret-y", "fake-session-token-y",
				Instant.parse("2026-01-01T07:00:00Z"), "my-role", "123456789012");
		RoleCredentials[] current = { CREDENTIALS };
		ImdsAwsCredentialsProvider provider = new ImdsAwsCredentialsProvider(new Fixed(null) {

			@Override
			public RoleCredentials getCredentials() {
				return current[0];
			}

		});
		AwsSessionCredentials first = provider.resolveCredentials();
		current[0] = rotated;
		AwsSessionCredentials second = provider.resolveCredentials();
		assertThat(second.accessKeyId()).isEqualTo("ASIAFAKEABCD");
		assertThat(second.expirationTime()).contains(rotated.expiration());
		assertThat(first.accessKeyId()).isEqualTo("ASIAFAKEWXYZ");
	}

	@Test
	void getRegionTrimsThePropertyAndKeepsTheRegion() {
		int[] calls = { 0 };
		ImdsAwsRegionProvider provider = new ImdsAwsRegionProvider(() -> {
			calls[0]++;
			return " eu-west-1 ";
		}, this.client);
		assertThat(provider.getRegion()).isEqualTo(Region.EU_WEST_1);
		assertThat(provider.getRegion()).isEqualTo(Region.EU_WEST_1);
		assertThat(calls[0]).isOne();
	}

	@Test
	void getRegionWithBlankPropertyAsksImds() {
		ImdsAwsRegionProvider provider = new ImdsAwsRegionProvider(() -> " ", this.client);
		assertThat(provider.getRegion()).isEqualTo(Region.US_EAST_1);
		assertThat(this.imds.count("GET", ImdsAwsRegionProvider.REGION_PATH)).isOne();
	}

	@Test
	void getRegionWhenImdsAnswersAnEmptyRegionThrowsSdkClientException() {
		this.imds.emptyBody("placement/region");
		ImdsAwsRegionProvider provider = new ImdsAwsRegionProvider(() -> null, this.client);
		assertThatExceptionOfType(SdkClientException.class).isThrownBy(provider::getRegion)
			.withMessage("Unable to load the region: the loaded instance metadata has no ec2.region and IMDS has no "
					+ ImdsAwsRegionProvider.REGION_PATH);
	}

	@Test
	void getRegionWhenImdsFailsNamesTheCause() {
		this.imds.failNext(1, 500, "placement/");
		ImdsAwsRegionProvider provider = new ImdsAwsRegionProvider(() -> null, this.client);
		assertThatExceptionOfType(SdkClientException.class).isThrownBy(provider::getRegion)
			.withMessageContaining("could not be read from IMDS: IMDS GET " + ImdsAwsRegionProvider.REGION_PATH)
			.withCauseInstanceOf(ImdsHttpException.class);
	}

	@Test
	void toStringNamesTheAdapter() {
		assertThat(new ImdsAwsCredentialsProvider(new Fixed(CREDENTIALS))).hasToString("ImdsAwsCredentialsProvider");
		assertThat(new ImdsAwsRegionProvider(() -> null, this.client)).hasToString("ImdsAwsRegionProvider");
	}

	private static class Fixed implements RoleCredentialsProvider {

		private final RoleCredentials credentials;

		Fixed(RoleCredentials credentials) {
			this.credentials = credentials;
		}

		@Override
		public RoleCredentials getCredentials() {
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
