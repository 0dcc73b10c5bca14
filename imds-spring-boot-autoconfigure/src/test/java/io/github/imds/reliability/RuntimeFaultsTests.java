package io.github.imds.reliability;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.github.imds.client.ImdsClient;
import io.github.imds.client.ImdsResponse;
import io.github.imds.credentials.CredentialsStatus;
import io.github.imds.credentials.RoleCredentials;
import io.github.imds.credentials.RoleCredentialsProvider;
import io.github.imds.metadata.InstanceMetadata;
import io.github.imds.test.ImdsSimulator;
import io.github.imds.test.ImdsSimulatorExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The fault matrix while the application runs: one application started against a healthy simulator, then
 * each fault injected. Every scenario asserts that calls end within the documented bound, that nothing the
 * application had is lost (the {@code ec2.*} properties, the metadata snapshot, the last good credentials),
 * what health says, and recovery.
 */
class RuntimeFaultsTests {

	private static final String INSTANCE_ID = "/latest/meta-data/instance-id";

	// one application for the class: the simulator is not reset between tests, each test restores its baseline
	@RegisterExtension
	static final ImdsSimulatorExtension simulator = ImdsSimulatorExtension.builder().resetBeforeEach(false).build();

	private static ImdsSimulator imds;

	private static ConfigurableApplicationContext context;

	private static InstanceMetadata startupMetadata;

	private RoleCredentials before;

	@BeforeAll
	static void startApplication(ImdsSimulator started) {
		imds = started;
		context = ReliabilityApplication.run(ReliabilityApplication.onSimulator(imds, "--imds.lifecycle.enabled=false",
				"--imds.health.max-staleness=0s"));
		startupMetadata = context.getBean(InstanceMetadata.class);
		assertThat(startupMetadata.complete()).isTrue();
	}

	@AfterAll
	static void stopApplication() {
		context.close();
	}

	@BeforeEach
	void healthyBaseline() {
		imds.clearFaults();
		imds.role("sample-role");
		imds.credentialsCode(null, null);
		StartupFaultsTests.refresh(provider());
		this.before = provider().getCredentials();
		imds.resetJournal();
	}

	@AfterEach
	void nothingLost() {
		assertThat(context.isActive()).isTrue();
		assertThat(context.getBean(InstanceMetadata.class)).isSameAs(startupMetadata);
		assertThat(context.getEnvironment().getProperty("ec2.instance-id")).isEqualTo("i-0123456789abcdef0");
		assertThat(context.getEnvironment().getProperty("ec2.region")).isEqualTo("us-east-1");
	}

	@Test
	void flappingImdsIsAbsorbedByRetries() {
		for (int i = 0; i < 10; i++) {
			if (i % 2 == 0) {
				imds.failNext(1, 503);
			}
			else {
				imds.resetConnectionNext(1);
			}
			assertThat(get(INSTANCE_ID)).isPresent();
			assertThat(StartupFaultsTests.refresh(provider()).state()).isEqualTo(CredentialsStatus.State.VALID);
		}
		assertThat(provider().getCredentials()).isEqualTo(this.before);
		StartupFaultsTests.health(context, Status.UP, "healthy");
	}

	@Test
	void outageWhileRunningKeepsTheLastGoodCredentialsAndReportsDegraded() {
		imds.failNext(Integer.MAX_VALUE, 500);
		assertThat(StartupFaultsTests.refresh(provider()).state()).isEqualTo(CredentialsStatus.State.DEGRADED);
		assertThat(provider().getCredentials()).isSameAs(this.before);
		// IMDS fails, but not yet for imds.health.down-after: UP (degraded); the diagnosis says the credentials
		// in hand stay valid
		StartupFaultsTests.health(context, Status.UP, "credentials-degraded");
		imds.clearFaults();
		assertThat(StartupFaultsTests.refresh(provider()).state()).isEqualTo(CredentialsStatus.State.VALID);
		StartupFaultsTests.health(context, Status.UP, "healthy");
	}

