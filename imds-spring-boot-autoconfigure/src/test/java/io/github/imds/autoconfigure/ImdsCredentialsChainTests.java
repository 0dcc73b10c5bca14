package io.github.imds.autoconfigure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.github.imds.credentials.CredentialsStatus;
import io.github.imds.credentials.ImdsDefaultCredentialsProvider;
import io.github.imds.credentials.ImdsDefaultRegionProvider;
import io.github.imds.credentials.RoleCredentialsProvider;
import io.github.imds.metadata.InstanceMetadata;
import io.github.imds.test.ImdsSimulator;
import io.github.imds.test.ImdsSimulatorExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.AwsRegionProvider;
import software.amazon.awssdk.utils.internal.SystemSettingUtilsTestBackdoor;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ContextConsumer;
import org.springframework.boot.test.util.TestPropertyValues;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * End-to-end tests of the credentials and region chains: for each step before IMDS, the AWS SDK bean returns
 * that step's credentials, the simulator sees no credentials request, and the {@code ec2.*} metadata still
 * loads. Environment variables are set through the SDK's own test override, which its providers and this
 * starter's chain plan both read.
 */
class ImdsCredentialsChainTests {

	private static final String[] PROPERTIES = { "aws.accessKeyId", "aws.secretAccessKey", "aws.sessionToken",
			"aws.sharedCredentialsFile", "aws.configFile", "aws.profile", "aws.containerCredentialsFullUri",
			"aws.webIdentityTokenFile", "aws.roleArn", "aws.roleSessionName", "aws.region", "aws.endpointUrlSts" };

	/**
	 * One simulator per test, so that no request of another test's context can show in the journal.
	 */
	@RegisterExtension
	final ImdsSimulatorExtension simulator = ImdsSimulatorExtension.create();

	private final Map<String, String> savedProperties = new LinkedHashMap<>();

