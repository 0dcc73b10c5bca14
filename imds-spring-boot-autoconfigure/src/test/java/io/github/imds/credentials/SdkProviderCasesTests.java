package io.github.imds.credentials;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Random;

import io.github.imds.client.AwsSdkSettings;
import io.github.imds.client.ImdsClient;
import io.github.imds.client.PlatformDetectionMode;
import io.github.imds.test.ImdsSimulator;
import io.github.imds.testsupport.TestTimeScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.github.imds.credentials.TestTimeRefreshScheduler.inTestTime;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The credentials-level fault cases of the AWS SDKs' instance profile provider tests, in our words: what
 * {@link ImdsRoleCredentialsProvider#getCredentials()} gives, and how many times the credentials document was
 * asked for, against the IMDS simulator in test time (a manual scheduler, the simulator's clock). Source of every
 * case: aws/aws-sdk-java-v2
 * {@code core/auth/src/test/java/software/amazon/awssdk/auth/credentials/InstanceProfileCredentialsProviderTest.java},
 * the test named in column 2. See docs/reliability.md, "Shared SDK cases".
 */
class SdkProviderCasesTests {

	private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

	private static final String DOCUMENT = RoleCredentialsFetcher.EXTENDED_PATH + "sample-role";

	private ImdsSimulator imds;

	private ImdsClient client;

	private TestTimeScheduler scheduler;

	private ImdsRoleCredentialsProvider provider;

	@BeforeEach
	void setUp() {
		this.imds = ImdsSimulator.builder().clock(Clock.fixed(T0, ZoneOffset.UTC)).build().start();
		this.client = ImdsClient.builder()
			.endpoint(this.imds.endpoint())
			.platformDetection(PlatformDetectionMode.OFF)
			.sdkSettings(AwsSdkSettings.none())
			.maxAttempts(1)
			.readTimeout(Duration.ofSeconds(2))
			.clock(this.imds.clock())
			.build();
		this.scheduler = new TestTimeScheduler(this.imds.clock(), this.imds::advanceClock);
	}

	@AfterEach
	void tearDown() {
		if (this.provider != null) {
			this.provider.close();
		}
		this.client.close();
		this.imds.close();
	}

	/**
	 * Columns: case, source test, the fault, calls to {@code getCredentials()}, what the last call gives
	 * ({@code credentials}, {@code first credentials} when the cached ones are served, or {@code error}), GETs
	 * of the credentials document those calls caused (the provider fetches in the background, never per call).
	 */
	@ParameterizedTest(name = "{0} [{1}]")
	@CsvSource(delimiter = '|', textBlock = """
			expired on arrival: served, IMDS asked once       | resolveCredentials_onlyCallsImdsOnceEvenWithExpiredCredentials | host clock 7 h ahead       | 3  | credentials       | 0
			expired on arrival: does not fail                 | resolveCredentials_doesNotFailIfImdsReturnsExpiredCredentials  | host clock 7 h ahead       | 1  | credentials       | 0
			call frequency is limited                         | imdsCallFrequencyIsLimited                                     | none                       | 50 | credentials       | 0
			call frequency near expiry is limited             | imdsCallFrequencyIsLimited                                     | 5 min before expiry        | 50 | credentials       | 0
			500 on the first call: fails                      | resolveCredentials_failsIfImdsReturns500OnFirstCall            | 500 on iam/                | 1  | error             | 0
			IMDS fails on a later call: the cache is served   | resolveCredentials_usesCacheIfImdsFailsOnSecondCall            | 500 on iam/ after the first | 2 | first credentials | 0
			empty credentials document: fails                 | ours (SDK: empty body is an error)                             | empty document             | 1  | error             | 0
			invalid credentials document: fails               | ours (SDK: unparsable body is an error)                        | malformed document         | 1  | error             | 0
			""")
	void getCredentialsGivesAndAskAsTheCaseSays(String name, String source, String fault, int calls,
			String result, long documentGets) {
		Clock clock = this.imds.clock();
		switch (fault) {
			case "host clock 7 h ahead" -> clock = Clock.offset(this.imds.clock(), Duration.ofHours(7));
			case "500 on iam/" -> this.imds.failNext(Integer.MAX_VALUE, 500, "iam/");
			case "empty document" -> this.imds.faults().emptyBody(DOCUMENT);
			case "malformed document" -> this.imds.faults().malformedJson(DOCUMENT);
			default -> {
			}
		}
		Clock providerClock = clock;
		this.provider = ImdsRoleCredentialsProvider.builder(this.client)
			.clock(providerClock)
			.scheduler(inTestTime(this.scheduler))
			.random(new Random(42))
			.firstFetchTimeout(Duration.ofMillis(50))
			.expiredRefreshTimeout(Duration.ofMillis(50))
			.build();
		this.provider.start();
		this.scheduler.runDue();
		RoleCredentials first = credentialsOrNull();
		if (fault.equals("5 min before expiry")) {
			// 6 h credentials: 5 minutes before they expire the refresh is due; IMDS serves new ones
			this.scheduler.advance(Duration.ofHours(6).minusMinutes(5));
		}
		if (fault.equals("500 on iam/ after the first")) {
			this.imds.failNext(Integer.MAX_VALUE, 500, "iam/");
			this.scheduler.advance(Duration.ofMinutes(346));
		}
		long before = this.imds.count("GET", DOCUMENT);
		RoleCredentials last = null;
		for (int i = 0; i < calls; i++) {
			last = credentialsOrNull();
		}
		switch (result) {
			case "error" -> assertThat(last).isNull();
			case "first credentials" -> assertThat(last).isNotNull().isSameAs(first);
			default -> assertThat(last).isNotNull();
		}
		assertThat(this.imds.count("GET", DOCUMENT) - before).as("GETs of the credentials document the calls caused")
			.isEqualTo(documentGets);
	}

	private RoleCredentials credentialsOrNull() {
		try {
			return this.provider.getCredentials();
		}
		catch (RoleCredentialsException ex) {
			return null;
		}
	}


}
