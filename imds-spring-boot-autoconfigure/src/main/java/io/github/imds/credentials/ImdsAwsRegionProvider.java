package io.github.imds.credentials;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

import io.github.imds.client.ImdsClient;
import io.github.imds.client.ImdsException;
import io.github.imds.client.ImdsResponse;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.AwsRegionProvider;

/**
 * AWS SDK v2 {@link AwsRegionProvider} that returns the instance's region: the region of the
 * {@link io.github.imds.metadata.InstanceMetadata} snapshot loaded at startup when there is one (never an
 * {@code application.*} fallback value of {@code ec2.region}), else {@code placement/region} read once from
 * IMDS. The last step of {@link ImdsDefaultRegionProvider}.
 *
 * @since 0.1.0
 */
public final class ImdsAwsRegionProvider implements AwsRegionProvider {

	static final String REGION_PATH = "/latest/meta-data/placement/region";

	private final Supplier<@Nullable String> regionProperty;

	private final ImdsClient client;

	private volatile @Nullable Region region;

	/**
	 * Creates a region provider.
	 * @param regionProperty reads the region of the loaded metadata snapshot; called on each request until it
	 * gives a value
	 * @param client the IMDS client, asked when the property has no value
	 */
	public ImdsAwsRegionProvider(Supplier<@Nullable String> regionProperty, ImdsClient client) {
		this.regionProperty = Objects.requireNonNull(regionProperty, "'regionProperty' must not be null");
		this.client = Objects.requireNonNull(client, "'client' must not be null");
	}

	@Override
	public Region getRegion() {
		Region region = this.region;
		if (region == null) {
			region = Region.of(resolve());
			this.region = region;
		}
		return region;
	}

	private String resolve() {
		String property = this.regionProperty.get();
		if (property != null && !property.isBlank()) {
			return property.trim();
		}
		try {
			Optional<String> fromImds = this.client.get(REGION_PATH).map(ImdsResponse::asString).map(String::trim);
			if (fromImds.isPresent() && !fromImds.get().isEmpty()) {
				return fromImds.get();
			}
			throw SdkClientException.create(("Unable to load the region: the loaded instance metadata has no ec2.region "
					+ "and IMDS has no %s").formatted(REGION_PATH));
		}
		catch (ImdsException ex) {
			throw SdkClientException.create(("Unable to load the region: the loaded instance metadata has no ec2.region "
					+ "and %s could not be read from IMDS: %s").formatted(REGION_PATH, ex.getMessage()), ex);
		}
	}

	@Override
	public String toString() {
		return "ImdsAwsRegionProvider";
	}

}
