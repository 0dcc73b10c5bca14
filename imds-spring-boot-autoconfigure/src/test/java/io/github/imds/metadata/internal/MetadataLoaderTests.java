package io.github.imds.metadata.internal;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.imds.client.AwsSdkSettings;
import io.github.imds.client.ImdsClient;
import io.github.imds.client.ImdsException;
import io.github.imds.client.ImdsTokenException;
import io.github.imds.client.ImdsUnavailableException;
import io.github.imds.client.PlatformDetectionMode;
import io.github.imds.metadata.InstanceMetadata;
import io.github.imds.metadata.NetworkInterface;
import io.github.imds.metadata.UserDataMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Tests for {@link MetadataLoader} against an IMDSv2-only fake on 127.0.0.1.
 */
class MetadataLoaderTests {

	private static final String PRIMARY = "ec2.network.interfaces.macs.0e-1a-2b-3c-4d-5e.";

	private static final String SECONDARY = "ec2.network.interfaces.macs.0e-99-88-77-66-55.";

	private static final String THIRD = "ec2.network.interfaces.macs.0e-33-44-55-66-77.";

	/** Long enough for a cold JVM's first requests on a shared CI core; the tests never assert timings. */
	private static final Duration BUDGET = Duration.ofSeconds(10);

	@RegisterExtension
	static WireMockExtension wm = WireMockExtension.newInstance()
		.options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
		.build();

	private final MetadataLoader loader = new MetadataLoader();

	@Test
	void loadResolvesDesignKeysAndAliases() {
		FakeImds.realistic(wm);
		InstanceMetadata metadata = load(MetadataLoadOptions.defaults());
		assertThat(metadata.failures()).isEmpty();
		assertThat(metadata.warnings()).isEmpty();
		assertThat(metadata.complete()).isTrue();
		// public-hostname answers 200 with an empty body without public DNS: no value, so defaults apply
		assertThat(metadata.properties()).doesNotContainKey("ec2.public-hostname");
		assertThat(metadata.properties()).containsAllEntriesOf(Map.ofEntries(
				Map.entry("ec2.instance-id", "i-0fake00000000000a"), Map.entry("ec2.ami-id", "ami-0fake00000000000a"),
				Map.entry("ec2.ami-launch-index", "0"), Map.entry("ec2.instance-type", "m5.large"),
				Map.entry("ec2.instance-life-cycle", "on-demand"),
				Map.entry("ec2.hostname", "ip-10-0-1-10.eu-west-1.compute.internal"),
				Map.entry("ec2.local-ipv4", "10.0.1.10"), Map.entry("ec2.mac", "0e:1a:2b:3c:4d:5e"),
				Map.entry("ec2.security-groups", "fake-web,fake-admin"),
				Map.entry("ec2.placement.availability-zone", "eu-west-1a"),
				Map.entry("ec2.placement.availability-zone-id", "euw1-az1"),
				Map.entry("ec2.placement.region", "eu-west-1"), Map.entry("ec2.services.domain", "amazonaws.com"),
				Map.entry("ec2.services.partition", "aws"), Map.entry("ec2.iam.info.code", "Success"),
				Map.entry("ec2.iam.info.last-updated", "2026-01-01T00:00:00Z"),
				Map.entry("ec2.iam.info.instance-profile-arn",
						"arn:aws:iam::123456789012:instance-profile/fake-profile"),
				Map.entry("ec2.iam.info.instance-profile-id", "AIPAFAKEFAKEFAKEFAKE"),
				Map.entry("ec2.identity.account-id", "123456789012"), Map.entry("ec2.identity.region", "eu-west-1"),
				Map.entry("ec2.identity.instance-id", "i-0fake00000000000a"),
				Map.entry("ec2.identity.availability-zone", "eu-west-1a"),
				Map.entry("ec2.identity.private-ip", "10.0.1.10"),
				Map.entry("ec2.identity.pending-time", "2026-01-01T00:00:00Z"),
				Map.entry("ec2.identity.image-id", "ami-0fake00000000000a"),
				Map.entry(PRIMARY + "vpc-id", "vpc-0fake0000000000a"),
				Map.entry(PRIMARY + "subnet-id", "subnet-0fake000000000a"),
				Map.entry(PRIMARY + "vpc-ipv4-cidr-block", "10.0.0.0/16"),
				Map.entry(PRIMARY + "interface-id", "eni-0fake00000000000a"),
				Map.entry(PRIMARY + "security-group-ids", "sg-0fake00000000000a,sg-0fake0000000000ca"),
				Map.entry(PRIMARY + "local-ipv4s", "10.0.1.10,10.0.1.11"),
				Map.entry(PRIMARY + "device-number", "0"), Map.entry(PRIMARY + "owner-id", "123456789012"),
				Map.entry("ec2.tags.instance.Name", "fake-web-1"), Map.entry("ec2.tags.instance.Environment", "test"),
				Map.entry("ec2.region", "eu-west-1"), Map.entry("ec2.account-id", "123456789012"),
				Map.entry("ec2.availability-zone", "eu-west-1a"), Map.entry("ec2.vpc-id", "vpc-0fake0000000000a"),
				Map.entry("ec2.subnet-id", "subnet-0fake000000000a"),
				Map.entry("ec2.security-group-ids", "sg-0fake00000000000a,sg-0fake0000000000ca")));
		assertThat(metadata.properties()).doesNotContainKeys("ec2.identity.billing-products",
				"ec2.identity.kernel-id", "ec2.identity.ramdisk-id");
		assertThat(metadata.properties().keySet()).allMatch((key) -> key.startsWith("ec2."));
		assertThat(List.copyOf(metadata.properties().keySet())).isSorted();
	}

