package io.github.imds.client;

import java.util.HashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The AWS SDKs' shared endpoint and endpoint-mode resolution cases, in our words: which endpoint
 * {@link EndpointResolver} picks from the explicit settings ({@code imds.endpoint}, {@code imds.endpoint-mode},
 * the builder's), the SDK system properties, the SDK environment variables and the active profile. Nothing is
 * contacted: resolution is a pure function. Sources (column 2):
 * <ul>
 * <li>{@code rs}: smithy-lang/smithy-rs {@code aws/rust-runtime/aws-config/test-data/imds-config/imds-tests.json}
 * (the cross-SDK table, also in awslabs/aws-sdk-kotlin as {@code imdsTestSuite});</li>
 * <li>{@code java}: aws/aws-sdk-java-v2
 * {@code core/imds/src/test/java/software/amazon/awssdk/imds/internal/EndpointProviderTest.java}.</li>
 * </ul>
 * A row whose expectation starts with {@code DIFFERS} is a case where we deliberately do otherwise; see
 * docs/reliability.md, "Shared SDK cases".
 */
class SdkEndpointCasesTests {

	private static final String IPV4 = "http://169.254.169.254";

	private static final String IPV6 = "http://[fd00:ec2::254]";

	/**
	 * Columns: case, source, explicit endpoint, explicit mode, SDK system properties, SDK environment, profile
	 * properties ({@code name=value;name=value}), the endpoint chosen or {@code error: <part of the message>}.
	 */
	@ParameterizedTest(name = "{0} [{1}]")
	@CsvSource(delimiter = '|', nullValues = "-", textBlock = """
			nothing set: the IPv4 address                   | rs: all fields unset, default endpoint                   | -                | -    | -                                                      | -                                                      | -                                             | http://169.254.169.254
			environment endpoint                            | rs: environment variable endpoint override               | -                | -    | -                                                      | AWS_EC2_METADATA_SERVICE_ENDPOINT=http://override:456  | -                                             | http://override:456
			profile endpoint                                | rs: profile endpoint override                            | -                | -    | -                                                      | -                                                      | ec2_metadata_service_endpoint=http://override:456 | http://override:456
			environment over profile                        | rs: environment overrides profile                        | -                | -    | -                                                      | AWS_EC2_METADATA_SERVICE_ENDPOINT=http://override:456  | ec2_metadata_service_endpoint=http://wrong:456 | http://override:456
			invalid environment mode                        | rs: invalid endpoint mode override                       | -                | -    | -                                                      | AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE=error           | -                                             | error: AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE
			environment mode IPv4                           | rs: ipv4 endpoint                                        | -                | -    | -                                                      | AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE=IPv4            | -                                             | http://169.254.169.254
			environment mode IPv6                           | rs: ipv6 endpoint                                        | -                | -    | -                                                      | AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE=IPv6            | -                                             | http://[fd00:ec2::254]
			profile mode IPv6                               | rs: ipv6 endpoint from config                            | -                | -    | -                                                      | -                                                      | ec2_metadata_service_endpoint_mode=IPv6       | http://[fd00:ec2::254]
			invalid profile mode                            | rs: invalid config endpoint mode                         | -                | -    | -                                                      | -                                                      | ec2_metadata_service_endpoint_mode=IPv7       | error: ec2_metadata_service_endpoint_mode
			explicit endpoint over profile mode             | rs: explicit endpoint override (http instead of https)   | http://custom    | -    | -                                                      | -                                                      | ec2_metadata_service_endpoint_mode=IPv6       | http://custom
			explicit https endpoint                         | rs: explicit endpoint override                           | https://custom   | -    | -                                                      | -                                                      | ec2_metadata_service_endpoint_mode=IPv6       | DIFFERS error: the scheme must be 'http'
			explicit mode over profile mode                 | rs: explicit mode override                               | -                | IPv6 | -                                                      | -                                                      | ec2_metadata_service_endpoint_mode=IPv4       | http://[fd00:ec2::254]
			environment endpoint not a URI                  | rs: invalid uri                                          | -                | -    | -                                                      | AWS_EC2_METADATA_SERVICE_ENDPOINT=not a uri            | -                                             | error: AWS_EC2_METADATA_SERVICE_ENDPOINT
			environment endpoint over explicit mode         | rs: environment variable overrides endpoint mode override | -               | IPv6 | -                                                      | AWS_EC2_METADATA_SERVICE_ENDPOINT=http://override:456  | -                                             | http://override:456
			system property endpoint over profile mode      | java: validateResolveEndpoint, rows 1-2                  | -                | -    | aws.ec2MetadataServiceEndpoint=http://[9876:ec2::123]  | -                                                      | ec2_metadata_service_endpoint_mode=IPv4       | http://[9876:ec2::123]
			system property endpoint without a profile      | java: validateResolveEndpoint, rows 3-4                  | -                | -    | aws.ec2MetadataServiceEndpoint=http://override:90      | -                                                      | -                                             | http://override:90
			profile endpoint when mode is unset             | java: validateResolveEndpoint, rows 5-6                  | -                | -    | -                                                      | -                                                      | ec2_metadata_service_endpoint=http://42.42.42.42 | http://42.42.42.42
			builder mode IPv4, nothing else                 | java: validateResolveEndpoint, row 7                     | -                | IPv4 | -                                                      | -                                                      | -                                             | http://169.254.169.254
			builder mode IPv6, nothing else                 | java: validateResolveEndpoint, row 8                     | -                | IPv6 | -                                                      | -                                                      | -                                             | http://[fd00:ec2::254]
			system property mode over profile mode          | java: endpointModeCheck, rows 4-5                        | -                | -    | aws.ec2MetadataServiceEndpointMode=IPv6                | -                                                      | ec2_metadata_service_endpoint_mode=IPv4       | http://[fd00:ec2::254]
			system property over environment                | java: SdkSystemSetting order (property, then env)        | -                | -    | aws.ec2MetadataServiceEndpoint=http://property:1       | AWS_EC2_METADATA_SERVICE_ENDPOINT=http://env:2         | -                                             | http://property:1
			environment mode over profile mode              | java: endpointModeCheck (env variable before profile)    | -                | -    | -                                                      | AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE=IPv4            | ec2_metadata_service_endpoint_mode=IPv6       | http://169.254.169.254
			""")
	void resolvePicksTheEndpointAsTheSdksDo(String name, String source, @Nullable String explicit,
			@Nullable String mode, @Nullable String properties, @Nullable String environment,
			@Nullable String profile, String expected) {
		AwsSdkSettings settings = AwsSdkSettings.of(map(properties), map(environment)).withProfile(map(profile)::get);
		EndpointMode explicitMode = (mode != null) ? EndpointMode.fromValue(mode) : null;
		String expectation = expected.startsWith("DIFFERS ") ? expected.substring("DIFFERS ".length()) : expected;
		if (expectation.startsWith("error: ")) {
			assertThatIllegalArgumentException().isThrownBy(() -> EndpointResolver.resolve(explicit, explicitMode, settings))
				.withMessageContaining(expectation.substring("error: ".length()));
			return;
		}
		ResolvedEndpoint endpoint = EndpointResolver.resolve(explicit, explicitMode, settings);
		assertThat(endpoint.uri()).hasToString(expectation);
		assertThat(endpoint.isDefault()).isEqualTo(expectation.equals(IPV4) || expectation.equals(IPV6));
	}

	private static Map<String, String> map(@Nullable String entries) {
		Map<String, String> map = new HashMap<>();
		if (entries != null) {
			for (String entry : entries.split(";")) {
				int equals = entry.indexOf('=');
				map.put(entry.substring(0, equals).trim(), entry.substring(equals + 1).trim());
			}
		}
		return map;
	}

}
