package io.github.imds.reliability;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.github.imds.actuate.ImdsHealthIndicator;
import io.github.imds.client.ImdsClient;
import io.github.imds.credentials.CredentialsStatus;
import io.github.imds.credentials.NoInstanceProfileException;
import io.github.imds.credentials.RoleCredentials;
import io.github.imds.credentials.RoleCredentialsException;
import io.github.imds.credentials.RoleCredentialsProvider;
import io.github.imds.metadata.InstanceMetadata;
import io.github.imds.test.EnableImdsSimulator;
import io.github.imds.test.ImdsSimulator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The fault matrix at startup, seen from the application: a whole {@link org.springframework.boot.SpringApplication}
 * starts against the simulator with the fault in place. Each scenario asserts that the application starts
 * within the documented bound, what it sees ({@code ec2.*} properties, the credentials bean), what it logs,
 * and that it recovers once the fault is gone. Client-level behaviour (retries, hints, counts) is covered by
 * the {@code io.github.imds.client} tests that {@code docs/reliability.md} lists per scenario.
 */
@ExtendWith(OutputCaptureExtension.class)
@EnableImdsSimulator
class StartupFaultsTests {

	private static final String CREDENTIALS_DOC = "/latest/meta-data/iam/security-credentials-extended/sample-role";

	private static final String TOKEN_PATH = ImdsSimulator.TOKEN_PATH;

	private static ImdsSimulator imds;

	@BeforeAll
	static void simulator(ImdsSimulator simulator) {
		imds = simulator;
	}

	@Test
	void noFaultLoadsMetadataAndCredentialsWithoutWarning(CapturedOutput output) {
		try (ConfigurableApplicationContext context = run()) {
			assertThat(metadata(context).complete()).isTrue();
			assertThat(context.getEnvironment().getProperty("ec2.instance-id")).isEqualTo("i-0123456789abcdef0");
			assertThat(credentials(context).getCredentials().accessKeyId()).startsWith("ASIAFAKE");
			health(context, Status.UP, "healthy");
		}
		assertThat(output).doesNotContain(" WARN ");
	}

	@Test
	void imdsDownAtStartupThenUpStartsWithoutMetadataAndThenObtainsCredentials(CapturedOutput output) {
		int port = ReliabilityApplication.closedPort();
		try (ImdsSimulator later = ImdsSimulator.builder().port(port).build()) {
			try (ConfigurableApplicationContext context = ReliabilityApplication
				.run(ReliabilityApplication.on("http://127.0.0.1:" + port))) {
				assertStartedWithoutMetadata(context, output, "connection refused");
				RoleCredentialsProvider provider = credentials(context);
				assertThatExceptionOfType(RoleCredentialsException.class).isThrownBy(provider::getCredentials)
					.withMessageContaining("connection refused");
				health(context, Status.DOWN, "connection-refused");
				later.start();
				// a retry that began before IMDS came up may be in flight, and refreshNow() joins it: the second
				// refresh surely starts after start()
				refresh(provider);
				assertThat(refresh(provider).state()).isEqualTo(CredentialsStatus.State.VALID);
				assertThat(provider.getCredentials().accessKeyId()).startsWith("ASIAFAKE");
				health(context, Status.UP, "healthy");
				assertThat(context.getBean(ImdsClient.class).get("/latest/meta-data/instance-id")).isPresent();
				// ec2.* are loaded once, at startup: they stay absent until the next start
				assertThat(context.getEnvironment().getProperty("ec2.instance-id")).isNull();
			}
		}
	}

	@Test
	void fiveHundredTwiceThenOkLoadsEverythingWithoutWarning(CapturedOutput output) {
		imds.failNext(2, 500);
		try (ConfigurableApplicationContext context = run()) {
			assertThat(metadata(context).complete()).isTrue();
			assertThat(context.getEnvironment().getProperty("ec2.region")).isEqualTo("us-east-1");
			assertThat(credentials(context).getCredentials()).isNotNull();
			health(context, Status.UP, "healthy");
		}
		assertThat(output).doesNotContain("No ec2.* properties");
	}

