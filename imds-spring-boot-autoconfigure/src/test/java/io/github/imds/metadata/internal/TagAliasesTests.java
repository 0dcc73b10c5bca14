package io.github.imds.metadata.internal;

import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Tests for {@link TagAliases}: the AWS tag aliases and the {@code /} form of tag keys holding {@code :}.
 */
class TagAliasesTests {

	@ParameterizedTest(name = "{0}")
	@MethodSource
	void aliasesNameAwsTagsAndEscapeColons(String description, Map<String, String> properties,
			Map<String, String> aliases) {
		assertThat(TagAliases.aliases(properties)).containsExactlyInAnyOrderEntriesOf(aliases);
	}

	static Stream<Arguments> aliasesNameAwsTagsAndEscapeColons() {
		String tags = "ec2.tags.instance.";
		return Stream.of(
				arguments("Auto Scaling group", Map.of(tags + "aws:autoscaling:groupName", "fake-asg"),
						Map.of("ec2.autoscaling.group-name", "fake-asg", tags + "aws/autoscaling/groupName", "fake-asg")),
				arguments("CloudFormation",
						Map.of(tags + "aws:cloudformation:stack-name", "fake-stack", tags + "aws:cloudformation:logical-id",
								"FakeServer", tags + "aws:cloudformation:stack-id", "arn:fake"),
						Map.of("ec2.cloudformation.stack-name", "fake-stack", "ec2.cloudformation.logical-id",
								"FakeServer", "ec2.cloudformation.stack-id", "arn:fake", tags + "aws/cloudformation/stack-name",
								"fake-stack", tags + "aws/cloudformation/logical-id", "FakeServer",
								tags + "aws/cloudformation/stack-id", "arn:fake")),
				arguments("any other key with a colon", Map.of(tags + "team:owner", "fake-team"),
						Map.of(tags + "team/owner", "fake-team")),
				arguments("a key that starts with a colon", Map.of(tags + ":owner", "fake-team"),
						Map.of(tags + "/owner", "fake-team")),
				arguments("a key without a colon has no second name",
						Map.of(tags + "Name", "fake-web", tags + "a+b=c@d,e.f", "x"), Map.of()),
				arguments("a colon outside the tags is left alone", Map.of("ec2.mac", "0e:1a:2b:3c:4d:5e"), Map.of()),
				arguments("an AWS tag key in another case is not aliased",
						Map.of(tags + "aws:autoscaling:groupname", "fake-asg"),
						Map.of(tags + "aws/autoscaling/groupname", "fake-asg")));
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource(delimiter = '|', textBlock = """
			aws:autoscaling:groupName  | ec2.tags.instance.aws/autoscaling/groupName
			team:owner                 | ec2.tags.instance.team/owner
			a::b                       | ec2.tags.instance.a//b
			Name                       | ec2.tags.instance.Name
			""")
	void escapedKeyWritesEveryColonAsSlash(String tag, String key) {
		assertThat(TagAliases.escapedKey(tag)).isEqualTo(key);
	}

	@Test
	void escapedKeyResolvesInAPlaceholderWithADefaultWhereTheTagKeyDoesNot() {
		StandardEnvironment environment = new StandardEnvironment();
		Map<String, Object> properties = Map.of("ec2.tags.instance.team:owner", "fake-team",
				"ec2.tags.instance.team/owner", "fake-team");
		environment.getPropertySources().addFirst(new MapPropertySource("ec2InstanceMetadata", properties));
		assertThat(environment.resolvePlaceholders("${ec2.tags.instance.team/owner:none}")).isEqualTo("fake-team");
		// ':' starts the default: the tag key itself cannot be written with one
		assertThat(environment.resolvePlaceholders("${ec2.tags.instance.team:owner:none}")).isEqualTo("owner:none");
	}

}
