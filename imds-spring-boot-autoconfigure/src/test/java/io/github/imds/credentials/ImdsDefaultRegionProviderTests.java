package io.github.imds.credentials;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.imds.client.AwsSdkSettings;
import io.github.imds.client.ImdsClient;
import io.github.imds.client.PlatformDetectionMode;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.utils.internal.SystemSettingUtilsTestBackdoor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * Tests for {@link ImdsDefaultRegionProvider}: the SDK's order (system property, environment, profile, then the
 * instance), the first region found kept, and where it came from. The instance's region comes from a supplier
 * standing for the loaded metadata; its client is disabled, so no request can be sent.
 */
class ImdsDefaultRegionProviderTests {

	private static final String[] PROPERTIES = { "aws.region", "aws.configFile", "aws.sharedCredentialsFile",
			"aws.profile" };

	private final Map<String, String> savedProperties = new LinkedHashMap<>();

	private final AtomicInteger instanceCalls = new AtomicInteger();

	private ImdsClient client;

	@TempDir
	Path home;

	@BeforeEach
	void setUp() {
		for (String name : PROPERTIES) {
			String value = System.getProperty(name);
			if (value != null) {
				this.savedProperties.put(name, value);
			}
			System.clearProperty(name);
		}
		System.setProperty("aws.sharedCredentialsFile", this.home.resolve("credentials").toString());
		System.setProperty("aws.configFile", this.home.resolve("config").toString());
		this.client = ImdsClient.builder()
			.enabled(false)
			.platformDetection(PlatformDetectionMode.OFF)
			.sdkSettings(AwsSdkSettings.none())
			.build();
	}

	@AfterEach
	void tearDown() {
		this.client.close();
		SystemSettingUtilsTestBackdoor.clearEnvironmentVariableOverrides();
		for (String name : PROPERTIES) {
			System.clearProperty(name);
		}
		this.savedProperties.forEach(System::setProperty);
	}

	private ImdsAwsRegionProvider instance(@Nullable String region) {
		return new ImdsAwsRegionProvider(() -> {
			this.instanceCalls.incrementAndGet();
			return region;
		}, this.client);
	}

	private void profileRegion(String region) throws IOException {
		Files.writeString(this.home.resolve("config"), "[default]\nregion = " + region + "\n");
	}

	@Test
	void constructorRefusesNull() {
		assertThatNullPointerException().isThrownBy(() -> new ImdsDefaultRegionProvider(null))
			.withMessageContaining("'instanceRegion'");
	}

	@Test
	void sourceIsUnknownBeforeTheRegionIsAsked() {
		ImdsDefaultRegionProvider provider = new ImdsDefaultRegionProvider(instance("eu-north-1"));
		assertThat(provider.source()).isNull();
		assertThat(provider).hasToString("ImdsDefaultRegionProvider[source=null]");
	}

	@Test
	void systemPropertyComesFirst() throws IOException {
		System.setProperty("aws.region", "eu-west-3");
		SystemSettingUtilsTestBackdoor.addEnvironmentVariableOverride("AWS_REGION", "ap-south-1");
		profileRegion("eu-central-1");
		ImdsDefaultRegionProvider provider = new ImdsDefaultRegionProvider(instance("eu-north-1"));
		assertThat(provider.getRegion()).isEqualTo(Region.EU_WEST_3);
		assertThat(provider.source()).isEqualTo("system-properties");
		assertThat(provider).hasToString("ImdsDefaultRegionProvider[source=system-properties]");
		assertThat(this.instanceCalls).hasValue(0);
	}

	@Test
	void environmentComesBeforeTheProfile() throws IOException {
		SystemSettingUtilsTestBackdoor.addEnvironmentVariableOverride("AWS_REGION", "ap-south-1");
		profileRegion("eu-central-1");
		ImdsDefaultRegionProvider provider = new ImdsDefaultRegionProvider(instance("eu-north-1"));
		assertThat(provider.getRegion()).isEqualTo(Region.AP_SOUTH_1);
		assertThat(provider.source()).isEqualTo("environment");
	}

	@Test
	void blankSystemPropertyIsNotTheSource() {
		SystemSettingUtilsTestBackdoor.addEnvironmentVariableOverride("AWS_REGION", "ap-south-1");
		ImdsDefaultRegionProvider provider = new ImdsDefaultRegionProvider(instance("eu-north-1"), (name) -> " ");
		assertThat(provider.getRegion()).isEqualTo(Region.AP_SOUTH_1);
		assertThat(provider.source()).isEqualTo("environment");
	}

	@Test
	void profileComesBeforeTheInstance() throws IOException {
		profileRegion("eu-central-1");
		ImdsDefaultRegionProvider provider = new ImdsDefaultRegionProvider(instance("eu-north-1"));
		assertThat(provider.getRegion()).isEqualTo(Region.EU_CENTRAL_1);
		assertThat(provider.source()).isEqualTo("profile");
		assertThat(this.instanceCalls).hasValue(0);
	}

	@Test
	void instanceRegionComesLastAndIsKept() {
		ImdsDefaultRegionProvider provider = new ImdsDefaultRegionProvider(instance("eu-north-1"));
		assertThat(provider.getRegion()).isEqualTo(Region.EU_NORTH_1);
		assertThat(provider.source()).isEqualTo("instance-metadata");
		// kept: a region configured later does not change what the application already uses
		System.setProperty("aws.region", "eu-west-3");
		assertThat(provider.getRegion()).isEqualTo(Region.EU_NORTH_1);
		assertThat(provider.source()).isEqualTo("instance-metadata");
		assertThat(this.instanceCalls).hasValue(1);
	}

	@Test
	void noRegionAnywhereNamesEachStep() {
		ImdsDefaultRegionProvider provider = new ImdsDefaultRegionProvider(instance(null));
		assertThatExceptionOfType(SdkClientException.class).isThrownBy(provider::getRegion)
			.withMessageStartingWith("Unable to load the region from any step of the chain [system-settings: ")
			.withMessageContaining("; profile: ")
			.withMessageContaining("; instance-metadata: Unable to load the region: the loaded instance metadata has "
					+ "no ec2.region and /latest/meta-data/placement/region could not be read from IMDS: IMDS is not used");
		assertThat(provider.source()).isNull();
	}

}
