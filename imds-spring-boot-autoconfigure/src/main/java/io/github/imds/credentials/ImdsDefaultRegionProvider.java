package io.github.imds.credentials;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.AwsProfileRegionProvider;
import software.amazon.awssdk.regions.providers.AwsRegionProvider;
import software.amazon.awssdk.regions.providers.SystemSettingsRegionProvider;

/**
 * AWS SDK v2 {@link AwsRegionProvider} that follows the SDK's {@code DefaultAwsRegionProviderChain}:
 * {@code aws.region}, {@code AWS_REGION} (the SDK's {@link SystemSettingsRegionProvider}), the profile's
 * {@code region} (the SDK's {@link AwsProfileRegionProvider}), then the instance's region
 * ({@link ImdsAwsRegionProvider}, in the SDK's IMDS slot). The first region found is kept.
 *
 * @since 0.1.0
 */
public final class ImdsDefaultRegionProvider implements AwsRegionProvider {

	private final Function<String, @Nullable String> systemProperties;

	private final List<Step> steps;

	private volatile @Nullable Resolved resolved;

	/**
	 * Creates the chain.
	 * @param instanceRegion the instance's region, the last step
	 */
	public ImdsDefaultRegionProvider(ImdsAwsRegionProvider instanceRegion) {
		this(instanceRegion, System::getProperty);
	}

	ImdsDefaultRegionProvider(ImdsAwsRegionProvider instanceRegion,
			Function<String, @Nullable String> systemProperties) {
		Objects.requireNonNull(instanceRegion, "'instanceRegion' must not be null");
		this.systemProperties = systemProperties;
		this.steps = List.of(new Step("system-settings", new SystemSettingsRegionProvider()),
				new Step("profile", new AwsProfileRegionProvider()), new Step("instance-metadata", instanceRegion));
	}

	@Override
	public Region getRegion() {
		Resolved current = this.resolved;
		if (current != null) {
			return current.region();
		}
		List<String> failures = new ArrayList<>();
		for (Step step : this.steps) {
			try {
				Region region = step.provider().getRegion();
				if (region != null) {
					this.resolved = new Resolved(region, sourceOf(step));
					return region;
				}
			}
			catch (RuntimeException ex) {
				failures.add(step.name() + ": " + ex.getMessage());
			}
		}
		throw SdkClientException.create("Unable to load the region from any step of the chain [%s]"
			.formatted(String.join("; ", failures)));
	}

	/**
	 * Where the region came from: {@code system-properties} ({@code aws.region}), {@code environment}
	 * ({@code AWS_REGION}), {@code profile} or {@code instance-metadata}; {@code null} before it was asked.
	 * @return the source
	 */
	public @Nullable String source() {
		Resolved current = this.resolved;
		return (current != null) ? current.source() : null;
	}

	private String sourceOf(Step step) {
		if (!step.name().equals("system-settings")) {
			return step.name();
		}
		String property = this.systemProperties.apply("aws.region");
		return (property != null && !property.isBlank()) ? "system-properties" : "environment";
	}

	@Override
	public String toString() {
		return "ImdsDefaultRegionProvider[source=%s]".formatted(source());
	}

	private record Step(String name, AwsRegionProvider provider) {

	}

	private record Resolved(Region region, String source) {

	}

}
