package io.github.imds.client;

import java.nio.file.Path;

import io.github.imds.client.ImdsSettingNames.Setting;
import org.jspecify.annotations.Nullable;

/**
 * Decides, without any network call, whether a client may send requests: the master switch, the AWS SDK's
 * switch, then the local EC2 platform detection when the endpoint is the default one.
 */
final class AvailabilityResolver {

	private static final Path ROOT = Path.of("/");

	private AvailabilityResolver() {
	}

	static ImdsAvailability resolve(boolean enabled, AwsSdkSettings sdkSettings, PlatformDetectionMode platformDetection,
			@Nullable Path platformRoot, ResolvedEndpoint resolved, ImdsSettingNames names) {
		if (!enabled) {
			return disabled("IMDS is disabled by " + names.assignment(Setting.ENABLED, false));
		}
		String sdkSwitch = sdkSettings.disabledBy();
		if (sdkSwitch != null) {
			return disabled("IMDS is disabled by " + sdkSwitch);
		}
		PlatformDetection detection = detect(platformDetection, platformRoot, resolved, names);
		if (detection.state() == PlatformDetection.State.NOT_EC2) {
			return new ImdsAvailability(ImdsAvailability.State.NOT_EC2, detection.reason(), detection);
		}
		return new ImdsAvailability(ImdsAvailability.State.AVAILABLE,
				"IMDS at %s; %s".formatted(resolved, detection.reason()), detection);
	}

	private static PlatformDetection detect(PlatformDetectionMode platformDetection, @Nullable Path platformRoot,
			ResolvedEndpoint resolved, ImdsSettingNames names) {
		if (platformDetection == PlatformDetectionMode.OFF) {
			return new PlatformDetection(PlatformDetection.State.SKIPPED, "platform detection is off (%s)"
				.formatted(names.assignment(Setting.PLATFORM_DETECTION, PlatformDetectionMode.OFF)));
		}
		if (!resolved.isDefault()) {
			return new PlatformDetection(PlatformDetection.State.SKIPPED,
					"platform detection skipped: the endpoint is set by " + resolved.source());
		}
		Path root = (platformRoot != null) ? platformRoot : ROOT;
		// the OS check applies to the real files only: a fake root stands for a Linux machine in tests
		return new Ec2PlatformDetector(root, root.equals(ROOT), System.getProperty("os.name", "unknown"), names)
			.detect();
	}

	private static ImdsAvailability disabled(String reason) {
		return new ImdsAvailability(ImdsAvailability.State.DISABLED, reason,
				new PlatformDetection(PlatformDetection.State.SKIPPED, "platform detection skipped: " + reason));
	}

}
