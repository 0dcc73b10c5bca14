package io.github.imds.credentials;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.time.Instant;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.imds.client.AwsSdkSettings;
import io.github.imds.client.ImdsClient;
import io.github.imds.client.ImdsResponseException;
import io.github.imds.client.PlatformDetectionMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link RoleCredentialsFetcher} against WireMock.
 */
class RoleCredentialsFetcherTests {

	@RegisterExtension
	static WireMockExtension wm = WireMockExtension.newInstance()
		.options(wireMockConfig().bindAddress("127.0.0.1").dynamicPort())
		.build();

	private static final String EXTENDED = RoleCredentialsFetcher.EXTENDED_PATH;

	private static final String LEGACY = RoleCredentialsFetcher.LEGACY_PATH;

	private ImdsClient client;

	/**
	 * The first request a JVM sends to WireMock loads its request path, which on a loaded machine can outlast the
	 * client's read timeout; this one has none, so that the tests' first request is not the slow one.
	 */
	@BeforeAll
	static void warmUp() throws IOException {
		HttpURLConnection connection = (HttpURLConnection) URI.create(wm.baseUrl() + "/warm-up")
			.toURL()
			.openConnection(Proxy.NO_PROXY);
		connection.getResponseCode();
		connection.disconnect();
	}

	@BeforeEach
	void setUp() {
		this.client = ImdsClient.builder()
			.endpoint(wm.baseUrl())
			.platformDetection(PlatformDetectionMode.OFF)
			.sdkSettings(AwsSdkSettings.none())
			.maxAttempts(1)
			.build();
		wm.stubFor(put(urlEqualTo("/latest/api/token")).willReturn(aResponse().withBody("fake-imds-token")
			.withHeader("X-aws-ec2-metadata-token-ttl-seconds", "21600")));
	}

	@AfterEach
	void tearDown() {
		this.client.close();
	}

	private static String document(String... fields) {
		StringBuilder json = new StringBuilder("{\"Code\":\"Success\",\"LastUpdated\":\"2026-01-01T00:00:00Z\","
				+ "\"Type\":\"AWS-HMAC\",\"Unknown\":{\"nested\":true}");
		for (int i = 0; i < fields.length; i += 2) {
			json.append(",\"").append(fields[i]).append("\":\"").append(fields[i + 1]).append('"');
		}
		return json.append('}').toString();
	}

	private static String validDocument() {
		return document("AccessKeyId", "ASIAFAKEWXYZ", "SecretAccessKey", "fake-secret-x", "Token",
				"fake-session-token-x", "Expiration", "2026-01-01T06:00:00Z", "AccountId", "123456789012");
	}

	private static void stub(String path, int status, String body) {
		wm.stubFor(get(urlEqualTo(path)).willReturn(aResponse().withStatus(status).withBody(body)));
	}

	@Test
	void fetchDiscoversTheRoleOnceOnTheExtendedPath() {
		stub(EXTENDED, 200, "my-role\n");
		stub(EXTENDED + "my-role", 200, validDocument());
		RoleCredentialsFetcher fetcher = new RoleCredentialsFetcher(this.client, null);
		RoleCredentials credentials = fetcher.fetch();
		fetcher.fetch();
		assertThat(credentials).isEqualTo(new RoleCredentials("ASIAFAKEWXYZ", "fake-secret-x", "fake-session-token-x",
				Instant.parse("2026-01-01T06:00:00Z"), "my-role", "123456789012"));
		assertThat(fetcher.extended()).isTrue();
		wm.verify(exactly(1), getRequestedFor(urlEqualTo(EXTENDED)));
		wm.verify(exactly(2), getRequestedFor(urlEqualTo(EXTENDED + "my-role")));
		wm.verify(exactly(0), getRequestedFor(urlEqualTo(LEGACY)));
	}