	@Test
	void sustained429StartsWithoutMetadataNamingThrottlingAndRecovers(CapturedOutput output) {
		imds.failNext(Integer.MAX_VALUE, 429);
		try (ConfigurableApplicationContext context = run()) {
			assertStartedWithoutMetadata(context, output, "429");
			assertThat(warning(output)).contains("throttling");
			RoleCredentialsProvider provider = credentials(context);
			assertThatExceptionOfType(RoleCredentialsException.class).isThrownBy(provider::getCredentials)
				.withMessageContaining("429");
			health(context, Status.DOWN, "throttled");
			imds.clearFaults();
			assertThat(refresh(provider).state()).isEqualTo(CredentialsStatus.State.VALID);
			health(context, Status.UP, "healthy");
		}
	}

	@Test
	void tokenPutResponseDroppedStartsWithoutMetadataWithTheHopLimitHint(CapturedOutput output) {
		imds.dropTokenResponses(true);
		try (ConfigurableApplicationContext context = run("--imds.connect-timeout=250ms", "--imds.read-timeout=1s")) {
			assertStartedWithoutMetadata(context, output, "hop limit");
			assertThat(warning(output)).contains("http-put-response-hop-limit 2");
			health(context, Status.DOWN, "hop-limit");
		}
	}

	@Test
	void tokenPutResponseDroppedWithV1FallbackLoadsMetadataOverImdsV1(CapturedOutput output) {
		imds.dropTokenResponses(true).acceptImdsV1(true);
		try (ConfigurableApplicationContext context = run("--imds.connect-timeout=250ms", "--imds.read-timeout=1s",
				"--imds.v1-fallback=true")) {
			assertThat(context.getEnvironment().getProperty("ec2.instance-id")).isEqualTo("i-0123456789abcdef0");
			assertThat(context.getBean(ImdsClient.class).tokenStatus().protocol()).isEqualTo("IMDSv1");
			// the startup PUT's timeout is recorded: the diagnosis names the root cause, not only the fallback
			assertThat(health(context, Status.UP, "hop-limit").getDetails()).containsEntry("degraded", true);
			assertThat(credentials(context).getCredentials()).isNotNull();
		}
	}

	@Test
	void tokenPut403StartsWithoutMetadataWithTheEndpointDisabledHint(CapturedOutput output) {
		imds.failNext(Integer.MAX_VALUE, 403, TOKEN_PATH);
		try (ConfigurableApplicationContext context = run()) {
			assertStartedWithoutMetadata(context, output, "HTTP 403");
			assertThat(warning(output)).contains("HttpEndpoint=disabled");
			health(context, Status.DOWN, "token-forbidden");
		}
	}

	@Test
	void tokenPut403WithV1FallbackLoadsMetadataOverImdsV1() {
		imds.failNext(Integer.MAX_VALUE, 403, TOKEN_PATH).acceptImdsV1(true);
		try (ConfigurableApplicationContext context = run("--imds.v1-fallback=true")) {
			assertThat(context.getEnvironment().getProperty("ec2.instance-id")).isEqualTo("i-0123456789abcdef0");
		}
	}

	@Test
	void tokenPut400StartsWithoutMetadataWithTheMalformedRequestHint(CapturedOutput output) {
		imds.failNext(Integer.MAX_VALUE, 400, TOKEN_PATH);
		try (ConfigurableApplicationContext context = run("--imds.v1-fallback=true")) {
			// 400 is never a reason to fall back to IMDSv1: the request is wrong, not the service
			assertStartedWithoutMetadata(context, output, "HTTP 400");
			assertThat(warning(output)).contains("imds.token-ttl");
			health(context, Status.DOWN, "imds-error");
		}
	}

	@Test
	void noInstanceProfileLoadsMetadataAndSaysSoOnCredentialsCalls() {
		imds.noInstanceProfile();
		try (ConfigurableApplicationContext context = run()) {
			assertThat(context.getEnvironment().getProperty("ec2.instance-id")).isNotNull();
			RoleCredentialsProvider provider = credentials(context);
			assertThatExceptionOfType(NoInstanceProfileException.class).isThrownBy(provider::getCredentials);
			assertThat(provider.status().state()).isEqualTo(CredentialsStatus.State.NO_INSTANCE_PROFILE);
			assertThat(health(context, Status.UP, "no-instance-profile").getDetails()).containsEntry("degraded", true);
			imds.role("attached-later");
			assertThat(refresh(provider).state()).isEqualTo(CredentialsStatus.State.VALID);
			assertThat(provider.getCredentials().roleName()).isEqualTo("attached-later");
			health(context, Status.UP, "healthy");
		}
	}