	@Test
	void unauthorizedInTheMiddleOfARunRenewsTheTokenOnceAndCarriesOn() {
		assertThat(get(INSTANCE_ID)).isPresent();
		imds.invalidateTokens();
		for (int i = 0; i < 5; i++) {
			assertThat(get(INSTANCE_ID)).isPresent();
		}
		assertThat(imds.tokenPuts()).isOne();
		StartupFaultsTests.health(context, Status.UP, "healthy");
	}

	@Test
	void tokenExpiredByImdsClockBetweenRequestsIsRenewedOnce() {
		assertThat(get(INSTANCE_ID)).isPresent();
		// IMDS's time moves past the token's 6 hours while the application's does not: 401, then a new token
		imds.advanceClock(Duration.ofHours(7));
		for (int i = 0; i < 5; i++) {
			assertThat(get(INSTANCE_ID)).isPresent();
		}
		assertThat(imds.tokenPuts()).isOne();
	}

	@Test
	void roleRemovedWhileRunningKeepsTheLastGoodCredentialsThenFindsTheNewRole() {
		imds.noInstanceProfile();
		assertThat(StartupFaultsTests.refresh(provider()).state()).isEqualTo(CredentialsStatus.State.DEGRADED);
		assertThat(provider().getCredentials()).isSameAs(this.before);
		StartupFaultsTests.health(context, Status.UP, "credentials-degraded");
		imds.role("replacement-role");
		assertThat(StartupFaultsTests.refresh(provider()).state()).isEqualTo(CredentialsStatus.State.VALID);
		assertThat(provider().getCredentials().roleName()).isEqualTo("replacement-role");
	}

	@Test
	void codeFailureWhileRunningKeepsTheLastGoodCredentialsAndNamesTheCode() {
		imds.credentialsCode("Failure", "fake failure message");
		assertThat(StartupFaultsTests.refresh(provider()).code()).isEqualTo("Failure");
		assertThat(provider().getCredentials()).isSameAs(this.before);
		assertThat(provider().status().state()).isEqualTo(CredentialsStatus.State.DEGRADED);
		StartupFaultsTests.health(context, Status.UP, "credentials-degraded");
	}

	@Test
	void badAnswersWhileRunningFailsOnlyThatCallWithinTheBound() {
		Map<String, Runnable> faults = Map.of("malformed", () -> imds.malformedJson(INSTANCE_ID), "oversized",
				() -> imds.oversizedBody(INSTANCE_ID, 10 * 1024 * 1024), "invalid-utf8",
				() -> imds.invalidUtf8(INSTANCE_ID), "redirect",
				() -> imds.redirect(INSTANCE_ID, 301, "http://127.0.0.1:" + imds.port() + "/latest/meta-data/"),
				"trickle", () -> imds.slowBody(INSTANCE_ID, Duration.ofSeconds(20)));
		faults.forEach((name, fault) -> {
			imds.clearFaults();
			fault.run();
			try {
				Optional<ImdsResponse> response = get(INSTANCE_ID);
				// what did arrive is not the instance id, whatever the client made of it
				response.ifPresent((answer) -> assertThat(answer.asString()).as(name).isNotEqualTo("i-0123456789abcdef0"));
			}
			catch (io.github.imds.client.ImdsException ex) {
				assertThat(ex.getPath()).as(name).isEqualTo(INSTANCE_ID);
			}
		});
		imds.clearFaults();
		assertThat(get(INSTANCE_ID)).isPresent();
		assertThat(provider().getCredentials()).isSameAs(this.before);
	}

	private static Optional<ImdsResponse> get(String path) {
		ImdsClient client = context.getBean(ImdsClient.class);
		Duration bound = client.settings().worstCaseCallDuration();
		return assertTimeoutPreemptively(bound, () -> client.get(path), () -> "GET " + path + " beyond " + bound);
	}

	private static RoleCredentialsProvider provider() {
		return context.getBean(RoleCredentialsProvider.class);
	}

}