	@Test
	void loadKeepsSpecialCharactersOfTagKeys() {
		FakeImds.realistic(wm);
		InstanceMetadata metadata = load(MetadataLoadOptions.defaults());
		assertThat(metadata.properties()).containsEntry("ec2.tags.instance.aws:autoscaling:groupName", "fake-asg")
			.containsEntry("ec2.tags.instance.a+b=c@d,e.f", "special value");
	}

	@Test
	void loadSendsOneTokenRequestThenOnlyAllowedGetsWithTheToken() {
		FakeImds.realistic(wm);
		load(MetadataLoadOptions.defaults());
		wm.verify(exactly(1), putRequestedFor(urlEqualTo("/latest/api/token")));
		wm.verify(0, anyRequestedFor(urlMatching(".*security-credentials.*")));
		wm.verify(0, anyRequestedFor(urlMatching(".*identity-credentials.*")));
		wm.verify(0, anyRequestedFor(urlMatching("/latest/user-data.*")));
		wm.verify(0, anyRequestedFor(urlMatching("/latest/meta-data/spot/.*")));
		wm.verify(0, anyRequestedFor(urlMatching("/latest/meta-data/events/.*")));
		wm.verify(0, anyRequestedFor(urlMatching("/latest/meta-data/autoscaling/.*")));
		// Every GET carried the token: nothing was answered 401.
		assertThat(wm.getAllServeEvents()).allMatch((event) -> event.getResponse().getStatus() != 401);
		// The identity document was the first GET, alone after the token.
		List<String> order = wm.getAllServeEvents()
			.stream()
			.sorted((a, b) -> a.getRequest().getLoggedDate().compareTo(b.getRequest().getLoggedDate()))
			.map((event) -> event.getRequest().getUrl())
			.toList();
		assertThat(order).startsWith("/latest/api/token", MetadataPaths.IDENTITY_PATH);
	}

