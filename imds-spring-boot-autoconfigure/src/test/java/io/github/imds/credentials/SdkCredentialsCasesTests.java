package io.github.imds.credentials;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.imds.client.AwsSdkSettings;
import io.github.imds.client.ImdsAvailability;
import io.github.imds.client.ImdsClient;
import io.github.imds.client.ImdsClientSettings;
import io.github.imds.client.ImdsHttpException;
import io.github.imds.client.ImdsRequestListener;
import io.github.imds.client.ImdsResponse;
import io.github.imds.client.ImdsUnavailableException;
import io.github.imds.client.PlatformDetectionMode;
import io.github.imds.client.ResolvedEndpoint;
import io.github.imds.client.TokenStatus;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The AWS SDKs' shared extended-credentials cases, in our words: the exact GETs {@link RoleCredentialsFetcher}
 * sends for two fetches in a row, and what each fetch gives. The scripted IMDS answers the requests in the
 * order the case lists them and fails on any other request, so a case also proves that nothing more was asked.
 * Source of every case unless said otherwise: awslabs/aws-sdk-kotlin
 * {@code aws-runtime/aws-config/common/test/aws/sdk/kotlin/runtime/auth/credentials/ImdsCredentialsProviderTestResources.kt}
 * ({@code imdsCredentialsTestSpec}, the cross-SDK "IMDS extended credentials" spec); the case name quotes its
 * summary. See docs/reliability.md, "Shared SDK cases".
 */
class SdkCredentialsCasesTests {

	@RegisterExtension
	static WireMockExtension wm = WireMockExtension.newInstance()
		.options(wireMockConfig().bindAddress("127.0.0.1").dynamicPort())
		.build();

	private static final String EXTENDED = "/latest/meta-data/iam/security-credentials-extended";

	private static final String LEGACY = "/latest/meta-data/iam/security-credentials";