	// the simulator starts before each test, after this runner is made: its endpoint is read on run
	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ImdsAutoConfiguration.class, ImdsMetadataAutoConfiguration.class,
				ImdsCredentialsAutoConfiguration.class))
		.withInitializer((context) -> TestPropertyValues.of(simulatorProperties()).applyTo(context));

	private WireMockServer fake;

	@TempDir
	Path home;

	@BeforeEach
	void setUp() throws Exception {
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
		if (this.fake != null) {
			this.fake.stop();
		}
	}

	@Test
	void runWithSystemPropertiesUsesThemAndNeverFetchesTheInstanceRole() {
		System.setProperty("aws.accessKeyId", "AKIAFAKESYSPROP0001");
		System.setProperty("aws.secretAccessKey", "fake-secret-sysprop");
		this.contextRunner.run(resolvesWithoutInstanceRole("AKIAFAKESYSPROP0001", "system-properties"));
	}

	@Test
	void runWithEnvironmentUsesItAndNeverFetchesTheInstanceRole() {
		SystemSettingUtilsTestBackdoor.addEnvironmentVariableOverride("AWS_ACCESS_KEY_ID", "AKIAFAKEENVIRON0001");
		SystemSettingUtilsTestBackdoor.addEnvironmentVariableOverride("AWS_SECRET_ACCESS_KEY", "fake-secret-env");
		this.contextRunner.run(resolvesWithoutInstanceRole("AKIAFAKEENVIRON0001", "environment"));
	}

	@Test
	void runWithSystemPropertiesAndEnvironmentPrefersSystemPropertiesAsTheSdkDoes() {
		System.setProperty("aws.accessKeyId", "AKIAFAKESYSPROP0001");
		System.setProperty("aws.secretAccessKey", "fake-secret-sysprop");
		SystemSettingUtilsTestBackdoor.addEnvironmentVariableOverride("AWS_ACCESS_KEY_ID", "AKIAFAKEENVIRON0001");
		SystemSettingUtilsTestBackdoor.addEnvironmentVariableOverride("AWS_SECRET_ACCESS_KEY", "fake-secret-env");
		this.contextRunner.run(resolvesWithoutInstanceRole("AKIAFAKESYSPROP0001", "system-properties"));
	}

	@Test
	void runWithProfileCredentialsUsesThemAndNeverFetchesTheInstanceRole() throws Exception {
		Files.writeString(this.home.resolve("credentials"), """
				[default]
				aws_access_key_id = AKIAFAKEPROFILE0001
				aws_secret_access_key = fake-secret-profile
				""");
		this.contextRunner.run(resolvesWithoutInstanceRole("AKIAFAKEPROFILE0001", "profile"));
	}

	@Test
	void runWithNamedProfileUsesIt() throws Exception {
		Files.writeString(this.home.resolve("credentials"), """
				[other]
				aws_access_key_id = AKIAFAKEPROFILE0002
				aws_secret_access_key = fake-secret-profile
				""");
		SystemSettingUtilsTestBackdoor.addEnvironmentVariableOverride("AWS_PROFILE", "other");
		this.contextRunner.run(resolvesWithoutInstanceRole("AKIAFAKEPROFILE0002", "profile"));
	}

	@Test
	void runWithProfileWithoutCredentialsUsesTheInstanceRole() throws Exception {
		Files.writeString(this.home.resolve("config"), """
				[default]
				region = eu-central-1
				""");
		this.contextRunner.run((context) -> {
			awaitInstanceRole(context);
			assertThat(context.getBean(AwsCredentialsProvider.class).resolveCredentials().accessKeyId())
				.isEqualTo("ASIAFAKE000000000001");
			assertThat(context.getBean(ImdsDefaultCredentialsProvider.class).source().id())
				.isEqualTo("instance-profile");
		});
	}

	@Test
	void runWithContainerCredentialsUsesThemAndNeverFetchesTheInstanceRole() {
		this.fake = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
		this.fake.start();
		this.fake.stubFor(get("/v2/credentials/task").willReturn(aResponse().withHeader("Content-Type", "application/json")
			.withBody("""
					{"AccessKeyId":"ASIAFAKECONTAINER01","SecretAccessKey":"fake-secret-container",
					"Token":"fake-session-token-container","Expiration":"2100-01-01T00:00:00Z"}""")));
		System.setProperty("aws.containerCredentialsFullUri",
				"http://127.0.0.1:" + this.fake.port() + "/v2/credentials/task");
		this.contextRunner.run(resolvesWithoutInstanceRole("ASIAFAKECONTAINER01", "container"));
		assertThat(this.fake.getAllServeEvents()).isNotEmpty();
	}

	@Test
	void runWithWebIdentityAssumesTheRoleAtStsAndNeverFetchesTheInstanceRole() throws Exception {
		this.fake = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
		this.fake.start();
		this.fake.stubFor(post(anyUrl()).willReturn(aResponse().withHeader("Content-Type", "text/xml").withBody("""
				<AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
				  <AssumeRoleWithWebIdentityResult>
				    <Credentials>
				      <AccessKeyId>ASIAFAKEWEBIDENT001</AccessKeyId>
				      <SecretAccessKey>fake-secret-web</SecretAccessKey>
				      <SessionToken>fake-session-token-web</SessionToken>
				      <Expiration>2100-01-01T00:00:00Z</Expiration>
				    </Credentials>
				    <AssumedRoleUser>
				      <Arn>arn:aws:sts::123456789012:assumed-role/web-role/app</Arn>
				      <AssumedRoleId>AROAFAKE:app</AssumedRoleId>
				    </AssumedRoleUser>
				  </AssumeRoleWithWebIdentityResult>
				  <ResponseMetadata><RequestId>fake-request</RequestId></ResponseMetadata>
				</AssumeRoleWithWebIdentityResponse>""")));
		Path token = Files.writeString(this.home.resolve("token"), "fake-web-identity-token");
		System.setProperty("aws.webIdentityTokenFile", token.toString());
		System.setProperty("aws.roleArn", "arn:aws:iam::123456789012:role/web-role");
		System.setProperty("aws.roleSessionName", "app");
		System.setProperty("aws.region", "us-east-1");
		System.setProperty("aws.endpointUrlSts", "http://127.0.0.1:" + this.fake.port());
		this.contextRunner.run(resolvesWithoutInstanceRole("ASIAFAKEWEBIDENT001", "web-identity"));
		assertThat(this.fake.getAllServeEvents()).isNotEmpty();
	}

	@Test
	void runWithFailingConfiguredStepDoesNotFallBackToTheInstanceRole() {
		// a container endpoint that refuses: the SDK's own chain would go on to the instance role
		System.setProperty("aws.containerCredentialsFullUri", "http://127.0.0.1:9/v2/credentials/task");
		this.contextRunner.run((context) -> {
			assertThatExceptionOfType(SdkClientException.class)
				.isThrownBy(() -> context.getBean(AwsCredentialsProvider.class).resolveCredentials())
				.withMessageContaining("container")
				.withMessageContaining("the instance role is not tried");
			assertThat(credentialsRequests()).isZero();
		});
	}

	@Test
	void runWithNothingConfiguredUsesTheInstanceRoleFromContextStart() {
		this.contextRunner.run((context) -> {
			awaitInstanceRole(context);
			assertThat(context.getBean(AwsCredentialsProvider.class).resolveCredentials().accessKeyId())
				.isEqualTo("ASIAFAKE000000000001");
			assertThat(context.getBean(ImdsDefaultCredentialsProvider.class).source().id())
				.isEqualTo("instance-profile");
			assertThat(ImdsCredentialsStatusSupport.healthStatus(context.getBeanFactory()).get().state())
				.isEqualTo(CredentialsStatus.State.VALID);
		});
	}

	@Test
	void runWithApplicationAskingTheRoleProviderItselfFetchesTheInstanceRole() {
		SystemSettingUtilsTestBackdoor.addEnvironmentVariableOverride("AWS_ACCESS_KEY_ID", "AKIAFAKEENVIRON0001");
		SystemSettingUtilsTestBackdoor.addEnvironmentVariableOverride("AWS_SECRET_ACCESS_KEY", "fake-secret-env");
		this.contextRunner.run((context) -> {
			awaitInstanceRole(context);
			assertThat(context.getBean(RoleCredentialsProvider.class).getCredentials().accessKeyId())
				.isEqualTo("ASIAFAKE000000000001");
			CredentialsStatus status = ImdsCredentialsStatusSupport.status(context.getBeanFactory()).get();
			assertThat(status.state()).isEqualTo(CredentialsStatus.State.VALID);
			assertThat(status.source()).isEqualTo("environment");
		});
	}

	@Test
	void regionFollowsSystemPropertyFirst() {
		System.setProperty("aws.region", "eu-west-3");
		SystemSettingUtilsTestBackdoor.addEnvironmentVariableOverride("AWS_REGION", "ap-south-1");
		this.contextRunner.run(region(Region.EU_WEST_3, "system-properties"));
	}

	@Test
	void regionFollowsEnvironmentBeforeProfile() throws Exception {
		Files.writeString(this.home.resolve("config"), "[default]\nregion = eu-central-1\n");
		SystemSettingUtilsTestBackdoor.addEnvironmentVariableOverride("AWS_REGION", "ap-south-1");
		this.contextRunner.run(region(Region.AP_SOUTH_1, "environment"));
	}

	@Test
	void regionFollowsProfileBeforeTheInstance() throws Exception {
		Files.writeString(this.home.resolve("config"), "[default]\nregion = eu-central-1\n");
		this.contextRunner.run(region(Region.EU_CENTRAL_1, "profile"));
	}

	@Test
	void regionWithNothingConfiguredIsTheInstanceRegionFromTheSnapshot() {
		this.contextRunner.run((context) -> {
			imds().resetJournal();
			region(Region.US_EAST_1, "instance-metadata").accept(context);
			// read from the snapshot loaded at startup, without another request
			assertThat(imds().count("GET", "placement/region")).isZero();
		});
	}

	private ContextConsumer<AssertableApplicationContext> region(Region expected, String source) {
		return (context) -> {
			assertThat(context.getBean(AwsRegionProvider.class).getRegion()).isEqualTo(expected);
			assertThat(context.getBean(ImdsDefaultRegionProvider.class).source()).isEqualTo(source);
		};
	}

	private ContextConsumer<AssertableApplicationContext> resolvesWithoutInstanceRole(String accessKeyId,
			String source) {
		return (context) -> {
			AwsCredentials credentials = context.getBean(AwsCredentialsProvider.class).resolveCredentials();
			assertThat(credentials.accessKeyId()).isEqualTo(accessKeyId);
			assertThat(context.getBean(ImdsDefaultCredentialsProvider.class).source().id()).isEqualTo(source);
			// the ec2.* metadata still loads, the instance role's credentials are never asked for
			assertThat(context.getBean(InstanceMetadata.class).instanceId()).isPresent();
			assertThat(credentialsRequests()).as("%s", imds().requests()).isZero();
			CredentialsStatus status = ImdsCredentialsStatusSupport.status(context.getBeanFactory()).get();
			assertThat(status.state()).isEqualTo(CredentialsStatus.State.NOT_USED);
			assertThat(status.source()).isEqualTo(source);
			assertThat(status.toString()).doesNotContain("fake-secret");
			assertThat(ImdsCredentialsStatusSupport.healthStatus(context.getBeanFactory()).get()).isNull();
			ImdsCredentialsStatusSupport.refresh(context.getBeanFactory()).run();
			assertThat(credentialsRequests()).isZero();
		};
	}

	/**
	 * Waits until the instance role's credentials were obtained: a cold JVM on a loaded machine can miss the
	 * first fetch's timeout, and the refresh that follows is what these tests need, not the first attempt.
	 */
	private static void awaitInstanceRole(AssertableApplicationContext context) {
		RoleCredentialsProvider provider = context.getBean(RoleCredentialsProvider.class);
		await().atMost(Duration.ofMinutes(1))
			.until(() -> provider.refreshNow().join().state() == CredentialsStatus.State.VALID);
	}

	private long credentialsRequests() {
		return imds().countMatching((request) -> request.path().contains("iam/security-credentials"));
	}

	private ImdsSimulator imds() {
		return this.simulator.simulator();
	}

	private String[] simulatorProperties() {
		return new String[] { "imds.endpoint=" + imds().endpoint(), "imds.platform-detection=off" };
	}

}