	@Test
	void codeFailureFailsCredentialsCallsWithCodeAndMessage() {
		imds.credentialsCode("Failure", "fake failure message");
		try (ConfigurableApplicationContext context = run()) {
			RoleCredentialsProvider provider = credentials(context);
			assertThatExceptionOfType(RoleCredentialsException.class).isThrownBy(provider::getCredentials)
				.withMessageContaining("Failure");
			assertThat(provider.status().state()).isEqualTo(CredentialsStatus.State.CODE_NOT_SUCCESS);
			assertThat(provider.status().code()).isEqualTo("Failure");
			assertThat(provider.status().message()).isEqualTo("fake failure message");
			health(context, Status.DOWN, "credentials-error");
		}
	}

	@Test
	void credentialsExpiredOnArrivalAreServedWithAWarningToCheckTheClock(CapturedOutput output) {
		// IMDS's clock 7 hours behind the host's: 6 hour credentials arrive expired by the host's clock
		imds.setTime(Instant.now().minus(Duration.ofHours(7))).role("sample-role");
		try (ConfigurableApplicationContext context = run()) {
			RoleCredentialsProvider provider = credentials(context);
			RoleCredentials served = provider.getCredentials();
			assertThat(served.expiration()).isBefore(Instant.now());
			assertThat(provider.status().state()).isEqualTo(CredentialsStatus.State.EXPIRED_SERVED);
			assertThat(output).contains("check the clock");
			// served stale credentials are UP (degraded): no replacement instance would fix an IMDS outage
			health(context, Status.UP, "credentials-expired-served");
		}
	}

	@Test
	void credentialsExpiredOnArrivalWithoutStaticStabilityFailCredentialsCalls() {
		imds.setTime(Instant.now().minus(Duration.ofHours(7))).role("sample-role");
		try (ConfigurableApplicationContext context = run("--imds.credentials.static-stability=false")) {
			RoleCredentialsProvider provider = credentials(context);
			assertThatExceptionOfType(RoleCredentialsException.class).isThrownBy(provider::getCredentials)
				.withMessageContaining("check the clock");
			health(context, Status.DOWN, "credentials-error");
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "PT6H", "2026-13-45T99:00:00Z", "" })
	void expirationUnparsableFailsCredentialsCallsNamingTheField(String expiration) {
		imds.metadata(CREDENTIALS_DOC, credentialsJson("\"" + expiration + "\""));
		try (ConfigurableApplicationContext context = run()) {
			assertThatExceptionOfType(RoleCredentialsException.class).isThrownBy(credentials(context)::getCredentials)
				.withMessageContaining("Expiration");
			health(context, Status.DOWN, "credentials-error");
		}
	}

	@Test
	void imdsClockAheadOfTheHostStillServesValidCredentials() {
		// Skew the other way: IMDS 3 hours ahead; credentials look longer-lived, tokens are relative
		imds.setTime(Instant.now().plus(Duration.ofHours(3))).role("sample-role");
		try (ConfigurableApplicationContext context = run()) {
			assertThat(credentials(context).status().state()).isEqualTo(CredentialsStatus.State.VALID);
			assertThat(context.getEnvironment().getProperty("ec2.instance-id")).isNotNull();
			health(context, Status.UP, "healthy");
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "truncated", "array", "wrong-types", "not-json" })
	void badIdentityDocumentLoadsTheOtherKeysAndWarns(String kind, CapturedOutput output) {
		String body = switch (kind) {
			case "truncated" -> "{\"accountId\":\"123456789012\",\"region\":";
			case "array" -> "[1, 2, 3]";
			case "wrong-types" -> "{\"accountId\":123456789012,\"region\":{\"nested\":true},\"instanceId\":null}";
			default -> "<html>captive portal</html>";
		};
		imds.dynamic("instance-identity/document", body);
		try (ConfigurableApplicationContext context = run()) {
			assertThat(context.getEnvironment().getProperty("ec2.instance-id")).isEqualTo("i-0123456789abcdef0");
			assertThat(context.getEnvironment().getProperty("ec2.region")).isEqualTo("us-east-1");
			health(context, Status.UP, "healthy");
		}
		assertThat(output).doesNotContain("captive portal");
	}

