package io.github.imds.client;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.imds.testsupport.FuzzInput;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzz tests for the endpoint URL ({@link EndpointResolver#parse}) and the {@code AWS_*} / {@code aws.*}
 * settings ({@link AwsSdkSettings}, {@link EndpointResolver#resolve}): any value is accepted as
 * {@code http://host[:port]} or rejected with an {@link IllegalArgumentException}, and a password in the URL
 * never reaches the message. Seeds in {@code src/test/resources/.../EndpointSettingsFuzzTestsInputs/};
 * docs/reliability.md, "Fuzzing".
 */
class EndpointSettingsFuzzTests {

	private static final List<String> PROPERTIES = List.of(AwsSdkSettings.DISABLED_PROPERTY,
			AwsSdkSettings.V1_DISABLED_PROPERTY, AwsSdkSettings.ENDPOINT_PROPERTY,
			AwsSdkSettings.ENDPOINT_MODE_PROPERTY, AwsSdkSettings.TIMEOUT_PROPERTY);

	private static final List<String> ENVIRONMENT = List.of(AwsSdkSettings.DISABLED_ENV,
			AwsSdkSettings.V1_DISABLED_ENV, AwsSdkSettings.ENDPOINT_ENV, AwsSdkSettings.ENDPOINT_MODE_ENV,
			AwsSdkSettings.TIMEOUT_ENV, AwsSdkSettings.ATTEMPTS_ENV);

	private static final List<String> PROFILE = List.of("ec2_metadata_service_endpoint",
			"ec2_metadata_service_endpoint_mode", "ec2_metadata_v1_disabled", "metadata_service_timeout",
			"metadata_service_num_attempts");

	@FuzzTest
	@Timeout(value = 10, unit = TimeUnit.SECONDS)
	void endpointUrl(byte[] input) {
		String value = FuzzInput.text(input);
		URI endpoint;
		try {
			endpoint = EndpointResolver.parse(value, EndpointResolver.EXPLICIT_SOURCE);
		}
		catch (IllegalArgumentException ex) {
			// the secret stands where a password would: after the "//" that comes before the first '@' (or
			// anywhere when no "//" does), and before an '@'; a secret elsewhere is a host or a scheme, echoed
			int secret = value.indexOf(FuzzInput.SECRET);
			int slashes = value.indexOf("//");
			int authority = (slashes >= 0 && slashes < value.indexOf('@')) ? slashes + 2 : 0;
			if (secret >= authority && value.indexOf('@', secret) > 0) {
				FuzzInput.assertNoSecretIn(ex);
			}
			return;
		}
		assertThat(endpoint.getScheme()).isEqualTo("http");
		assertThat(endpoint.getHost()).isNotNull();
		assertThat(endpoint.getRawUserInfo()).isNull();
		assertThat(endpoint.getRawPath()).isEmpty();
		assertThat(endpoint.getRawQuery()).isNull();
		assertThat(endpoint.getRawFragment()).isNull();
		assertThat(EndpointResolver.parse(endpoint.toString(), "again")).isEqualTo(endpoint);
	}

	@FuzzTest
	@Timeout(value = 10, unit = TimeUnit.SECONDS)
	void awsSettings(byte[] input) {
		// one "name=value" a line; a name that is not a setting picks one by its hash, its first letter says where
		Map<String, String> properties = new HashMap<>();
		Map<String, String> environment = new HashMap<>();
		Map<String, String> profile = new HashMap<>();
		for (String line : FuzzInput.text(input).split("\n", -1)) {
			int equals = line.indexOf('=');
			if (equals < 0) {
				continue;
			}
			String name = line.substring(0, equals);
			String value = line.substring(equals + 1);
			if (PROPERTIES.contains(name)) {
				properties.put(name, value);
			}
			else if (ENVIRONMENT.contains(name)) {
				environment.put(name, value);
			}
			else if (PROFILE.contains(name)) {
				profile.put(name, value);
			}
			else {
				List<String> names = switch (name.isEmpty() ? 'e' : name.charAt(0)) {
					case 'a' -> PROPERTIES;
					case 'p' -> PROFILE;
					default -> ENVIRONMENT;
				};
				Map<String, String> target = (names == PROPERTIES) ? properties
						: (names == PROFILE) ? profile : environment;
				target.put(names.get(Math.floorMod(name.hashCode(), names.size())), value);
			}
		}
		AwsSdkSettings settings = AwsSdkSettings.of(properties, environment).withProfile(profile::get);
		expectValidOrIllegalArgument(settings::disabledBy);
		expectValidOrIllegalArgument(settings::v1DisabledBy);
		expectValidOrIllegalArgument(settings::endpoint);
		expectValidOrIllegalArgument(settings::endpointMode);
		expectValidOrIllegalArgument(() -> {
			if (settings.timeout() != null) {
				assertThat(settings.timeout()).isPositive();
			}
			return null;
		});
		expectValidOrIllegalArgument(() -> {
			if (settings.numAttempts() != null) {
				assertThat(settings.numAttempts()).isBetween(1, 10);
			}
			return null;
		});
		expectValidOrIllegalArgument(() -> {
			ResolvedEndpoint resolved = EndpointResolver.resolve(null, null, settings);
			assertThat(resolved.uri().getScheme()).isEqualTo("http");
			return resolved;
		});
	}

	private static void expectValidOrIllegalArgument(Supplier<?> setting) {
		try {
			setting.get();
		}
		catch (IllegalArgumentException ex) {
			assertThat(ex.getMessage()).isNotBlank();
		}
	}

}
