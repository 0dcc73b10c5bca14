package io.github.imds.autoconfigure;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

import io.github.imds.client.ImdsSettingNames;

/**
 * The {@code imds.*} property names the auto-configured {@link io.github.imds.client.ImdsClient} uses in its
 * hints, availability reasons and endpoint sources, so that Spring users read {@code imds.v1-fallback=true}
 * where the plain client says {@code v1Fallback(true)}.
 */
final class ImdsPropertyNames implements ImdsSettingNames {

	static final ImdsPropertyNames INSTANCE = new ImdsPropertyNames();

	private static final Map<Setting, String> PROPERTIES = properties();

	private ImdsPropertyNames() {
	}

	private static Map<Setting, String> properties() {
		Map<Setting, String> properties = new EnumMap<>(Setting.class);
		properties.put(Setting.ENABLED, "enabled");
		properties.put(Setting.ENDPOINT, "endpoint");
		properties.put(Setting.ENDPOINT_MODE, "endpoint-mode");
		properties.put(Setting.PLATFORM_DETECTION, "platform-detection");
		properties.put(Setting.TOKEN_TTL, "token-ttl");
		properties.put(Setting.CONNECT_TIMEOUT, "connect-timeout");
		properties.put(Setting.READ_TIMEOUT, "read-timeout");
		properties.put(Setting.MAX_ATTEMPTS, "max-attempts");
		properties.put(Setting.V1_FALLBACK, "v1-fallback");
		properties.replaceAll((setting, name) -> ImdsProperties.PREFIX + "." + name);
		return properties;
	}

	@Override
	public String name(Setting setting) {
		return PROPERTIES.get(setting);
	}

	@Override
	public String assignment(Setting setting, Object value) {
		String text = (value instanceof Enum<?> constant)
				? constant.name().toLowerCase(Locale.ROOT).replace('_', '-') : String.valueOf(value);
		return name(setting) + "=" + text;
	}

	@Override
	public String toString() {
		return "ImdsPropertyNames";
	}

}