	@Test
	void loadReadsEveryInterfaceAndAliasesThePrimaryOne() {
		FakeImds.realistic(wm);
		InstanceMetadata metadata = load(MetadataLoadOptions.defaults());
		wm.verify(exactly(1), getRequestedFor(urlEqualTo("/latest/meta-data/network/interfaces/macs/")));
		for (String mac : List.of(FakeImds.PRIMARY_MAC, FakeImds.SECONDARY_MAC)) {
			wm.verify(exactly(MetadataPaths.INTERFACE_LEAVES.size()),
					getRequestedFor(urlMatching("/latest/meta-data/network/interfaces/macs/" + mac + "/.*")));
		}
		assertThat(metadata.properties()).containsEntry(SECONDARY + "subnet-id", "subnet-0fake000000000b")
			.containsEntry(SECONDARY + "device-number", "1")
			.containsEntry(SECONDARY + "local-ipv4s", "10.0.2.20")
			.containsEntry(SECONDARY + "security-group-ids", "sg-0fake00000000000b,sg-0fake0000000000cb")
			.containsEntry("ec2.subnet-id", "subnet-0fake000000000a")
			.containsEntry("ec2.security-group-ids", "sg-0fake00000000000a,sg-0fake0000000000ca");
		assertThat(metadata.networkInterfaces()).extracting(NetworkInterface::mac, NetworkInterface::deviceNumber)
			.containsExactly(tuple(FakeImds.PRIMARY_MAC, 0), tuple(FakeImds.SECONDARY_MAC, 1));
		NetworkInterface secondary = metadata.networkInterfaces().get(1);
		assertThat(secondary.subnetId()).hasValue("subnet-0fake000000000b");
		assertThat(secondary.interfaceId()).hasValue("eni-0fake00000000000b");
		assertThat(secondary.securityGroupIds()).containsExactly("sg-0fake00000000000b", "sg-0fake0000000000cb");
		assertThat(secondary.localIpv4s()).containsExactly("10.0.2.20");
		assertThat(secondary.publicIpv4s()).isEmpty();
		assertThat(metadata.complete()).isTrue();
	}

	@Test
	void loadWithThreeInterfacesOrdersThemByDeviceNumber() {
		FakeImds.realistic(wm)
			.metaData("network/interfaces/macs/", FakeImds.THIRD_MAC + "/\n" + FakeImds.SECONDARY_MAC + "/\n"
					+ FakeImds.PRIMARY_MAC + "/")
			.networkInterface(FakeImds.THIRD_MAC, "2", "c", "10.0.3.30\n10.0.3.31")
			.metaData("network/interfaces/macs/" + FakeImds.THIRD_MAC + "/public-ipv4s", "203.0.113.30");
		InstanceMetadata metadata = load(MetadataLoadOptions.defaults());
		assertThat(metadata.networkInterfaces()).extracting(NetworkInterface::mac)
			.containsExactly(FakeImds.PRIMARY_MAC, FakeImds.SECONDARY_MAC, FakeImds.THIRD_MAC);
		NetworkInterface third = metadata.networkInterfaces().get(2);
		assertThat(third.deviceNumber()).isEqualTo(2);
		assertThat(third.subnetId()).hasValue("subnet-0fake000000000c");
		assertThat(third.localIpv4s()).containsExactly("10.0.3.30", "10.0.3.31");
		assertThat(third.publicIpv4s()).containsExactly("203.0.113.30");
		assertThat(metadata.properties()).containsEntry(THIRD + "public-ipv4s", "203.0.113.30")
			.containsEntry("ec2.subnet-id", "subnet-0fake000000000a")
			.containsEntry("ec2.vpc-id", "vpc-0fake0000000000a");
		wm.verify(exactly(3 * MetadataPaths.INTERFACE_LEAVES.size()),
				getRequestedFor(urlMatching("/latest/meta-data/network/interfaces/macs/.+/.+")));
	}

	@Test
	void loadWhenInterfaceListingAbsentHasNoInterfacesButTheMac() {
		FakeImds.realistic(wm).status("/latest/meta-data/network/interfaces/macs/", 404);
		InstanceMetadata metadata = load(MetadataLoadOptions.defaults());
		assertThat(metadata.networkInterfaces()).isEmpty();
		assertThat(metadata.properties()).containsEntry("ec2.mac", FakeImds.PRIMARY_MAC)
			.doesNotContainKeys("ec2.vpc-id", "ec2.subnet-id");
		assertThat(metadata.complete()).isTrue();
	}

