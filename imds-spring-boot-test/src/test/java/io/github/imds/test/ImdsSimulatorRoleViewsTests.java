package io.github.imds.test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the role views of {@link ImdsSimulator} and the shortcuts that call them.
 */
@EnableImdsSimulator
class ImdsSimulatorRoleViewsTests {

	@Test
	void viewsAreStableAndChainWithinTheirRole(ImdsSimulator imds) throws Exception {
		assertThat(imds.instance()).isSameAs(imds.instance());
		assertThat(imds.instance().region("eu-west-1").instanceId("i-0aaaaaaaaaaaaaaaa")).isSameAs(imds.instance());
		ImdsHttp http = new ImdsHttp(imds.endpoint());
		assertThat(http.body("placement/availability-zone")).isEqualTo("eu-west-1a");
		assertThat(http.body("instance-id")).isEqualTo("i-0aaaaaaaaaaaaaaaa");
	}

	@Test
	void credentialsViewDrivesTheRole(ImdsSimulator imds) throws Exception {
		imds.credentials().role("app-role").lifetime(Duration.ofMinutes(30)).rotation(Duration.ofMinutes(10));
		ImdsHttp http = new ImdsHttp(imds.endpoint());
		assertThat(http.body("iam/security-credentials/")).isEqualTo("app-role");
		assertThat(imds.credentials().role()).isEqualTo("app-role").isEqualTo(imds.role());
		int issued = imds.credentials().issued();
		imds.advanceClock(Duration.ofMinutes(25));
		assertThat(imds.credentials().issued()).isEqualTo(issued + 1).isEqualTo(imds.credentialsIssued());
		imds.credentials().code("AssumeRoleUnauthorizedAccess", "no");
		assertThat(http.body("iam/security-credentials/app-role")).contains("\"Code\" : \"AssumeRoleUnauthorizedAccess\"");
	}

	@Test
	void noticesFaultsAndJournalViewsDriveTheirRoles(ImdsSimulator imds) throws Exception {
		ImdsHttp http = new ImdsHttp(imds.endpoint());
		imds.notices().targetLifecycleState("Warmed:Stopped").rebalanceRecommendation(Instant.EPOCH);
		assertThat(http.body("autoscaling/target-lifecycle-state")).isEqualTo("Warmed:Stopped");
		imds.faults().failNext(1, 503, "instance-id");
		assertThat(http.get("instance-id", http.token()).statusCode()).isEqualTo(503);
		assertThat(imds.journal().count("GET", "instance-id")).isEqualTo(1).isEqualTo(imds.count("GET", "instance-id"));
		assertThat(imds.journal().tokenPuts()).isEqualTo(imds.tokenPuts()).isEqualTo(2);
		List<ImdsRequest> heard = new ArrayList<>();
		imds.journal().listen(heard::add);
		http.get("instance-id", http.token());
		assertThat(heard).extracting(ImdsRequest::status).containsExactly(200, 200);
		imds.journal().reset();
		assertThat(imds.requests()).isEmpty();
	}

	@Test
	void shortcutsReturnTheSimulatorAndActOnTheViews(ImdsSimulator imds) throws Exception {
		assertThat(imds.region("ap-southeast-2").role("r").spotInterruption("stop", Instant.EPOCH)
			.latency(Duration.ZERO)
			.resetJournal()).isSameAs(imds);
		ImdsHttp http = new ImdsHttp(imds.endpoint());
		assertThat(http.body("placement/region")).isEqualTo("ap-southeast-2");
		assertThat(http.body("spot/instance-action")).contains("stop");
	}

}