	@ParameterizedTest
	@ValueSource(strings = { "truncated", "wrong-types", "empty", "invalid-utf8", "oversized" })
	void badCredentialsDocumentFailsCredentialsCallsThenRecovers(String kind) {
		switch (kind) {
			case "truncated" -> imds.malformedJson(CREDENTIALS_DOC);
			case "wrong-types" -> imds.metadata(CREDENTIALS_DOC, credentialsJson("1767225600").replace(
					"\"AccessKeyId\":\"ASIAFAKE000000000001\"", "\"AccessKeyId\":[\"ASIAFAKE000000000001\"]"));
			case "empty" -> imds.emptyBody(CREDENTIALS_DOC);
			case "invalid-utf8" -> imds.invalidUtf8(CREDENTIALS_DOC);
			default -> imds.oversizedBody(CREDENTIALS_DOC, 10 * 1024 * 1024);
		}
		try (ConfigurableApplicationContext context = run()) {
			RoleCredentialsProvider provider = credentials(context);
			assertThatExceptionOfType(RoleCredentialsException.class).isThrownBy(provider::getCredentials);
			assertThat(context.getEnvironment().getProperty("ec2.instance-id")).isNotNull();
			health(context, Status.DOWN, "credentials-error");
			imds.reset();
			assertThat(refresh(provider).state()).isEqualTo(CredentialsStatus.State.VALID);
			health(context, Status.UP, "healthy");
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "invalid-utf8", "oversized", "trickle", "redirect-301", "redirect-302" })
	void badLeafLeavesOnlyThatKeyOut(String kind, CapturedOutput output) throws Exception {
		String leaf = "placement/availability-zone-id";
		switch (kind) {
			case "invalid-utf8" -> imds.invalidUtf8(leaf);
			case "oversized" -> imds.oversizedBody(leaf, 10 * 1024 * 1024);
			// a byte a second: the 8-byte zone id over 10 s, longer than the 2 s startup budget
			case "trickle" -> imds.slowBody(leaf, Duration.ofSeconds(10));
			case "redirect-301" -> imds.redirect(leaf, 301, "http://127.0.0.1:" + imds.port() + "/latest/meta-data/");
			default -> imds.redirect(leaf, 302, "http://127.0.0.1:" + imds.port() + "/latest/meta-data/");
		}
		try (ConfigurableApplicationContext context = run("--imds.lifecycle.enabled=false")) {
			InstanceMetadata metadata = metadata(context);
			assertThat(context.getEnvironment().getProperty("ec2.instance-id")).isEqualTo("i-0123456789abcdef0");
			assertThat(context.getEnvironment().getProperty("ec2.placement.availability-zone-id")).isNull();
			assertThat(metadata.failures()).singleElement().asString().contains("placement/availability-zone-id");
			assertThat(context.getEnvironment().getProperty("ec2.availability-zone")).isEqualTo("us-east-1a");
			health(context, Status.UP, "healthy");
		}
		assertThat(output).contains("could not be loaded");
	}