	@Test
	void fetchWhenExtendedPathIsMissingUsesLegacyAndRemembersIt() {
		stub(EXTENDED, 404, "");
		stub(LEGACY, 200, "my-role");
		stub(LEGACY + "my-role", 200, document("AccessKeyId", "ASIAFAKEWXYZ", "SecretAccessKey", "fake-secret-x",
				"Token", "fake-session-token-x", "Expiration", "2026-01-01T06:00:00Z"));
		RoleCredentialsFetcher fetcher = new RoleCredentialsFetcher(this.client, null);
		assertThat(fetcher.fetch().accountId()).isNull();
		fetcher.fetch();
		assertThat(fetcher.extended()).isFalse();
		wm.verify(exactly(1), getRequestedFor(urlEqualTo(EXTENDED)));
		wm.verify(exactly(1), getRequestedFor(urlEqualTo(LEGACY)));
		wm.verify(exactly(2), getRequestedFor(urlEqualTo(LEGACY + "my-role")));
		wm.verify(exactly(0), getRequestedFor(urlEqualTo(EXTENDED + "my-role")));
	}

	@Test
	void fetchWithConfiguredRoleWhenExtendedDocumentIsMissingUsesLegacy() {
		stub(EXTENDED + "my-role", 404, "");
		stub(LEGACY + "my-role", 200, validDocument());
		RoleCredentialsFetcher fetcher = new RoleCredentialsFetcher(this.client, "my-role");
		assertThat(fetcher.fetch().roleName()).isEqualTo("my-role");
		wm.verify(exactly(0), getRequestedFor(urlEqualTo(EXTENDED)));
		wm.verify(exactly(0), getRequestedFor(urlEqualTo(LEGACY)));
	}

	@Test
	void fetchWithConfiguredRoleThatHasNoCredentialsSaysSo() {
		RoleCredentialsFetcher fetcher = new RoleCredentialsFetcher(this.client, "missing-role");
		wm.stubFor(get(WireMock.anyUrl()).willReturn(aResponse().withStatus(404)));
		assertThatExceptionOfType(RoleCredentialsException.class).isThrownBy(fetcher::fetch)
			.withMessageContaining("'missing-role'")
			.withMessageContaining("imds.credentials.role-name");
	}

	@Test
	void fetchWithWrongConfiguredRoleKeepsAskingTheExtendedPath() {
		wm.stubFor(get(WireMock.anyUrl()).willReturn(aResponse().withStatus(404)));
		RoleCredentialsFetcher fetcher = new RoleCredentialsFetcher(this.client, "my-role");
		assertThatExceptionOfType(RoleCredentialsException.class).isThrownBy(fetcher::fetch);
		// both paths answered 404: that is about the role, not about the extended path
		assertThat(fetcher.extended()).isNull();
		stub(EXTENDED + "my-role", 200, validDocument());
		assertThat(fetcher.fetch().roleName()).isEqualTo("my-role");
		assertThat(fetcher.extended()).isTrue();
	}

	@Test
	void fetchWhenNoRoleIsListedThrowsNoInstanceProfile() {
		wm.stubFor(get(WireMock.anyUrl()).willReturn(aResponse().withStatus(404)));
		RoleCredentialsFetcher fetcher = new RoleCredentialsFetcher(this.client, null);
		assertThatExceptionOfType(NoInstanceProfileException.class).isThrownBy(fetcher::fetch)
			.withMessageContaining("No instance profile attached to this instance");
	}

	@Test
	void fetchWhenCodeIsNotSuccessThrowsWithCodeAndMessage() {
		stub(EXTENDED + "my-role", 200,
				"{\"Code\":\"AssumeRoleUnauthorizedAccess\",\"Message\":\"Cannot assume\",\"LastUpdated\":\"x\"}");
		RoleCredentialsFetcher fetcher = new RoleCredentialsFetcher(this.client, "my-role");
		assertThatExceptionOfType(RoleCredentialsCodeException.class).isThrownBy(fetcher::fetch)
			.withMessageContaining("AssumeRoleUnauthorizedAccess")
			.withMessageContaining("Cannot assume")
			.satisfies((ex) -> {
				assertThat(ex.getCode()).isEqualTo("AssumeRoleUnauthorizedAccess");
				assertThat(ex.getImdsMessage()).isEqualTo("Cannot assume");
			});
	}

