package io.github.imds.credentials;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Table tests for {@link CredentialsChainPlan}: which steps of the SDK's default chain are configured.
 */
class CredentialsChainPlanTests {

	private static final Map<String, String> KEYS = Map.of("aws.accessKeyId", "AKIAFAKE", "aws.secretAccessKey",
			"fake-secret");

	private static final Map<String, String> ENV_KEYS = Map.of("AWS_ACCESS_KEY_ID", "AKIAFAKE", "AWS_SECRET_ACCESS_KEY",
			"fake-secret");

	private static final Map<String, String> WEB = Map.of("AWS_WEB_IDENTITY_TOKEN_FILE", "/var/run/token",
			"AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/app");

	static Stream<Arguments> plans() {
		return Stream.of(Arguments.of("nothing", Map.of(), Map.of(), true, false, List.of("instance-profile")),
				Arguments.of("system properties", KEYS, Map.of(), true, false, List.of("system-properties")),
				Arguments.of("access key without secret", Map.of("aws.accessKeyId", "AKIAFAKE"), Map.of(), true, false,
						List.of("instance-profile")),
				Arguments.of("blank values", Map.of("aws.accessKeyId", " ", "aws.secretAccessKey", ""), Map.of(), true,
						false, List.of("instance-profile")),
				Arguments.of("environment", Map.of(), ENV_KEYS, true, false, List.of("environment")),
				Arguments.of("web identity", Map.of(), WEB, true, false, List.of("web-identity")),
				Arguments.of("web identity by system properties",
						Map.of("aws.webIdentityTokenFile", "/t", "aws.roleArn", "arn:aws:iam::1:role/a"), Map.of(), true,
						false, List.of("web-identity")),
				Arguments.of("web identity without sts", Map.of(), WEB, false, false, List.of("instance-profile")),
				Arguments.of("token file without role", Map.of(), Map.of("AWS_WEB_IDENTITY_TOKEN_FILE", "/t"), true,
						false, List.of("instance-profile")),
				Arguments.of("profile", Map.of(), Map.of(), true, true, List.of("profile")),
				Arguments.of("ECS relative URI", Map.of(),
						Map.of("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/credentials/x"), true, false,
						List.of("container")),
				Arguments.of("EKS Pod Identity full URI", Map.of(),
						Map.of("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://169.254.170.23/v1/credentials"), true, false,
						List.of("container")),
				Arguments.of("full URI by system property",
						Map.of("aws.containerCredentialsFullUri", "http://127.0.0.1:8080/creds"), Map.of(), true, false,
						List.of("container")),
				Arguments.of("all, in the SDK's order", KEYS, merge(ENV_KEYS, WEB,
						Map.of("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/x")), true, true,
						List.of("system-properties", "environment", "web-identity", "profile", "container")));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("plans")
	void decideFollowsTheSdkChain(String name, Map<String, String> properties, Map<String, String> env,
			boolean sts, boolean profile, List<String> expected) {
		CredentialsChainPlan plan = CredentialsChainPlan.decide(properties::get, env::get, sts, () -> profile);
		assertThat(plan.steps()).extracting(CredentialsSource::id).containsExactlyElementsOf(expected);
		assertThat(plan.usesInstanceProfile()).isEqualTo(expected.equals(List.of("instance-profile")));
	}

	@Test
	void webIdentityWithoutStsSaysSoInANote() {
		CredentialsChainPlan plan = CredentialsChainPlan.decide(Map.<String, String>of()::get, WEB::get, false,
				() -> false);
		assertThat(plan.notes()).singleElement().asString().contains("software.amazon.awssdk:sts");
	}

	@Test
	void ofRefusesTheInstanceProfileAfterOtherSteps() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> CredentialsChainPlan.of(CredentialsSource.ENVIRONMENT, CredentialsSource.INSTANCE_PROFILE));
		assertThat(CredentialsChainPlan.of(CredentialsSource.PROFILE).first()).isEqualTo(CredentialsSource.PROFILE);
	}

	@Test
	void toStringListsTheSteps() {
		assertThat(CredentialsChainPlan.of(CredentialsSource.ENVIRONMENT, CredentialsSource.PROFILE))
			.hasToString("CredentialsChainPlan[environment, profile]");
	}

	@SafeVarargs
	private static Map<String, String> merge(Map<String, String>... maps) {
		Map<String, String> merged = new HashMap<>();
		for (Map<String, String> map : maps) {
			merged.putAll(map);
		}
		return merged;
	}

}