	static Stream<Case> cases() {
		return Stream.of(
				new Case("returns valid credentials with account ID", null,
						List.of(ok(EXTENDED, "my-profile-0001"), doc(EXTENDED + "/my-profile-0001", "123456789101"),
								doc(EXTENDED + "/my-profile-0001", "123456789101")),
						List.of("credentials 123456789101", "credentials 123456789101")),
				new Case("with a given profile name returns valid credentials with account ID", "my-profile-0002",
						List.of(doc(EXTENDED + "/my-profile-0002", "234567891011"),
								doc(EXTENDED + "/my-profile-0002", "234567891011")),
						List.of("credentials 234567891011", "credentials 234567891011")),
				new Case("when profile is unstable returns valid credentials with account ID", null,
						List.of(ok(EXTENDED, "my-profile-0003"), doc(EXTENDED + "/my-profile-0003", "345678910112"),
								notFound(EXTENDED + "/my-profile-0003"), ok(EXTENDED, "my-profile-0003-b"),
								doc(EXTENDED + "/my-profile-0003-b", "314253647589")),
						List.of("credentials 345678910112", "credentials 314253647589")),
				new Case("with a given profile name when profile is invalid throws an error", "my-profile-0004",
						List.of(notFound(EXTENDED + "/my-profile-0004"), notFound(LEGACY + "/my-profile-0004")),
						List.of("invalid profile")),
				new Case("when account ID is unavailable returns valid credentials", null,
						List.of(ok(EXTENDED, "my-profile-0005"), doc(EXTENDED + "/my-profile-0005", null),
								doc(EXTENDED + "/my-profile-0005", null)),
						List.of("credentials", "credentials")),
				new Case("with a given profile name when account ID is unavailable returns valid credentials",
						"my-profile-0006",
						List.of(doc(EXTENDED + "/my-profile-0006", null), doc(EXTENDED + "/my-profile-0006", null)),
						List.of("credentials", "credentials")),
				new Case("when account ID is unavailable when profile is unstable returns valid credentials", null,
						List.of(ok(EXTENDED, "my-profile-0007"), doc(EXTENDED + "/my-profile-0007", null),
								notFound(EXTENDED + "/my-profile-0007"), ok(EXTENDED, "my-profile-0007-b"),
								doc(EXTENDED + "/my-profile-0007-b", null)),
						List.of("credentials", "credentials")),
				new Case("with a given profile name when account ID is unavailable when profile is invalid throws an error",
						"my-profile-0008",
						List.of(notFound(EXTENDED + "/my-profile-0008"), notFound(LEGACY + "/my-profile-0008")),
						List.of("invalid profile")),
				new Case("against legacy API returns valid credentials", null,
						List.of(notFound(EXTENDED), ok(LEGACY, "my-profile-0009"), doc(LEGACY + "/my-profile-0009", null),
								doc(LEGACY + "/my-profile-0009", null)),
						List.of("credentials", "credentials")),
				new Case("with a given profile name against legacy API returns valid credentials", "my-profile-0010",
						List.of(notFound(EXTENDED + "/my-profile-0010"), doc(LEGACY + "/my-profile-0010", null),
								doc(LEGACY + "/my-profile-0010", null)),
						List.of("credentials", "credentials")),
				new Case("against legacy API when profile is unstable returns valid credentials", null,
						List.of(notFound(EXTENDED), ok(LEGACY, "my-profile-0011"), doc(LEGACY + "/my-profile-0011", null),
								notFound(LEGACY + "/my-profile-0011"), ok(LEGACY, "my-profile-0011-b"),
								doc(LEGACY + "/my-profile-0011-b", null)),
						List.of("credentials", "credentials")),
				new Case("with a given profile name against legacy API when profile is invalid throws an error",
						"my-profile-0012",
						List.of(notFound(EXTENDED + "/my-profile-0012"), notFound(LEGACY + "/my-profile-0012")),
						List.of("invalid profile")));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("cases")
	void fetchSendsTheSpecsRequestsAndGivesItsOutcomes(Case testCase) {
		ScriptedImds imds = new ScriptedImds(testCase.script());
		RoleCredentialsFetcher fetcher = new RoleCredentialsFetcher(imds, testCase.configuredRole());
		List<String> outcomes = new ArrayList<>();
		for (int i = 0; i < testCase.outcomes().size(); i++) {
			outcomes.add(outcome(fetcher));
		}
		assertThat(outcomes).isEqualTo(testCase.outcomes());
		assertThat(imds.unanswered()).as("requests the case expects but the fetcher never sent").isEmpty();
	}

	@Test
	void extendedPathFailingOtherThanWith404DoesNotFallBackToTheLegacyPath() {
		// "legacy fallback on 404 only": aws/aws-sdk-java-v2
		// core/auth/src/main/java/software/amazon/awssdk/auth/credentials/InstanceProfileCredentialsProvider.java
		wm.stubFor(put(urlEqualTo("/latest/api/token")).willReturn(aResponse().withBody("fake-imds-token")
			.withHeader("X-aws-ec2-metadata-token-ttl-seconds", "21600")));
		wm.stubFor(get(urlEqualTo(EXTENDED + "/")).willReturn(aResponse().withStatus(500)));
		try (ImdsClient client = ImdsClient.builder()
			.endpoint(wm.baseUrl())
			.platformDetection(PlatformDetectionMode.OFF)
			.sdkSettings(AwsSdkSettings.none())
			.maxAttempts(1)
			.build()) {
			assertThatExceptionOfType(ImdsHttpException.class)
				.isThrownBy(() -> new RoleCredentialsFetcher(client, null).fetch())
				.satisfies((ex) -> assertThat(ex.getStatus()).isEqualTo(500));
		}
		wm.verify(exactly(0), getRequestedFor(urlMatching(LEGACY + "/.*")));
	}

	@Test
	void imdsDisabledByTheEnvironmentGivesNoCredentialsAndSendsNothing() {
		// spec case "with env vars { AWS_EC2_METADATA_DISABLED=true } returns no credentials"
		try (ImdsClient client = ImdsClient.builder()
			.endpoint("http://127.0.0.1:9")
			.platformDetection(PlatformDetectionMode.OFF)
			.sdkSettings(AwsSdkSettings.of(Map.of(), Map.of("AWS_EC2_METADATA_DISABLED", "true")))
			.build()) {
			assertThatExceptionOfType(ImdsUnavailableException.class)
				.isThrownBy(() -> new RoleCredentialsFetcher(client, null).fetch())
				.withMessageContaining("AWS_EC2_METADATA_DISABLED");
		}
	}

	private static String outcome(RoleCredentialsFetcher fetcher) {
		try {
			RoleCredentials credentials = fetcher.fetch();
			return (credentials.accountId() != null) ? "credentials " + credentials.accountId() : "credentials";
		}
		catch (NoInstanceProfileException ex) {
			return "no instance profile";
		}
		catch (RoleCredentialsException ex) {
			return "invalid profile";
		}
	}

	private static Exchange ok(String path, String body) {
		return new Exchange(path, 200, body);
	}

	private static Exchange notFound(String path) {
		return new Exchange(path, 404, "");
	}

	private static Exchange doc(String path, @Nullable String accountId) {
		String account = (accountId != null) ? ",\"AccountId\":\"" + accountId + "\"" : "";
		return new Exchange(path, 200, "{\"Code\":\"Success\",\"LastUpdated\":\"2026-01-01T00:00:00Z\","
				+ "\"Type\":\"AWS-HMAC\",\"AccessKeyId\":\"ASIAFAKE00000001\",\"SecretAccessKey\":\"fake-secret\","
				+ "\"Token\":\"fake-session-token\",\"Expiration\":\"2026-01-01T06:00:00Z\","
				+ "\"UnexpectedElement\":{\"Name\":\"ignore-me\"}" + account + "}");
	}

	/**
	 * One case of the spec.
	 *
	 * @param name the spec's summary
	 * @param configuredRole {@code imds.credentials.role-name} (the spec's {@code ec2InstanceProfileName})
	 * @param script the GETs, in order, with IMDS's answers
	 * @param outcomes what each fetch gives
	 */
	record Case(String name, @Nullable String configuredRole, List<Exchange> script, List<String> outcomes) {

		@Override
		public String toString() {
			return this.name;
		}

	}

	record Exchange(String path, int status, String body) {

	}

	/**
	 * An {@link ImdsClient} that answers the script in order, as {@link ImdsClient#get} does: a 404 is
	 * empty.
	 */
	static final class ScriptedImds implements ImdsClient {

		private final Deque<Exchange> script;

		ScriptedImds(List<Exchange> script) {
			this.script = new ArrayDeque<>(script);
		}

		List<Exchange> unanswered() {
			return List.copyOf(this.script);
		}

		@Override
		public Optional<ImdsResponse> get(String path) {
			Exchange next = this.script.poll();
			String requested = (path.endsWith("/")) ? path.substring(0, path.length() - 1) : path;
			assertThat(next).as("a request the case does not expect: GET %s", path).isNotNull();
			assertThat(requested).as("the next request").isEqualTo(next.path());
			if (next.status() == 404) {
				return Optional.empty();
			}
			return Optional.of(ImdsResponse.of(path, next.body()));
		}

		@Override
		public ImdsAvailability availability() {
			throw new UnsupportedOperationException();
		}

		@Override
		public ResolvedEndpoint endpoint() {
			throw new UnsupportedOperationException();
		}

		@Override
		public TokenStatus tokenStatus() {
			throw new UnsupportedOperationException();
		}

		@Override
		public void addListener(ImdsRequestListener listener) {
		}

		@Override
		public void removeListener(ImdsRequestListener listener) {
		}

		@Override
		public ImdsClientSettings settings() {
			throw new UnsupportedOperationException();
		}

		@Override
		public void close() {
		}

	}

}
