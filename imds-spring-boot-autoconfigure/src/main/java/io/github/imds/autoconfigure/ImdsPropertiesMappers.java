package io.github.imds.autoconfigure;

import io.github.imds.credentials.ImdsRoleCredentialsProviderBuilder;
import io.github.imds.lifecycle.InstanceLifecyclePollerBuilder;
import io.github.imds.metadata.internal.MetadataLoadOptions;

import org.springframework.boot.context.properties.PropertyMapper;

/**
 * Copies {@link ImdsProperties} groups into the builders of the features, one method per target, with
 * {@link PropertyMapper}. The client's mapping is {@link ImdsClientFactory}'s, because the AWS SDK's settings
 * take part in it. Values are checked when bound (the setters of {@link ImdsProperties}), not here.
 */
final class ImdsPropertiesMappers {

	private ImdsPropertiesMappers() {
	}

	static ImdsRoleCredentialsProviderBuilder credentials(ImdsCredentialsProperties properties,
			ImdsRoleCredentialsProviderBuilder builder) {
		PropertyMapper map = PropertyMapper.get();
		map.from(properties::getRoleName).to(builder::roleName);
		map.from(properties::getRefreshBeforeExpiry).to(builder::refreshBeforeExpiry);
		map.from(properties::isStaticStability).to(builder::staticStability);
		return builder;
	}

	static InstanceLifecyclePollerBuilder lifecycle(ImdsLifecycleProperties properties,
			InstanceLifecyclePollerBuilder builder) {
		PropertyMapper map = PropertyMapper.get();
		map.from(properties::getPollInterval).to(builder::pollInterval);
		map.from(properties::isDrainOnTermination).to(builder::drainOnTermination);
		return builder;
	}

	static MetadataLoadOptions metadata(ImdsMetadataProperties properties) {
		return MetadataLoadOptions.defaults()
			.withExtraPaths(properties.getExtraPaths())
			.withUserData(properties.getUserData())
			.withTags(properties.isTags())
			.withStartupTimeout(properties.getStartupTimeout());
	}

}