	@Test
	void loadAliasesAwsTagsAndEscapesColonsInTagKeys() {
		FakeImds.realistic(wm)
			.metaData("tags/instance", "Name\naws:autoscaling:groupName\naws:cloudformation:stack-name\n"
					+ "aws:cloudformation:logical-id\naws:cloudformation:stack-id\nteam:owner")
			.metaData("tags/instance/aws:cloudformation:stack-name", "fake-stack")
			.metaData("tags/instance/aws:cloudformation:logical-id", "FakeServer")
			.metaData("tags/instance/aws:cloudformation:stack-id",
					"arn:aws:cloudformation:eu-west-1:123456789012:stack/fake-stack/fake-id")
			.metaData("tags/instance/team:owner", "fake-team");
		InstanceMetadata metadata = load(MetadataLoadOptions.defaults());
		assertThat(metadata.properties()).containsEntry("ec2.autoscaling.group-name", "fake-asg")
			.containsEntry("ec2.cloudformation.stack-name", "fake-stack")
			.containsEntry("ec2.cloudformation.logical-id", "FakeServer")
			.containsEntry("ec2.cloudformation.stack-id",
					"arn:aws:cloudformation:eu-west-1:123456789012:stack/fake-stack/fake-id")
			.containsEntry("ec2.tags.instance.aws:autoscaling:groupName", "fake-asg")
			.containsEntry("ec2.tags.instance.aws/autoscaling/groupName", "fake-asg")
			.containsEntry("ec2.tags.instance.team:owner", "fake-team")
			.containsEntry("ec2.tags.instance.team/owner", "fake-team")
			.doesNotContainKey("ec2.tags.instance.Name/");
	}

	@Test
	void loadWhenKeyAbsentLeavesItOutWithoutFailure() {
		FakeImds.realistic(wm);
		InstanceMetadata metadata = load(MetadataLoadOptions.defaults());
		wm.verify(exactly(1), getRequestedFor(urlEqualTo("/latest/meta-data/public-ipv4")));
		assertThat(metadata.properties()).doesNotContainKeys("ec2.public-ipv4", "ec2.placement.host-id",
				PRIMARY + "public-ipv4s");
		assertThat(metadata.publicIpv4()).isEmpty();
		assertThat(metadata.complete()).isTrue();
	}

	@Test
	void loadWhenKeyFailsRecordsFailureAndLoadsTheRest() {
		FakeImds.realistic(wm).status("/latest/meta-data/placement/host-id", 500);
		InstanceMetadata metadata = load(MetadataLoadOptions.defaults());
		assertThat(metadata.complete()).isFalse();
		assertThat(metadata.failures()).singleElement()
			.asString()
			.contains("/latest/meta-data/placement/host-id")
			.contains("500");
		assertThat(metadata.properties()).doesNotContainKey("ec2.placement.host-id")
			.containsEntry("ec2.instance-id", "i-0fake00000000000a")
			.containsEntry("ec2.vpc-id", "vpc-0fake0000000000a");
	}

	@Test
	void loadWhenTagsInMetadataOffHasNoTagKeysAndNoFailure() {
		FakeImds.realistic(wm).status("/latest/meta-data/tags/instance", 404);
		InstanceMetadata metadata = load(MetadataLoadOptions.defaults());
		assertThat(metadata.properties().keySet()).noneMatch((key) -> key.startsWith("ec2.tags."));
		assertThat(metadata.complete()).isTrue();
		assertThat(metadata.warnings()).isEmpty();
	}

	@Test
	void loadWhenTagsNotAskedDoesNotRequestThem() {
		FakeImds.realistic(wm);
		InstanceMetadata metadata = load(MetadataLoadOptions.defaults().withTags(false));
		wm.verify(0, getRequestedFor(urlMatching("/latest/meta-data/tags.*")));
		assertThat(metadata.properties().keySet()).noneMatch((key) -> key.startsWith("ec2.tags."));
	}

	@Test
	void loadTakesLeavesThatTheIdentityDocumentHoldsFromIt() {
		FakeImds.realistic(wm);
		InstanceMetadata metadata = load(MetadataLoadOptions.defaults());
		assertThat(metadata.properties()).containsEntry("ec2.instance-id", "i-0fake00000000000a")
			.containsEntry("ec2.instance-type", "m5.large")
			.containsEntry("ec2.ami-id", "ami-0fake00000000000a")
			.containsEntry("ec2.placement.region", "eu-west-1")
			.containsEntry("ec2.placement.availability-zone", "eu-west-1a")
			.containsEntry("ec2.local-ipv4", "10.0.1.10");
		MetadataPaths.IN_IDENTITY.keySet()
			.forEach((leaf) -> wm.verify(0, getRequestedFor(urlEqualTo("/latest/meta-data/" + leaf))));
	}

