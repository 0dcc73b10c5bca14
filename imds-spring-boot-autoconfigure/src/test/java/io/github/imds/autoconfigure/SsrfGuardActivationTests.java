package io.github.imds.autoconfigure;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.github.imds.client.ImdsAvailability;
import io.github.imds.client.PlatformDetection;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Table tests for {@link SsrfGuardActivation}: the IMDS usage switches do not turn the guard off on EC2 or
 * where a container credentials endpoint is configured; environments are maps.
 */
class SsrfGuardActivationTests {

	private static final PlatformDetection EC2 = new PlatformDetection(PlatformDetection.State.EC2,
			"EC2 detected: /sys/devices/virtual/dmi/id/sys_vendor is 'Amazon EC2'");

	private static final PlatformDetection NOT_EC2 = new PlatformDetection(PlatformDetection.State.NOT_EC2,
			"not an EC2 instance: none of the files is readable");

	private static final PlatformDetection OFF = new PlatformDetection(PlatformDetection.State.SKIPPED,
			"platform detection is off (imds.platform-detection=off)");

	private static final ImdsAvailability AVAILABLE = new ImdsAvailability(ImdsAvailability.State.AVAILABLE,
			"IMDS at http://127.0.0.1:9", OFF);

	private static final ImdsAvailability SDK_DISABLED = new ImdsAvailability(ImdsAvailability.State.DISABLED,
			"IMDS is disabled by AWS_EC2_METADATA_DISABLED=true", OFF);

	private static final ImdsAvailability STARTER_DISABLED = new ImdsAvailability(ImdsAvailability.State.DISABLED,
			"IMDS is disabled by imds.enabled=false", OFF);

	private static final ImdsAvailability OFF_EC2 = new ImdsAvailability(ImdsAvailability.State.NOT_EC2,
			NOT_EC2.reason(), NOT_EC2);

	private final AtomicInteger detections = new AtomicInteger();

	private Supplier<PlatformDetection> detecting(PlatformDetection result) {
		return () -> {
			this.detections.incrementAndGet();
			return result;
		};
	}

	private SsrfGuardActivation decide(Boolean enabled, ImdsAvailability imds, PlatformDetection platform,
			Map<String, String> env) {
		return SsrfGuardActivation.decide(enabled, imds, detecting(platform), Map.<String, String>of()::get, env::get);
	}

	@Test
	void propertyDecidesAlone() {
		assertThat(decide(false, AVAILABLE, EC2, Map.of())).isEqualTo(
				new SsrfGuardActivation(false, "imds.ssrf-guard.enabled=false"));
		assertThat(decide(true, OFF_EC2, NOT_EC2, Map.of())).isEqualTo(
				new SsrfGuardActivation(true, "imds.ssrf-guard.enabled=true"));
		assertThat(this.detections).hasValue(0);
	}

	@Test
	void imdsUsedIsActive() {
		SsrfGuardActivation activation = decide(null, AVAILABLE, NOT_EC2, Map.of());
		assertThat(activation.active()).isTrue();
		assertThat(activation.reason()).isEqualTo("IMDS is used: IMDS at http://127.0.0.1:9");
		assertThat(this.detections).hasValue(0);
	}

	@Test
	void sdkSwitchOnEc2IsStillActive() {
		SsrfGuardActivation activation = decide(null, SDK_DISABLED, EC2, Map.of());
		assertThat(activation.active()).isTrue();
		assertThat(activation.reason()).startsWith("EC2 detected")
			.contains("instance metadata service is reachable")
			.contains("AWS_EC2_METADATA_DISABLED=true");
	}

	@Test
	void starterSwitchOnEc2IsStillActive() {
		SsrfGuardActivation activation = decide(null, STARTER_DISABLED, EC2, Map.of());
		assertThat(activation.active()).isTrue();
		assertThat(activation.reason()).contains("imds.enabled=false");
	}

	@Test
	void noClientOnEc2IsActive() {
		SsrfGuardActivation activation = SsrfGuardActivation.decide(null, null, detecting(EC2),
				Map.<String, String>of()::get, Map.<String, String>of()::get);
		assertThat(activation.active()).isTrue();
		assertThat(activation.reason()).contains("no IMDS client");
	}

	@Test
	void platformDetectionOffWithImdsSwitchedOffIsActive() {
		SsrfGuardActivation activation = decide(null, SDK_DISABLED, OFF, Map.of());
		assertThat(activation.active()).isTrue();
		assertThat(activation.reason()).contains("taken for an EC2 instance");
	}

	@Test
	void containerEndpointsAreActiveOffEc2AndNameTheVariableNotItsValue() {
		for (String variable : new String[] { "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
				"AWS_CONTAINER_CREDENTIALS_FULL_URI", "ECS_CONTAINER_METADATA_URI_V4", "ECS_CONTAINER_METADATA_URI" }) {
			SsrfGuardActivation activation = decide(null, SDK_DISABLED, NOT_EC2,
					Map.of(variable, "/v2/credentials/fake-id"));
			assertThat(activation.active()).as(variable).isTrue();
			assertThat(activation.reason()).contains(variable + " is set").doesNotContain("fake-id");
		}
		SsrfGuardActivation property = SsrfGuardActivation.decide(null, OFF_EC2, detecting(NOT_EC2),
				Map.of("aws.containerCredentialsFullUri", "http://127.0.0.1:9/creds")::get, Map.<String, String>of()::get);
		assertThat(property.active()).isTrue();
		assertThat(property.reason()).contains("aws.containerCredentialsFullUri is set");
		assertThat(this.detections).hasValue(0);
	}

	@Test
	void blankContainerVariableDoesNotCount() {
		assertThat(decide(null, OFF_EC2, NOT_EC2, Map.of("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", " ")).active())
			.isFalse();
	}

	@Test
	void offEc2WithNothingConfiguredIsInactiveWithoutASecondDetection() {
		SsrfGuardActivation activation = decide(null, OFF_EC2, EC2, Map.of());
		assertThat(activation.active()).isFalse();
		assertThat(activation.reason()).isEqualTo("IMDS is not used (not an EC2 instance: none of the files is "
				+ "readable), and no container credentials endpoint is configured; set imds.ssrf-guard.enabled=true "
				+ "to guard anyway");
		assertThat(this.detections).as("the client's detection is reused").hasValue(0);
	}

	@Test
	void switchedOffOffEc2IsInactiveAndSayBoth() {
		SsrfGuardActivation activation = decide(null, SDK_DISABLED, NOT_EC2, Map.of());
		assertThat(activation.active()).isFalse();
		assertThat(activation.reason()).startsWith("IMDS is not used (IMDS is disabled by AWS_EC2_METADATA_DISABLED=true)")
			.contains("not an EC2 instance")
			.contains("imds.ssrf-guard.enabled=true");
	}

}