	@Test
	void closingTheApplicationDuringTheFirstCredentialsFetchDoesNotWarnAboutImds(CapturedOutput output) {
		imds.slowBody("iam/security-credentials-extended/", Duration.ofSeconds(5));
		java.util.Set<Thread> before = Thread.getAllStackTraces().keySet();
		try (ConfigurableApplicationContext context = run("--imds.lifecycle.enabled=false")) {
			assertThat(credentials(context).status().state()).isEqualTo(CredentialsStatus.State.NOT_LOADED);
		}
		// this application's refresh thread (other test classes' cached contexts may run their own)
		await().atMost(Duration.ofSeconds(10)).until(() -> Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> !before.contains(thread))
			.noneMatch((thread) -> thread.getName().startsWith("imds-credentials-refresh")));
		assertThat(output).doesNotContain("Could not obtain role credentials").doesNotContain(" WARN ");
	}

	@Test
	void emptyLeafIsAbsentSoThatDefaultsApply() {
		imds.emptyBody("placement/availability-zone-id");
		try (ConfigurableApplicationContext context = run("--imds.lifecycle.enabled=false")) {
			assertThat(metadata(context).complete()).isTrue();
			assertThat(context.getEnvironment().getProperty("ec2.placement.availability-zone-id")).isNull();
			assertThat(context.getEnvironment().resolvePlaceholders("${ec2.placement.availability-zone-id:fallback}"))
				.isEqualTo("fallback");
			health(context, Status.UP, "healthy");
			assertThat(context.getEnvironment().getProperty("ec2.instance-id")).isEqualTo("i-0123456789abcdef0");
		}
	}

	@Test
	void jvmWideHttpProxyIsNotUsedForImds() throws Exception {
		List<String> names = List.of("http.proxyHost", "http.proxyPort", "http.nonProxyHosts");
		List<String> previous = names.stream().map(System::getProperty).toList();
		try (TrapServer proxy = new TrapServer()) {
			System.setProperty("http.proxyHost", "127.0.0.1");
			System.setProperty("http.proxyPort", Integer.toString(proxy.port()));
			System.setProperty("http.nonProxyHosts", "nothing.invalid");
			try (ConfigurableApplicationContext context = run()) {
				assertThat(context.getEnvironment().getProperty("ec2.instance-id")).isNotNull();
				assertThat(credentials(context).getCredentials()).isNotNull();
				health(context, Status.UP, "healthy");
			}
			assertThat(proxy.connections()).isZero();
		}
		finally {
			for (int i = 0; i < names.size(); i++) {
				if (previous.get(i) != null) {
					System.setProperty(names.get(i), previous.get(i));
				}
				else {
					System.clearProperty(names.get(i));
				}
			}
		}
	}

	private static ConfigurableApplicationContext run(String... args) {
		return ReliabilityApplication.run(ReliabilityApplication.onSimulator(imds, args));
	}

	/**
	 * What the {@code imds} health indicator says, asserted and returned: status, diagnosis code, and the
	 * {@code degraded} detail.
	 */
	static Health health(ConfigurableApplicationContext context, Status status, String diagnosisCode) {
		Health health = context.getBean(ImdsHealthIndicator.class).health(true);
		assertThat(health.getStatus()).as("health %s", health).isEqualTo(status);
		assertThat(health.getDetails()).as("health %s", health).containsEntry("diagnosisCode", diagnosisCode);
		return health;
	}

	static InstanceMetadata metadata(ConfigurableApplicationContext context) {
		return context.getBean(InstanceMetadata.class);
	}

	static RoleCredentialsProvider credentials(ConfigurableApplicationContext context) {
		return context.getBean(RoleCredentialsProvider.class);
	}

	static CredentialsStatus refresh(RoleCredentialsProvider provider) {
		Duration guard = ReliabilityApplication.worstCaseCall(3).multipliedBy(4);
		return assertTimeoutPreemptively(guard, () -> provider.refreshNow().get());
	}

	private static void assertStartedWithoutMetadata(ConfigurableApplicationContext context, CapturedOutput output,
			String cause) {
		assertThat(context.isActive()).isTrue();
		assertThat(context.getEnvironment().getPropertySources().contains("ec2InstanceMetadata")).isFalse();
		assertThat(context.getEnvironment().getProperty("ec2.instance-id", "local")).isEqualTo("local");
		assertThat(metadata(context).isEmpty()).isTrue();
		assertThat(warning(output)).contains(cause);
	}

	/** The one line the environment post-processor logs when it cannot load the metadata. */
	private static String warning(CapturedOutput output) {
		List<String> lines = output.getOut().lines().filter((line) -> line.contains("No ec2.* properties")).toList();
		assertThat(lines).singleElement().asString().contains("WARN");
		return lines.get(0);
	}

	static String credentialsJson(String expiration) {
		return ("{\"Code\":\"Success\",\"LastUpdated\":\"2026-01-01T00:00:00Z\",\"Type\":\"AWS-HMAC\","
				+ "\"AccessKeyId\":\"ASIAFAKE000000000001\",\"SecretAccessKey\":\"fake-secret-1\","
				+ "\"Token\":\"fake-session-token-1\",\"Expiration\":%s}").formatted(expiration);
	}

}