	@Test
	void loadWhenIdentityDocumentAbsentRequestsTheLeavesItWouldHaveHeld() {
		FakeImds.realistic(wm).status(MetadataPaths.IDENTITY_PATH, 404);
		InstanceMetadata metadata = load(MetadataLoadOptions.defaults());
		assertThat(metadata.properties()).containsEntry("ec2.instance-id", "i-0fake00000000000a")
			.containsEntry("ec2.local-ipv4", "10.0.1.10");
		MetadataPaths.IN_IDENTITY.keySet()
			.forEach((leaf) -> wm.verify(exactly(1), getRequestedFor(urlEqualTo("/latest/meta-data/" + leaf))));
	}

	@Test
	void loadWhenIdentityDocumentAbsentFallsBackToPlacement() {
		FakeImds.realistic(wm).status(MetadataPaths.IDENTITY_PATH, 404);
		InstanceMetadata metadata = load(MetadataLoadOptions.defaults());
		assertThat(metadata.properties()).containsEntry("ec2.region", "eu-west-1")
			.containsEntry("ec2.account-id", "123456789012")
			.containsEntry("ec2.availability-zone", "eu-west-1a");
		assertThat(metadata.properties().keySet()).noneMatch((key) -> key.startsWith("ec2.identity."));
	}

	@Test
	void loadWhenIdentityDocumentIsNotJsonRecordsFailureAndLoadsTheRest() {
		FakeImds.realistic(wm).identity("{\"accountId\": fake-secret-looking-text");
		InstanceMetadata metadata = load(MetadataLoadOptions.defaults());
		assertThat(metadata.failures()).singleElement()
			.asString()
			.contains(MetadataPaths.IDENTITY_PATH)
			.doesNotContain("fake-secret-looking-text");
		assertThat(metadata.instanceId()).hasValue("i-0fake00000000000a");
	}

	@Test
	void loadWithExtraLeafAndSubTreeLoadsThem() {
		FakeImds.realistic(wm);
		InstanceMetadata metadata = load(MetadataLoadOptions.defaults()
			.withExtraPaths(List.of("public-keys/0/openssh-key", "/latest/meta-data/block-device-mapping/")));
		assertThat(metadata.properties())
			.containsEntry("ec2.public-keys.0.openssh-key", "ssh-ed25519 AAAAfakefakefake fake-key")
			.containsEntry("ec2.block-device-mapping.ami", "/dev/xvda")
			.containsEntry("ec2.block-device-mapping.root", "/dev/xvda")
			.containsEntry("ec2.block-device-mapping.ebs1", "sdb");
		assertThat(metadata.complete()).isTrue();
	}

	@Test
	void loadWithExtraSubTreesFollowsPublicKeysAndSkipsCredentials() {
		FakeImds.realistic(wm);
		InstanceMetadata metadata = load(MetadataLoadOptions.defaults().withExtraPaths(List.of("public-keys/", "iam/")));
		assertThat(metadata.properties()).containsEntry("ec2.public-keys.0.openssh-key",
				"ssh-ed25519 AAAAfakefakefake fake-key");
		assertThat(metadata.properties().keySet()).noneMatch((key) -> key.contains("security-credentials"));
		wm.verify(0, anyRequestedFor(urlMatching(".*security-credentials.*")));
		assertThat(metadata.complete()).isTrue();
	}

