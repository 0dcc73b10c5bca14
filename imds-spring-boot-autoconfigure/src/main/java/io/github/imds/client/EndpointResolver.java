package io.github.imds.client;

import java.net.URI;
import java.net.URISyntaxException;

import io.github.imds.client.ImdsSettingNames.Setting;
import org.jspecify.annotations.Nullable;

/**
 * Chooses the endpoint as the AWS SDKs do: explicit setting, then the SDK's endpoint setting, then the
 * address of the endpoint mode (explicit, then the SDK's, then IPv4).
 */
final class EndpointResolver {

	/** The source of an explicit endpoint, as the builder names it. */
	static final String EXPLICIT_SOURCE = ImdsSettingNames.builderOptions().name(Setting.ENDPOINT);

	private EndpointResolver() {
	}

	static ResolvedEndpoint resolve(@Nullable String explicit, @Nullable EndpointMode mode, AwsSdkSettings sdk) {
		return resolve(explicit, mode, sdk, ImdsSettingNames.builderOptions());
	}

	/**
	 * Resolves the endpoint; {@code names} names the explicit settings in the source and in errors.
	 */
	static ResolvedEndpoint resolve(@Nullable String explicit, @Nullable EndpointMode mode, AwsSdkSettings sdk,
			ImdsSettingNames names) {
		if (explicit != null && !explicit.isBlank()) {
			String source = names.name(Setting.ENDPOINT);
			return new ResolvedEndpoint(parse(explicit, source), source, false);
		}
		AwsSdkSettings.Setting endpoint = sdk.endpoint();
		if (endpoint != null) {
			return new ResolvedEndpoint(parse(endpoint.value(), endpoint.name()), endpoint.name(), false);
		}
		String modeSource = names.name(Setting.ENDPOINT_MODE);
		if (mode == null) {
			AwsSdkSettings.Setting modeSetting = sdk.endpointMode();
			if (modeSetting != null) {
				try {
					mode = EndpointMode.fromValue(modeSetting.value());
				}
				catch (IllegalArgumentException ex) {
					throw new IllegalArgumentException("Invalid %s: %s".formatted(modeSetting.name(), ex.getMessage()));
				}
				modeSource = modeSetting.name();
			}
			else {
				mode = EndpointMode.IPV4;
				modeSource = "default";
			}
		}
		return new ResolvedEndpoint(URI.create(mode.defaultEndpoint()), "endpoint mode " + mode + " (" + modeSource + ")",
				true);
	}

	/**
	 * Accepts only {@code http://host[:port]} with an optional trailing slash; anything else would either not
	 * reach IMDS or send its requests somewhere unexpected.
	 */
	static URI parse(String value, String source) {
		String trimmed = value.trim();
		URI uri;
		try {
			uri = new URI(trimmed);
		}
		catch (URISyntaxException ex) {
			throw invalid(source, trimmed, "it is not a valid URI (" + ex.getReason() + ")");
		}
		if (!"http".equalsIgnoreCase(uri.getScheme())) {
			throw invalid(source, trimmed, "the scheme must be 'http' (IMDS does not speak TLS)");
		}
		if (uri.getHost() == null) {
			throw invalid(source, trimmed, "it has no host");
		}
		if (uri.getRawUserInfo() != null) {
			// never echo a password into an exception message (and so into startup logs): invalid() redacts it
			throw invalid(source, trimmed, "it must not contain user info");
		}
		if (uri.getRawQuery() != null) {
			throw invalid(source, trimmed, "it must not contain a query");
		}
		if (uri.getRawFragment() != null) {
			throw invalid(source, trimmed, "it must not contain a fragment");
		}
		String path = uri.getRawPath();
		if (path != null && !path.isEmpty() && !path.equals("/")) {
			throw invalid(source, trimmed, "it must not contain a path (requests add /latest/...)");
		}
		String port = (uri.getPort() != -1) ? ":" + uri.getPort() : "";
		return URI.create("http://" + uri.getRawAuthority().replaceFirst(":\\d+$", "") + port);
	}

	private static IllegalArgumentException invalid(String source, String value, String reason) {
		return new IllegalArgumentException(
				"Invalid IMDS endpoint '%s' from %s: %s. Expected http://host[:port], for example http://127.0.0.1:1338"
					.formatted(redactUserInfo(value), source, reason));
	}

	/**
	 * Hides whatever precedes an {@code @}: the URI parser does not always see user info (a host it cannot
	 * parse, another scheme), yet the text before the {@code @} may still be a password.
	 */
	static String redactUserInfo(String value) {
		int at = value.lastIndexOf('@');
		if (at < 0) {
			return value;
		}
		// Keep "scheme://" only when it comes before the first '@': in "http:user:pw@host//x@y" the "//" is
		// after the password.
		int authority = value.indexOf("//");
		int start = (authority >= 0 && authority < value.indexOf('@')) ? authority + 2 : 0;
		return value.substring(0, start) + "***" + value.substring(at);
	}

}
