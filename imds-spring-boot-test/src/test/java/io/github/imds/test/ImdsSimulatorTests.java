package io.github.imds.test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for the protocol, the instance model and the credentials of {@link ImdsSimulator}.
 */
class ImdsSimulatorTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static ImdsSimulator simulator;

	private static ImdsHttp http;

	@BeforeAll
	static void start() {
		simulator = ImdsSimulator.startDefault();
		http = new ImdsHttp(simulator.endpoint());
	}

	@AfterAll
	static void stop() {
		simulator.close();
	}

	@BeforeEach
	void reset() {
		simulator.reset();
	}

	@Test
	void endpointIsLoopbackWithTheBoundPort() {
		assertThat(simulator.endpoint()).isEqualTo("http://127.0.0.1:" + simulator.port());
		assertThat(simulator.endpointUri().getHost()).isEqualTo("127.0.0.1");
		assertThat(simulator.properties()).containsEntry("imds.endpoint", simulator.endpoint())
			.containsEntry("imds.platform-detection", "off");
	}

	@ParameterizedTest
	@ValueSource(strings = { "1", "21600", " 300" })
	void putTokenWithTtlInRangeIssuesTokenAndEchoesTtl(String ttl) throws Exception {
		HttpResponse<String> response = http.putToken(ttl);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isNotBlank();
		assertThat(response.headers().firstValue("X-aws-ec2-metadata-token-ttl-seconds")).hasValue(ttl.trim());
	}

	@ParameterizedTest
	@ValueSource(strings = { "0", "21601", "-5", "abc", "" })
	void putTokenWithBadTtlAnswers400(String ttl) throws Exception {
		assertThat(http.putToken(ttl).statusCode()).isEqualTo(400);
	}

	@Test
	void putTokenWithoutTtlAnswers400() throws Exception {
		assertThat(http.putToken(null).statusCode()).isEqualTo(400);
	}

	@Test
	void putTokenWithForwardedForAnswers403() throws Exception {
		HttpRequest request = HttpRequest.newBuilder(http.uri(ImdsSimulator.TOKEN_PATH))
			.header("X-aws-ec2-metadata-token-ttl-seconds", "60")
			.header("X-Forwarded-For", "198.51.100.7")
			.PUT(HttpRequest.BodyPublishers.noBody())
			.build();
		assertThat(http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(403);
		assertThat(simulator.requests()).singleElement().satisfies((recorded) -> {
			assertThat(recorded.hadForwardedFor()).isTrue();
			assertThat(recorded.status()).isEqualTo(403);
		});
		assertThat(simulator.tokensIssued()).isZero();
	}

	@Test
	void getOnTokenPathAnswers405() throws Exception {
		assertThat(http.get(ImdsSimulator.TOKEN_PATH, null).statusCode()).isEqualTo(405);
	}

	@Test
	void tokensAreDistinct() throws Exception {
		assertThat(http.token()).isNotEqualTo(http.token());
	}

	@Test
	void getWithoutTokenAnswers401ByDefault() throws Exception {
		assertThat(http.get("instance-id", null).statusCode()).isEqualTo(401);
	}

	@Test
	void getWithUnknownTokenAnswers401() throws Exception {
		assertThat(http.get("instance-id", "AQAEAnot-a-real-token").statusCode()).isEqualTo(401);
	}

	@Test
	void getWithValidTokenAnswers() throws Exception {
		HttpResponse<String> response = http.get("instance-id", http.token());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("i-0123456789abcdef0");
	}

	@Test
	void tokenExpiresAfterTtlOnSimulatorClock() throws Exception {
		String token = http.putToken("60").body();
		simulator.advanceClock(Duration.ofSeconds(59));
		assertThat(http.get("instance-id", token).statusCode()).isEqualTo(200);
		simulator.advanceClock(Duration.ofSeconds(1));
		assertThat(http.get("instance-id", token).statusCode()).isEqualTo(401);
	}

	@Test
	void setTimeMovesTheClock() {
		Instant target = Instant.parse("2030-01-01T00:00:00Z");
		simulator.setTime(target);
		assertThat(Duration.between(target, simulator.clock().instant())).isLessThan(Duration.ofMinutes(1));
	}

	@Test
	void imdsV1AllowedAnswersWithoutTokenButStillRejectsBadToken() throws Exception {
		simulator.acceptImdsV1(true);
		assertThat(http.get("instance-id", null).statusCode()).isEqualTo(200);
		assertThat(http.get("instance-id", "bogus").statusCode()).isEqualTo(401);
		simulator.requireToken(true);
		assertThat(http.get("instance-id", null).statusCode()).isEqualTo(401);
	}

	@Test
	void tokensDisabledRefusesPutAndServesV1() throws Exception {
		simulator.tokensDisabled();
		assertThat(http.putToken("60").statusCode()).isEqualTo(403);
		assertThat(http.get("instance-id", null).statusCode()).isEqualTo(200);
	}

	@Test
	void imdsDisabledAnswers403ToEverything() throws Exception {
		String token = http.token();
		simulator.imdsDisabled();
		assertThat(http.putToken("60").statusCode()).isEqualTo(403);
		assertThat(http.get("instance-id", token).statusCode()).isEqualTo(403);
	}

	@Test
	void invalidateTokensMakesIssuedTokensInvalid() throws Exception {
		String token = http.token();
		simulator.invalidateTokens();
		assertThat(http.get("instance-id", token).statusCode()).isEqualTo(401);
	}

	@Test
	void absentPathAnswers404() throws Exception {
		String token = http.token();
		assertThat(http.get("no-such-key", token).statusCode()).isEqualTo(404);
		assertThat(http.get("/latest/user-data", token).statusCode()).isEqualTo(404);
		assertThat(http.get("spot/instance-action", token).statusCode()).isEqualTo(404);
		assertThat(http.get("autoscaling/target-lifecycle-state", token).statusCode()).isEqualTo(404);
		assertThat(http.get("events/recommendations/rebalance", token).statusCode()).isEqualTo(404);
	}

	@Test
	void postOnMetadataAnswers405() throws Exception {
		HttpRequest request = http.request("instance-id", http.token())
			.POST(HttpRequest.BodyPublishers.ofString("x"))
			.build();
		assertThat(http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(405);
	}

	@Test
	void rootListingListsLeavesAndSubtrees() throws Exception {
		List<String> lines = http.body("/latest/meta-data/").lines().toList();
		assertThat(lines).contains("ami-id", "ami-launch-index", "hostname", "instance-id", "instance-type",
				"instance-life-cycle", "local-hostname", "local-ipv4", "mac", "public-hostname", "public-ipv4",
				"security-groups", "placement/", "services/", "iam/", "network/", "block-device-mapping/",
				"events/", "public-keys/");
		assertThat(lines).doesNotContain("spot/", "autoscaling/", "tags/");
	}

	@Test
	void listingsWorkAtEveryLevelWithAndWithoutTrailingSlash() throws Exception {
		assertThat(http.body("placement/").lines()).containsExactly("availability-zone", "availability-zone-id",
				"region");
		assertThat(http.body("placement")).isEqualTo(http.body("placement/"));
		assertThat(http.body("/latest/meta-data")).isEqualTo(http.body("/latest/meta-data/"));
		assertThat(http.body("network/interfaces/macs/").lines()).containsExactly("0e:1a:2b:3c:4d:5e/",
				"0e:1a:2b:3c:4d:5f/");
		assertThat(http.body("/latest/").lines()).containsExactly("dynamic", "meta-data");
		assertThat(http.body("/latest/dynamic/").lines()).containsExactly("fws/", "instance-identity/");
		assertThat(http.body("/latest/dynamic/instance-identity/").lines()).contains("document", "signature",
				"pkcs7");
		assertThat(http.body("iam/security-credentials").lines()).containsExactly("sample-role");
		assertThat(http.body("iam/security-credentials/").lines()).containsExactly("sample-role");
		assertThat(http.body("services/").lines()).containsExactly("domain", "partition");
		assertThat(http.body("block-device-mapping/").lines()).containsExactly("ami", "root");
	}

	@Test
	void defaultInstanceIsSelfConsistent() throws Exception {
		assertThat(http.body("placement/region")).isEqualTo("us-east-1");
		assertThat(http.body("placement/availability-zone")).isEqualTo("us-east-1a");
		assertThat(http.body("placement/availability-zone-id")).isEqualTo("use1-az1");
		assertThat(http.body("instance-type")).isEqualTo("m5.large");
		assertThat(http.body("ami-launch-index")).isEqualTo("0");
		assertThat(http.body("hostname")).isEqualTo("ip-10-0-1-10.ec2.internal");
		assertThat(http.body("local-hostname")).isEqualTo("ip-10-0-1-10.ec2.internal");
		assertThat(http.body("local-ipv4")).isEqualTo("10.0.1.10");
		assertThat(http.body("public-ipv4")).isEqualTo("203.0.113.10");
		assertThat(http.body("public-hostname")).isEqualTo("ec2-203-0-113-10.compute-1.amazonaws.com");
		assertThat(http.body("mac")).isEqualTo("0e:1a:2b:3c:4d:5e");
		assertThat(http.body("instance-life-cycle")).isEqualTo("on-demand");
		assertThat(http.body("security-groups")).isEqualTo("web\ndefault");
		assertThat(http.body("services/domain")).isEqualTo("amazonaws.com");
		assertThat(http.body("services/partition")).isEqualTo("aws");
		assertThat(http.body("events/maintenance/scheduled")).isEqualTo("[]");
	}

	@Test
	void twoNetworkInterfacesHaveAllFields() throws Exception {
		String primary = "network/interfaces/macs/0e:1a:2b:3c:4d:5e/";
		String secondary = "network/interfaces/macs/0e:1a:2b:3c:4d:5f/";
		assertThat(http.body(primary).lines()).contains("device-number", "interface-id", "local-ipv4s", "mac",
				"owner-id", "security-group-ids", "subnet-id", "vpc-id", "vpc-ipv4-cidr-block", "public-ipv4s");
		assertThat(http.body(primary + "device-number")).isEqualTo("0");
		assertThat(http.body(secondary + "device-number")).isEqualTo("1");
		assertThat(http.body(primary + "local-ipv4s")).isEqualTo(http.body("local-ipv4"));
		assertThat(http.body(primary + "mac")).isEqualTo(http.body("mac"));
		assertThat(http.body(primary + "owner-id")).isEqualTo("123456789012");
		assertThat(http.body(primary + "security-group-ids").lines()).hasSize(2);
		assertThat(http.body(secondary + "vpc-id")).isEqualTo(http.body(primary + "vpc-id"));
		assertThat(http.body(secondary + "subnet-id")).isNotEqualTo(http.body(primary + "subnet-id"));
	}

	@Test
	void identityDocumentMatchesMetadata() throws Exception {
		JsonNode document = json.readTree(http.body("/latest/dynamic/instance-identity/document"));
		assertThat(document.propertyNames()).containsExactly("accountId", "architecture", "availabilityZone",
				"billingProducts", "devpayProductCodes", "marketplaceProductCodes", "imageId", "instanceId",
				"instanceType", "kernelId", "pendingTime", "privateIp", "ramdiskId", "region", "version");
		assertThat(document.get("accountId").asString()).isEqualTo("123456789012");
		assertThat(document.get("instanceId").asString()).isEqualTo(http.body("instance-id"));
		assertThat(document.get("imageId").asString()).isEqualTo(http.body("ami-id"));
		assertThat(document.get("instanceType").asString()).isEqualTo(http.body("instance-type"));
		assertThat(document.get("privateIp").asString()).isEqualTo(http.body("local-ipv4"));
		assertThat(document.get("availabilityZone").asString()).isEqualTo(http.body("placement/availability-zone"));
		assertThat(document.get("region").asString()).isEqualTo("us-east-1");
		assertThat(document.get("billingProducts").isNull()).isTrue();
		assertThat(document.get("kernelId").isNull()).isTrue();
		assertThat(document.get("version").asString()).isEqualTo("2017-09-30");
		assertThat(document.get("pendingTime").asString()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
	}

	@Test
	void regionAndInstanceIdChangesStayConsistent() throws Exception {
		simulator.region("eu-west-1").instanceId("i-0fedcba9876543210").accountId("210987654321");
		JsonNode document = json.readTree(http.body("/latest/dynamic/instance-identity/document"));
		assertThat(document.get("region").asString()).isEqualTo("eu-west-1");
		assertThat(document.get("availabilityZone").asString()).isEqualTo("eu-west-1a");
		assertThat(document.get("instanceId").asString()).isEqualTo("i-0fedcba9876543210");
		assertThat(document.get("accountId").asString()).isEqualTo("210987654321");
		assertThat(http.body("placement/availability-zone-id")).isEqualTo("euw1-az1");
		assertThat(http.body("local-hostname")).isEqualTo("ip-10-0-1-10.eu-west-1.compute.internal");
		assertThat(http.body("iam/info")).contains("arn:aws:iam::210987654321:instance-profile/sample-role");
		simulator.region("ap-southeast-2").availabilityZone("ap-southeast-2c");
		assertThat(http.body("placement/availability-zone-id")).isEqualTo("apse2-az3");
		simulator.region("cn-north-1");
		assertThat(http.body("services/partition")).isEqualTo("aws-cn");
		assertThat(http.body("services/domain")).isEqualTo("amazonaws.com.cn");
	}

	@Test
	void metadataAndDynamicAreSettableAndRemovable() throws Exception {
		simulator.metadata("placement/partition-number", "3").dynamic("fws/instance-monitoring", "disabled");
		assertThat(http.body("placement/partition-number")).isEqualTo("3");
		assertThat(http.body("/latest/dynamic/fws/instance-monitoring")).isEqualTo("disabled");
		simulator.removeMetadata("placement/partition-number").removeMetadata("public-ipv4");
		String token = http.token();
		assertThat(http.get("placement/partition-number", token).statusCode()).isEqualTo(404);
		assertThat(http.get("public-ipv4", token).statusCode()).isEqualTo(404);
		simulator.removeMetadata("placement");
		assertThat(http.get("placement/", token).statusCode()).isEqualTo(404);
		assertThatIllegalArgumentException().isThrownBy(() -> simulator.metadata("placement/", "x"));
	}

	@Test
	void tagsAreListedAndReadIncludingSpecialCharacters() throws Exception {
		simulator.tagsInMetadata(true);
		simulator.tag("aws:autoscaling:groupName", "web-asg")
			.tag("team+owner=a@b,c.d", "platform")
			.tag("Name", "renamed");
		assertThat(http.body("tags/instance").lines()).containsExactly("Environment", "Name",
				"aws:autoscaling:groupName", "team+owner=a@b,c.d");
		assertThat(http.body("tags/instance/")).isEqualTo(http.body("tags/instance"));
		assertThat(http.body("tags/instance/aws:autoscaling:groupName")).isEqualTo("web-asg");
		assertThat(http.body("tags/instance/team+owner=a@b,c.d")).isEqualTo("platform");
		assertThat(http.body("tags/instance/team%2Bowner%3Da%40b%2Cc.d")).isEqualTo("platform");
		assertThat(http.body("tags/instance/Name")).isEqualTo("renamed");
		simulator.removeTag("Name");
		assertThat(http.get("tags/instance/Name", http.token()).statusCode()).isEqualTo(404);
		assertThatIllegalArgumentException().isThrownBy(() -> simulator.tag("a/b", "x"));
	}

	@Test
	void tagsInMetadataOffAnswers404() throws Exception {
		simulator.tagsInMetadata(false);
		String token = http.token();
		assertThat(http.get("tags/instance", token).statusCode()).isEqualTo(404);
		assertThat(http.get("tags/instance/Name", token).statusCode()).isEqualTo(404);
	}

	@Test
	void credentialsHaveAllFieldsAndObviouslyFakeValues() throws Exception {
		JsonNode credentials = json.readTree(http.body("iam/security-credentials/sample-role"));
		assertThat(credentials.get("Code").asString()).isEqualTo("Success");
		assertThat(credentials.get("Type").asString()).isEqualTo("AWS-HMAC");
		assertThat(credentials.get("AccessKeyId").asString()).startsWith("ASIAFAKE").hasSize(20);
		assertThat(credentials.get("SecretAccessKey").asString()).startsWith("fake-secret-");
		assertThat(credentials.get("Token").asString()).startsWith("fake-session-token-");
		assertThat(credentials.has("AccountId")).isFalse();
		Instant lastUpdated = Instant.parse(credentials.get("LastUpdated").asString());
		Instant expiration = Instant.parse(credentials.get("Expiration").asString());
		assertThat(Duration.between(lastUpdated, expiration)).isEqualTo(Duration.ofHours(6));
		assertThat(credentials.get("Expiration").asString()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
	}

	@Test
	void extendedCredentialsAddAccountIdAndCanBeTurnedOff() throws Exception {
		JsonNode extended = json.readTree(http.body("iam/security-credentials-extended/sample-role"));
		JsonNode legacy = json.readTree(http.body("iam/security-credentials/sample-role"));
		assertThat(extended.get("AccountId").asString()).isEqualTo("123456789012");
		assertThat(extended.get("AccessKeyId")).isEqualTo(legacy.get("AccessKeyId"));
		simulator.extendedCredentialsPath(false);
		String token = http.token();
		assertThat(http.get("iam/security-credentials-extended/sample-role", token).statusCode()).isEqualTo(404);
		assertThat(http.get("iam/security-credentials-extended/", token).statusCode()).isEqualTo(404);
		assertThat(http.get("iam/security-credentials/sample-role", token).statusCode()).isEqualTo(200);
	}

	@Test
	void credentialsRotateOnSimulatorClock() throws Exception {
		JsonNode first = json.readTree(http.body("iam/security-credentials/sample-role"));
		assertThat(simulator.credentialsIssued()).isEqualTo(1);
		simulator.advanceClock(Duration.ofMinutes(59));
		JsonNode same = json.readTree(http.body("iam/security-credentials/sample-role"));
		assertThat(same.get("AccessKeyId")).isEqualTo(first.get("AccessKeyId"));
		simulator.advanceClock(Duration.ofMinutes(1));
		JsonNode rotated = json.readTree(http.body("iam/security-credentials/sample-role"));
		assertThat(rotated.get("AccessKeyId")).isNotEqualTo(first.get("AccessKeyId"));
		assertThat(simulator.credentialsIssued()).isEqualTo(2);
		Instant firstExpiration = Instant.parse(first.get("Expiration").asString());
		Instant rotatedExpiration = Instant.parse(rotated.get("Expiration").asString());
		assertThat(Duration.between(firstExpiration, rotatedExpiration)).isEqualTo(Duration.ofHours(1));
		assertThat(rotatedExpiration).isAfter(simulator.clock().instant());
	}

	@Test
	void credentialsLifetimeAndRotationAreConfigurable() throws Exception {
		simulator.credentialsLifetime(Duration.ofMinutes(30)).credentialsRotation(Duration.ofMinutes(10));
		simulator.advanceClock(Duration.ofMinutes(25));
		JsonNode credentials = json.readTree(http.body("iam/security-credentials/sample-role"));
		assertThat(simulator.credentialsIssued()).isEqualTo(2);
		Instant expiration = Instant.parse(credentials.get("Expiration").asString());
		assertThat(Duration.between(simulator.clock().instant(), expiration)).isBetween(Duration.ofMinutes(14),
				Duration.ofMinutes(25));
	}

	@Test
	void nonSuccessCodeHasMessageAndNoKeys() throws Exception {
		simulator.credentialsCode("AssumeRoleUnauthorizedAccess", "EC2 cannot assume the role");
		JsonNode credentials = json.readTree(http.body("iam/security-credentials/sample-role"));
		assertThat(credentials.get("Code").asString()).isEqualTo("AssumeRoleUnauthorizedAccess");
		assertThat(credentials.get("Message").asString()).isEqualTo("EC2 cannot assume the role");
		assertThat(credentials.has("LastUpdated")).isTrue();
		assertThat(credentials.has("AccessKeyId")).isFalse();
		assertThat(credentials.has("SecretAccessKey")).isFalse();
	}

	@Test
	void iamInfoDescribesProfile() throws Exception {
		JsonNode info = json.readTree(http.body("iam/info"));
		assertThat(info.get("Code").asString()).isEqualTo("Success");
		assertThat(info.get("InstanceProfileArn").asString())
			.isEqualTo("arn:aws:iam::123456789012:instance-profile/sample-role");
		assertThat(info.get("InstanceProfileId").asString()).isEqualTo("AIPAEXAMPLEFAKEID");
		assertThat(info.has("LastUpdated")).isTrue();
	}

	@Test
	void noInstanceProfileAnswers404ForIam() throws Exception {
		simulator.noInstanceProfile();
		String token = http.token();
		assertThat(http.get("iam/info", token).statusCode()).isEqualTo(404);
		assertThat(http.get("iam/security-credentials/", token).statusCode()).isEqualTo(404);
		assertThat(http.get("iam/security-credentials/sample-role", token).statusCode()).isEqualTo(404);
		assertThat(simulator.role()).isNull();
	}

	@Test
	void roleReplacesRoleAndIssuesNewCredentials() throws Exception {
		simulator.role("other-role");
		assertThat(http.body("iam/security-credentials/").lines()).containsExactly("other-role");
		assertThat(http.get("iam/security-credentials/sample-role", http.token()).statusCode()).isEqualTo(404);
		assertThat(json.readTree(http.body("iam/security-credentials/other-role")).get("Code").asString())
			.isEqualTo("Success");
		assertThat(simulator.credentialsIssued()).isEqualTo(2);
	}

	@Test
	void userDataServesRawBytes() throws Exception {
		byte[] data = { 0x1f, (byte) 0x8b, 0x08, 0x00, 'x' };
		simulator.userData(data);
		HttpResponse<byte[]> response = http.getBytes("/latest/user-data", http.token());
		assertThat(response.body()).isEqualTo(data);
		simulator.userData("#!/bin/bash\necho hi");
		assertThat(http.body("/latest/user-data")).isEqualTo("#!/bin/bash\necho hi");
		assertThat(http.body("/latest/").lines()).contains("user-data");
		simulator.userData((String) null);
		assertThat(http.get("/latest/user-data", http.token()).statusCode()).isEqualTo(404);
	}

	@Test
	void spotInterruptionSetsAndClearsNotice() throws Exception {
		simulator.lifeCycle("spot").spotInterruption("terminate", Instant.parse("2026-03-01T12:02:00Z"));
		assertThat(http.body("instance-life-cycle")).isEqualTo("spot");
		JsonNode action = json.readTree(http.body("spot/instance-action"));
		assertThat(action.get("action").asString()).isEqualTo("terminate");
		assertThat(action.get("time").asString()).isEqualTo("2026-03-01T12:02:00Z");
		assertThat(http.body("spot/termination-time")).isEqualTo("2026-03-01T12:02:00Z");
		simulator.clearSpotInterruption();
		assertThat(http.get("spot/instance-action", http.token()).statusCode()).isEqualTo(404);
	}

	@Test
	void rebalanceRecommendationSetsNoticeTime() throws Exception {
		simulator.rebalanceRecommendation(Instant.parse("2026-03-01T12:00:00Z"));
		assertThat(json.readTree(http.body("events/recommendations/rebalance")).get("noticeTime").asString())
			.isEqualTo("2026-03-01T12:00:00Z");
		simulator.rebalanceRecommendation(null);
		assertThat(http.get("events/recommendations/rebalance", http.token()).statusCode()).isEqualTo(404);
	}

	@Test
	void targetLifecycleStateIsPlainText() throws Exception {
		simulator.targetLifecycleState("Terminated");
		assertThat(http.body("autoscaling/target-lifecycle-state")).isEqualTo("Terminated");
		assertThat(http.body("/latest/meta-data/").lines()).contains("autoscaling/");
		simulator.targetLifecycleState(null);
		assertThat(http.get("autoscaling/target-lifecycle-state", http.token()).statusCode()).isEqualTo(404);
	}

	@Test
	void scheduledMaintenanceProducesJsonArray() throws Exception {
		simulator.scheduledMaintenance("system-reboot", "scheduled reboot", Instant.parse("2026-01-21T09:00:00Z"),
				Instant.parse("2026-01-21T11:00:00Z"));
		JsonNode events = json.readTree(http.body("events/maintenance/scheduled"));
		assertThat(events.isArray()).isTrue();
		assertThat(events.size()).isEqualTo(1);
		JsonNode event = events.get(0);
		assertThat(event.get("Code").asString()).isEqualTo("system-reboot");
		assertThat(event.get("Description").asString()).isEqualTo("scheduled reboot");
		assertThat(event.get("State").asString()).isEqualTo("active");
		assertThat(event.get("EventId").asString()).startsWith("instance-event-");
		assertThat(event.get("NotBefore").asString()).isEqualTo("21 Jan 2026 09:00:00 GMT");
		assertThat(event.get("NotAfter").asString()).isEqualTo("21 Jan 2026 11:00:00 GMT");
		assertThat(event.get("NotBeforeDeadline").asString()).isEqualTo("31 Jan 2026 09:00:00 GMT");
		simulator.clearScheduledMaintenance();
		assertThat(http.body("events/maintenance/scheduled")).isEqualTo("[]");
	}

	@Test
	void journalRecordsRequests() throws Exception {
		String token = http.token();
		http.get("instance-id", token);
		http.get("instance-id", null);
		http.get("nothing", token);
		assertThat(simulator.tokenPuts()).isEqualTo(1);
		assertThat(simulator.tokensIssued()).isEqualTo(1);
		assertThat(simulator.count("GET", "instance-id")).isEqualTo(2);
		assertThat(simulator.count("GET", "/latest/meta-data/instance-id")).isEqualTo(2);
		assertThat(simulator.countMatching((request) -> request.status() == 401)).isEqualTo(1);
		assertThat(simulator.countMatching((request) -> request.status() == 404)).isEqualTo(1);
		List<ImdsRequest> requests = simulator.requests();
		assertThat(requests).hasSize(4);
		assertThat(requests.get(0).isTokenRequest()).isTrue();
		assertThat(requests.get(1).hadToken()).isTrue();
		assertThat(requests.get(2).hadToken()).isFalse();
		simulator.resetJournal();
		assertThat(simulator.requests()).isEmpty();
		assertThat(simulator.tokensIssued()).isZero();
	}

	@Test
	void resetRestoresDefaults() throws Exception {
		simulator.instanceId("i-0000000000000000f").acceptImdsV1(true).failNext(5, 500).tagsInMetadata(true);
		simulator.advanceClock(Duration.ofDays(3));
		simulator.reset();
		assertThat(Duration.between(Instant.now(), simulator.clock().instant()).abs()).isLessThan(Duration.ofHours(1));
		assertThat(http.get("instance-id", null).statusCode()).isEqualTo(401);
		assertThat(http.body("instance-id")).isEqualTo("i-0123456789abcdef0");
		assertThat(http.get("tags/instance/Name", http.token()).statusCode()).isEqualTo(404);
		simulator.tagsInMetadata(true);
		assertThat(http.body("tags/instance/Name")).isEqualTo("sample-instance");
	}

	@Test
	void builderDefaultsSurviveReset() throws Exception {
		try (ImdsSimulator custom = ImdsSimulator.builder()
			.acceptImdsV1(true)
			.configure((sim) -> sim.instanceId("i-0aaaaaaaaaaaaaaaa"))
			.build()
			.start()) {
			ImdsHttp client = new ImdsHttp(custom.endpoint());
			custom.instanceId("i-0bbbbbbbbbbbbbbbb").reset();
			HttpResponse<String> response = client.get("instance-id", null);
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.body()).isEqualTo("i-0aaaaaaaaaaaaaaaa");
		}
	}

	@Test
	void builderRejectsBadPort() {
		assertThatIllegalArgumentException().isThrownBy(() -> ImdsSimulator.builder().port(70000))
			.withMessageContaining("'port'");
	}

	@Test
	void stopFreesThePortAndIsIdempotent() throws Exception {
		ImdsSimulator other = ImdsSimulator.startDefault();
		assertThat(other.isRunning()).isTrue();
		other.stop();
		other.stop();
		assertThat(other.isRunning()).isFalse();
	}

}