	@Test
	void loadWithExtraPathAlreadyLoadedRequestsItOnce() {
		FakeImds.realistic(wm);
		load(MetadataLoadOptions.defaults().withExtraPaths(List.of("instance-id", "/latest/meta-data/instance-id")));
		wm.verify(exactly(1), getRequestedFor(urlEqualTo("/latest/meta-data/instance-id")));
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			iam/security-credentials/                                     | role credentials
			/latest/meta-data/iam/security-credentials/fake-role          | role credentials
			iam/security-credentials-extended/fake-role                   | role credentials
			identity-credentials/ec2/security-credentials/ec2-instance    | role credentials
			spot/instance-action                                          | lifecycle notices
			events/                                                       | lifecycle notices
			autoscaling/target-lifecycle-state                            | lifecycle notices
			/latest/user-data                                             | user data is loaded by its own setting
			/latest/dynamic/instance-identity/signature                   | only paths under /latest/meta-data/
			../user-data                                                  | not a valid meta-data path
			""")
	void loadWithForbiddenExtraPathSkipsItWithWarning(String extraPath, String reason) {
		FakeImds.realistic(wm);
		InstanceMetadata metadata = load(MetadataLoadOptions.defaults().withExtraPaths(List.of(extraPath)));
		assertThat(metadata.warnings()).singleElement().asString().contains(extraPath).contains(reason);
		assertThat(metadata.complete()).isTrue();
		wm.verify(0, anyRequestedFor(urlMatching(".*(credentials|user-data|signature).*")));
		wm.verify(0, anyRequestedFor(urlMatching("/latest/meta-data/(spot|events|autoscaling).*")));
	}

	@Test
	void loadWithRawUserDataAddsItAsOneKeyButNeverShowsIt() {
		FakeImds.realistic(wm);
		InstanceMetadata metadata = load(MetadataLoadOptions.defaults().withUserData(UserDataMode.RAW));
		assertThat(metadata.properties()).containsEntry("ec2.user-data", "#!/bin/bash\necho fake-user-data\n");
		assertThat(metadata.toString()).doesNotContain("fake-user-data");
		assertThat(metadata.warnings()).isEmpty();
	}

	@Test
	void loadWithPropertiesUserDataAddsEachEntry() {
		FakeImds.realistic(wm).userData("app.name=fake-app\napp.port: 8080\n# comment\n".getBytes(StandardCharsets.UTF_8));
		InstanceMetadata metadata = load(MetadataLoadOptions.defaults().withUserData(UserDataMode.PROPERTIES));
		assertThat(metadata.properties()).containsEntry("ec2.user-data.app.name", "fake-app")
			.containsEntry("ec2.user-data.app.port", "8080")
			.doesNotContainKey("ec2.user-data");
		assertThat(metadata.toString()).doesNotContain("fake-app");
	}

	@Test
	void loadWhenUserDataAbsentHasNoKeyAndNoWarning() {
		FakeImds.realistic(wm).status(MetadataPaths.USER_DATA_PATH, 404);
		InstanceMetadata metadata = load(MetadataLoadOptions.defaults().withUserData(UserDataMode.RAW));
		assertThat(metadata.properties().keySet()).noneMatch((key) -> key.startsWith("ec2.user-data"));
		assertThat(metadata.warnings()).isEmpty();
		assertThat(metadata.complete()).isTrue();
	}

	@ParameterizedTest(name = "{0} {1}")
	@MethodSource
	void loadWhenUserDataUnusableWarnsWithoutKeysOrContent(String description, UserDataMode mode, byte[] body,
			String warning) {
		FakeImds.realistic(wm).userData(body);
		InstanceMetadata metadata = load(MetadataLoadOptions.defaults().withUserData(mode));
		assertThat(metadata.properties().keySet()).noneMatch((key) -> key.startsWith("ec2.user-data"));
		assertThat(metadata.warnings()).singleElement()
			.asString()
			.contains(warning)
			.doesNotContain("fake-secret");
		assertThat(metadata.toString()).doesNotContain("fake-secret");
	}

	static Stream<Arguments> loadWhenUserDataUnusableWarnsWithoutKeysOrContent() {
		byte[] gzip = { 0x1f, (byte) 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 'f', 'a', 'k', 'e' };
		byte[] nul = "fake-secret\u0000binary".getBytes(StandardCharsets.UTF_8);
		byte[] oversized = ("fake-secret=" + "x".repeat(16 * 1024)).getBytes(StandardCharsets.UTF_8);
		byte[] malformed = "fake-secret=\\uZZZZ".getBytes(StandardCharsets.UTF_8);
		String skipped = "binary or oversized user data skipped";
		return Stream.of(arguments("gzip", UserDataMode.RAW, gzip, skipped),
				arguments("gzip", UserDataMode.PROPERTIES, gzip, skipped),
				arguments("NUL", UserDataMode.RAW, nul, skipped),
				arguments("oversized", UserDataMode.RAW, oversized, skipped),
				arguments("oversized", UserDataMode.PROPERTIES, oversized, skipped), arguments("malformed escape",
						UserDataMode.PROPERTIES, malformed, "not in java.util.Properties format"));
	}

	@Test
	void loadWhenKeySlowerThanBudgetReturnsWithoutItAndRecordsFailure() {
		FakeImds.realistic(wm).delayed("/latest/meta-data/placement/host-id", "h-0fake00000000000a", 3000);
		warmUp();
		InstanceMetadata metadata = assertTimeoutPreemptively(Duration.ofSeconds(10),
				() -> this.loader.load(client((builder) -> { }),
						MetadataLoadOptions.defaults().withStartupTimeout(Duration.ofMillis(1500))));
		assertThat(metadata.properties()).doesNotContainKey("ec2.placement.host-id")
			.containsEntry("ec2.instance-id", "i-0fake00000000000a");
		assertThat(metadata.failures()).contains("not loaded within 1500ms: /latest/meta-data/placement/host-id");
	}

	@Test
	void loadWhenFirstRequestSlowerThanBudgetReturnsNothingAndNamesTheBudget() {
		FakeImds.realistic(wm).delayed(MetadataPaths.IDENTITY_PATH, FakeImds.IDENTITY, 3000);
		InstanceMetadata metadata = assertTimeoutPreemptively(Duration.ofSeconds(10),
				() -> this.loader.load(client((builder) -> { }),
						MetadataLoadOptions.defaults().withStartupTimeout(Duration.ofMillis(500))));
		assertThat(metadata.isEmpty()).isTrue();
		assertThat(metadata.complete()).isFalse();
		assertThat(metadata.failures()).containsExactly("IMDS did not answer " + MetadataPaths.IDENTITY_PATH
				+ " within 500ms; nothing was loaded");
		wm.verify(0, getRequestedFor(urlEqualTo("/latest/meta-data/instance-id")));
	}

	@Test
	void loadWhenConnectionRefusedThrowsTheClientException() throws IOException {
		int port;
		try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			port = socket.getLocalPort();
		}
		ImdsClient client = ImdsClient.builder()
			.endpoint("http://127.0.0.1:" + port)
			.platformDetection(PlatformDetectionMode.OFF)
			.sdkSettings(AwsSdkSettings.none())
			.maxAttempts(1)
			.build();
		try (client) {
			assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThatExceptionOfType(ImdsException.class)
				.isThrownBy(() -> this.loader.load(client, MetadataLoadOptions.defaults())));
		}
	}

	@Test
	void loadWhenTokenRefusedThrowsAndRequestsNothingElse() {
		FakeImds.realistic(wm);
		wm.stubFor(put(urlEqualTo("/latest/api/token")).atPriority(0).willReturn(aResponse().withStatus(403)));
		assertThatExceptionOfType(ImdsTokenException.class)
			.isThrownBy(() -> load(MetadataLoadOptions.defaults()));
		wm.verify(0, getRequestedFor(anyUrl()));
	}

	@Test
	void loadWhenClientUnavailableThrowsWithoutRequest() {
		FakeImds.realistic(wm);
		try (ImdsClient client = client((builder) -> builder.enabled(false))) {
			assertThatExceptionOfType(ImdsUnavailableException.class)
				.isThrownBy(() -> this.loader.load(client, MetadataLoadOptions.defaults()));
		}
		wm.verify(0, anyRequestedFor(anyUrl()));
	}

	@Test
	void loadRunsOnDaemonThreadsThatEndWithTheLoad() {
		FakeImds.realistic(wm);
		List<Thread> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
		try (ImdsClient client = client((builder) -> builder.listener((event) -> threads.add(Thread.currentThread())))) {
			this.loader.load(client, MetadataLoadOptions.defaults());
		}
		assertThat(threads).isNotEmpty()
			.allMatch((thread) -> thread.getName().startsWith("imds-metadata-"))
			.allMatch(Thread::isDaemon);
		// no more threads than requests in flight, and none left once the load returned
		assertThat(threads.stream().distinct()).hasSizeLessThanOrEqualTo(MetadataLoadOptions.DEFAULT_PARALLELISM);
		for (Thread thread : threads) {
			assertThatNoException().isThrownBy(() -> thread.join(Duration.ofSeconds(10).toMillis()));
		}
		assertThat(threads).noneMatch(Thread::isAlive);
	}

	@Test
	void loadWhenFirstRequestFailsLeavesNoThreadBehind() {
		FakeImds.realistic(wm);
		wm.stubFor(put(urlEqualTo("/latest/api/token")).atPriority(0).willReturn(aResponse().withStatus(403)));
		List<Thread> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
		try (ImdsClient client = client((builder) -> builder.maxAttempts(1)
			.listener((event) -> threads.add(Thread.currentThread())))) {
			assertThatExceptionOfType(ImdsTokenException.class)
				.isThrownBy(() -> this.loader.load(client, MetadataLoadOptions.defaults().withStartupTimeout(BUDGET)));
		}
		assertThat(threads).isNotEmpty().allMatch((thread) -> thread.getName().startsWith("imds-metadata-"));
		for (Thread thread : threads) {
			assertThatNoException().isThrownBy(() -> thread.join(Duration.ofSeconds(10).toMillis()));
		}
		assertThat(threads).noneMatch(Thread::isAlive);
	}

	@Test
	void loadWithParallelismOneLoadsEverything() {
		FakeImds.realistic(wm);
		InstanceMetadata metadata = load(MetadataLoadOptions.defaults().withParallelism(1));
		assertThat(metadata.complete()).isTrue();
		assertThat(metadata.vpcId()).hasValue("vpc-0fake0000000000a");
		assertThat(metadata.properties()).containsKey("ec2.tags.instance.Name");
	}

	/**
	 * Not a test of timing: prints, for the design note, how many requests a realistic start makes and how many
	 * sequential round trips it takes, measured with every answer delayed alike.
	 */
	@Test
	void measureRequestsAndRoundTrips() {
		int delay = 150;
		for (int parallelism : new int[] { 8, 16, 32 }) {
			wm.resetAll();
			FakeImds.realistic(wm, delay);
			AtomicInteger requests = new AtomicInteger();
			InstanceMetadata metadata;
			long start;
			long elapsed;
			try (ImdsClient client = client((builder) -> builder.listener((event) -> requests.incrementAndGet()))) {
				start = System.nanoTime();
				metadata = this.loader.load(client, MetadataLoadOptions.defaults()
					.withParallelism(parallelism)
					.withStartupTimeout(BUDGET));
				elapsed = Duration.ofNanos(System.nanoTime() - start).toMillis();
			}
			assertThat(metadata.complete()).isTrue();
			System.out.printf(
					"metadata load (parallelism %d): %d requests (%d PUT), %d keys, %d ms with %d ms per answer"
							+ " = %.1f sequential round trips (dependency depth: token, identity, leaves, dependents = 4)%n",
					parallelism, requests.get(), wm.findAll(putRequestedFor(anyUrl())).size(), metadata.size(), elapsed,
					delay, (double) elapsed / delay);
		}
	}

	/**
	 * One load with a large budget, so that a short budget measured next is not spent on a cold JVM.
	 */
	private void warmUp() {
		try (ImdsClient client = client((builder) -> { })) {
			this.loader.load(client, MetadataLoadOptions.defaults().withTags(false).withStartupTimeout(BUDGET));
		}
	}

	private InstanceMetadata load(MetadataLoadOptions options) {
		try (ImdsClient client = client((builder) -> builder.maxAttempts(1))) {
			return assertTimeoutPreemptively(Duration.ofSeconds(20),
					() -> this.loader.load(client, options.withStartupTimeout(BUDGET)));
		}
	}

	private static ImdsClient client(Consumer<ImdsClient.Builder> customizer) {
		ImdsClient.Builder builder = ImdsClient.builder()
			.endpoint("http://127.0.0.1:" + wm.getPort())
			.platformDetection(PlatformDetectionMode.OFF)
			.sdkSettings(AwsSdkSettings.none())
			// Generous: the first test of a cold JVM on a busy shared core can take a second to answer.
			.connectTimeout(Duration.ofSeconds(2))
			.readTimeout(Duration.ofSeconds(5));
		customizer.accept(builder);
		return builder.build();
	}

}
