package io.github.imds.autoconfigure;

import java.util.function.Function;
import java.util.function.Supplier;

import io.github.imds.client.ImdsAvailability;
import io.github.imds.client.PlatformDetection;
import org.jspecify.annotations.Nullable;

/**
 * Decides, without a network call, whether the SSRF guard is active where {@code imds.ssrf-guard.enabled} is
 * unset. The switches that stop this starter and the AWS SDK from using IMDS ({@code imds.enabled=false},
 * {@code aws.disableEc2Metadata}, {@code AWS_EC2_METADATA_DISABLED}) do not make the metadata addresses
 * unreachable (an EKS pod with IRSA sets {@code AWS_EC2_METADATA_DISABLED=true} exactly to keep the node
 * role away), so they do not turn the guard off: it is active where IMDS is used, on EC2 (the platform
 * detection, whatever those switches say), and where a container credentials endpoint is configured (ECS,
 * Fargate, EKS Pod Identity, whose addresses are in the deny set too). Elsewhere it is inactive, and leaves
 * the HTTP clients alone.
 *
 * @param active whether the guard applies to the HTTP clients Spring Boot builds
 * @param reason why, as {@code /actuator/imds} shows it
 */
record SsrfGuardActivation(boolean active, String reason) {

	/**
	 * The system properties and environment variables that configure a container credentials or metadata
	 * endpoint, as the AWS SDK and the ECS agent name them.
	 */
	private static final String[][] CONTAINER_SETTINGS = { { "aws.containerCredentialsPath", null },
			{ "aws.containerCredentialsFullUri", null }, { null, "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI" },
			{ null, "AWS_CONTAINER_CREDENTIALS_FULL_URI" }, { null, "ECS_CONTAINER_METADATA_URI_V4" },
			{ null, "ECS_CONTAINER_METADATA_URI" } };

	/**
	 * Decides.
	 * @param enabled {@code imds.ssrf-guard.enabled}, or {@code null} when unset
	 * @param imds the availability of the starter's IMDS client, or {@code null} when there is no client
	 * @param platform runs the EC2 platform detection, whatever the IMDS switches say; asked only when needed
	 * @param systemProperties reads a system property
	 * @param environment reads an environment variable
	 * @return the decision
	 */
	static SsrfGuardActivation decide(@Nullable Boolean enabled, @Nullable ImdsAvailability imds,
			Supplier<PlatformDetection> platform, Function<String, @Nullable String> systemProperties,
			Function<String, @Nullable String> environment) {
		if (enabled != null) {
			return new SsrfGuardActivation(enabled, "imds.ssrf-guard.enabled=" + enabled);
		}
		if (imds != null && imds.isAvailable()) {
			return new SsrfGuardActivation(true, "IMDS is used: " + imds.reason());
		}
		String notUsed = (imds != null) ? imds.reason() : "no IMDS client";
		String container = containerSetting(systemProperties, environment);
		if (container != null) {
			return new SsrfGuardActivation(true, ("a container credentials endpoint is configured (%s is set), so the "
					+ "container credentials addresses are reachable; IMDS is not used by the starter (%s)")
				.formatted(container, notUsed));
		}
		boolean detected = imds != null && imds.state() == ImdsAvailability.State.NOT_EC2;
		PlatformDetection detection = detected ? imds.detection() : platform.get();
		if (detection.state() == PlatformDetection.State.EC2) {
			return new SsrfGuardActivation(true, ("%s, so the instance metadata service is reachable although IMDS is "
					+ "not used by the starter (%s)").formatted(detection.reason(), notUsed));
		}
		if (detection.state() == PlatformDetection.State.SKIPPED) {
			return new SsrfGuardActivation(true, ("%s, so this host is taken for an EC2 instance, where the instance "
					+ "metadata service is reachable; IMDS is not used by the starter (%s)")
				.formatted(detection.reason(), notUsed));
		}
		return new SsrfGuardActivation(false, ("IMDS is not used (%s)%s, and no container credentials endpoint is "
				+ "configured; set imds.ssrf-guard.enabled=true to guard anyway")
			.formatted(notUsed, detected ? "" : "; " + detection.reason()));
	}

	private static @Nullable String containerSetting(Function<String, @Nullable String> systemProperties,
			Function<String, @Nullable String> environment) {
		for (String[] setting : CONTAINER_SETTINGS) {
			String name = (setting[0] != null) ? setting[0] : setting[1];
			String value = (setting[0] != null) ? systemProperties.apply(setting[0]) : environment.apply(setting[1]);
			if (value != null && !value.isBlank()) {
				return name;
			}
		}
		return null;
	}

}