	@ParameterizedTest
	@ValueSource(strings = { "AccessKeyId", "SecretAccessKey", "Token", "Expiration" })
	void fetchWhenAFieldIsMissingNamesItAndNoValue(String missing) {
		String[] fields = { "AccessKeyId", "ASIAFAKEWXYZ", "SecretAccessKey", "fake-secret-x", "Token",
				"fake-session-token-x", "Expiration", "2026-01-01T06:00:00Z" };
		String[] kept = new String[6];
		int next = 0;
		for (int i = 0; i < fields.length; i += 2) {
			if (!fields[i].equals(missing)) {
				kept[next++] = fields[i];
				kept[next++] = fields[i + 1];
			}
		}
		stub(EXTENDED + "my-role", 200, document(kept));
		RoleCredentialsFetcher fetcher = new RoleCredentialsFetcher(this.client, "my-role");
		assertThatExceptionOfType(ImdsResponseException.class).isThrownBy(fetcher::fetch)
			.withMessageContaining("no '" + missing + "' field")
			.withMessageNotContaining("fake-")
			.withMessageNotContaining("ASIAFAKE");
	}

	@Test
	void fetchWhenAFieldIsBlankNamesIt() {
		stub(EXTENDED + "my-role", 200, document("AccessKeyId", " ", "SecretAccessKey", "fake-secret-x", "Token",
				"fake-session-token-x", "Expiration", "2026-01-01T06:00:00Z"));
		RoleCredentialsFetcher fetcher = new RoleCredentialsFetcher(this.client, "my-role");
		assertThatExceptionOfType(ImdsResponseException.class).isThrownBy(fetcher::fetch)
			.withMessage("Credentials response from " + EXTENDED + "my-role has no 'AccessKeyId' field");
	}

	@Test
	void fetchWhenTheListingEndsWithASlashUsesTheRoleWithoutIt() {
		stub(EXTENDED, 200, "my-role/\n");
		stub(EXTENDED + "my-role", 200, validDocument());
		RoleCredentialsFetcher fetcher = new RoleCredentialsFetcher(this.client, null);
		assertThat(fetcher.fetch().roleName()).isEqualTo("my-role");
		assertThat(fetcher.roleName()).isEqualTo("my-role");
	}

	@Test
	void fetchWhenExpirationIsNotAnInstantThrows() {
		stub(EXTENDED + "my-role", 200, document("AccessKeyId", "ASIAFAKEWXYZ", "SecretAccessKey", "fake-secret-x",
				"Token", "fake-session-token-x", "Expiration", "tomorrow at noon"));
		RoleCredentialsFetcher fetcher = new RoleCredentialsFetcher(this.client, "my-role");
		assertThatExceptionOfType(ImdsResponseException.class).isThrownBy(fetcher::fetch)
			.withMessageContaining("'Expiration'")
			.withMessageContaining("ISO-8601");
	}

	@Test
	void fetchWhenBodyIsNotJsonThrowsWithoutQuotingIt() {
		stub(EXTENDED + "my-role", 200, "{\"SecretAccessKey\":\"fake-secret-x\", oops");
		RoleCredentialsFetcher fetcher = new RoleCredentialsFetcher(this.client, "my-role");
		assertThatExceptionOfType(ImdsResponseException.class).isThrownBy(fetcher::fetch)
			.withMessageNotContaining("fake-secret");
	}

	@Test
	void fetchWhenDiscoveredRoleDisappearsDiscoversAgain() {
		stub(EXTENDED, 200, "old-role");
		stub(EXTENDED + "old-role", 200, validDocument());
		RoleCredentialsFetcher fetcher = new RoleCredentialsFetcher(this.client, null);
		assertThat(fetcher.fetch().roleName()).isEqualTo("old-role");
		stub(EXTENDED + "old-role", 404, "");
		stub(EXTENDED, 200, "new-role");
		stub(EXTENDED + "new-role", 200, validDocument());
		assertThat(fetcher.fetch().roleName()).isEqualTo("new-role");
		assertThat(fetcher.roleName()).isEqualTo("new-role");
	}

	@Test
	void roleCredentialsToStringShowsNeitherSecretNorToken() {
		RoleCredentials credentials = new RoleCredentials("ASIAFAKEWXYZ", "fake-secret-x", "fake-session-token-x",
				Instant.parse("2026-01-01T06:00:00Z"), "my-role", null);
		assertThat(credentials.toString()).contains("****WXYZ")
			.contains("my-role")
			.contains("2026-01-01T06:00:00Z")
			.doesNotContain("fake-")
			.doesNotContain("ASIAFAKE");
		assertThat(RoleCredentials.mask("abc")).isEqualTo("****c");
		assertThat(RoleCredentials.mask("")).isEqualTo("****");
	}

}
