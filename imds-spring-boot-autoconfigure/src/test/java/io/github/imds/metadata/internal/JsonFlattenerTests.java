package io.github.imds.metadata.internal;

import java.util.Collections;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Tests for {@link JsonFlattener}: kebab-case names, the flattening table, invalid documents.
 */
class JsonFlattenerTests {

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource(delimiter = '|', textBlock = """
			accountId           | account-id
			availabilityZone    | availability-zone
			privateIp           | private-ip
			pendingTime         | pending-time
			imageId             | image-id
			devpayProductCodes  | devpay-product-codes
			InstanceProfileArn  | instance-profile-arn
			InstanceProfileId   | instance-profile-id
			LastUpdated         | last-updated
			Code                | code
			version             | version
			IPAddress           | ip-address
			InstanceProfileARN  | instance-profile-arn
			ipv4Address         | ipv4-address
			s3Bucket            | s3-bucket
			snake_case_name     | snake-case-name
			already-kebab       | already-kebab
			trailing_           | trailing
			__                  | ''
			''                  | ''
			""")
	void kebabCaseConvertsJsonNames(String name, String kebab) {
		assertThat(JsonFlattener.kebabCase(name)).isEqualTo(kebab);
	}

	@Test
	void flattenAcceptsExactlyTheExpansionLimitAndRefusesOneCharacterMore() {
		// 65 objects {"x":"1"} under a long prefix: each leaf costs the prefix, "[i].x" and the value
		int items = 65;
		String json = "[" + String.join(",", Collections.nCopies(items, "{\"x\":\"1\"}")) + "]";
		int indexDigits = 0;
		for (int i = 0; i < items; i++) {
			indexDigits += String.valueOf(i).length();
		}
		// items * (p + 5) + indexDigits == MAX_EXPANSION * (json.length() + p), solved for p
		int p = (JsonFlattener.MAX_EXPANSION * json.length() - 5 * items - indexDigits)
				/ (items - JsonFlattener.MAX_EXPANSION);
		String atTheLimit = "ec2." + "x".repeat(p - 4);
		long cost = 0;
		for (Map.Entry<String, String> entry : JsonFlattener.flatten(atTheLimit, json).entrySet()) {
			cost += entry.getKey().length() + entry.getValue().length();
		}
		assertThat(cost).isEqualTo((long) JsonFlattener.MAX_EXPANSION * (json.length() + p));
		assertThatIllegalArgumentException().isThrownBy(() -> JsonFlattener.flatten(atTheLimit + "x", json))
			.withMessageContaining("more than 64 times its size");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			'\uFEFF'         | not valid JSON
			'\uFEFF  \u0000' | not valid JSON
			""")
	void flattenWhenThereIsNoJsonValueAfterAByteOrderMarkRefusesIt(String json, String message) {
		assertThatIllegalArgumentException().isThrownBy(() -> JsonFlattener.flatten("ec2.x", json))
			.withMessageStartingWith(message);
	}

	@Test
	void flattenCountsThePrefixInTheExpansionBudget() {
		// a short document under a long key: the key is part of the document's size, not of its expansion
		String prefix = "ec2." + "x".repeat(200);
		assertThat(JsonFlattener.flatten(prefix, "{\"a\":\"b\"}")).containsExactly(Map.entry(prefix + ".a", "b"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource
	void flattenFlattensJsonDocuments(String description, String prefix, String json,
			Map<String, String> expected) {
		assertThat(JsonFlattener.flatten(prefix, json)).containsExactlyInAnyOrderEntriesOf(expected);
	}

	static Stream<Arguments> flattenFlattensJsonDocuments() {
		return Stream.of(arguments("identity document, nulls skipped", "ec2.identity", """
				{"accountId":"123456789012","architecture":"x86_64","availabilityZone":"eu-west-1a",
				"billingProducts":null,"devpayProductCodes":null,"marketplaceProductCodes":null,
				"imageId":"ami-0fake00000000000a","instanceId":"i-0fake00000000000a","instanceType":"m5.large",
				"kernelId":null,"pendingTime":"2026-01-01T00:00:00Z","privateIp":"10.0.1.10","ramdiskId":null,
				"region":"eu-west-1","version":"2017-09-30"}""",
				Map.ofEntries(Map.entry("ec2.identity.account-id", "123456789012"),
						Map.entry("ec2.identity.architecture", "x86_64"),
						Map.entry("ec2.identity.availability-zone", "eu-west-1a"),
						Map.entry("ec2.identity.image-id", "ami-0fake00000000000a"),
						Map.entry("ec2.identity.instance-id", "i-0fake00000000000a"),
						Map.entry("ec2.identity.instance-type", "m5.large"),
						Map.entry("ec2.identity.pending-time", "2026-01-01T00:00:00Z"),
						Map.entry("ec2.identity.private-ip", "10.0.1.10"),
						Map.entry("ec2.identity.region", "eu-west-1"),
						Map.entry("ec2.identity.version", "2017-09-30"))),
				arguments("iam/info", "ec2.iam.info", """
						{"Code":"Success","LastUpdated":"2026-01-01T00:00:00Z",
						"InstanceProfileArn":"arn:aws:iam::123456789012:instance-profile/fake-profile",
						"InstanceProfileId":"AIPAFAKEFAKEFAKEFAKE"}""",
						Map.of("ec2.iam.info.code", "Success", "ec2.iam.info.last-updated", "2026-01-01T00:00:00Z",
								"ec2.iam.info.instance-profile-arn",
								"arn:aws:iam::123456789012:instance-profile/fake-profile",
								"ec2.iam.info.instance-profile-id", "AIPAFAKEFAKEFAKEFAKE")),
				arguments("array of scalars as a comma list", "ec2.identity",
						"{\"billingProducts\":[\"bp-fake1\",\"bp-fake2\"],\"marketplaceProductCodes\":[\"fake\"]}",
						Map.of("ec2.identity.billing-products", "bp-fake1,bp-fake2",
								"ec2.identity.marketplace-product-codes", "fake")),
				arguments("array of objects as indexed keys", "ec2.x",
						"{\"items\":[{\"eventId\":\"e-1\"},{\"eventId\":\"e-2\",\"state\":null}]}",
						Map.of("ec2.x.items[0].event-id", "e-1", "ec2.x.items[1].event-id", "e-2")),
				arguments("mixed array indexed", "ec2.x", "{\"a\":[\"s\",{\"b\":1}]}",
						Map.of("ec2.x.a[0]", "s", "ec2.x.a[1].b", "1")),
				arguments("top-level array", "ec2.x", "[{\"Code\":\"c\"}]", Map.of("ec2.x[0].code", "c")),
				arguments("nested objects, numbers and booleans", "ec2.x",
						"{\"outer\":{\"innerName\":{\"n\":42,\"f\":1.5,\"ok\":true}}}",
						Map.of("ec2.x.outer.inner-name.n", "42", "ec2.x.outer.inner-name.f", "1.5",
								"ec2.x.outer.inner-name.ok", "true")),
				arguments("empty array, empty object and null skipped", "ec2.x",
						"{\"a\":[],\"b\":{},\"c\":null,\"d\":[null],\"e\":\"\"}", Map.of("ec2.x.e", "")));
	}

	@ParameterizedTest(name = "[{index}] {0}")
	@CsvSource(delimiter = '|', textBlock = """
			'{"accountId": fake-secret-looking-text'           | not valid JSON (line 1, column
			'{"accountId": "fake-secret-looking-text"'         | not valid JSON (line 1, column
			'{"accountId": "fake-secret-looking-text"} trail'  | not valid JSON (line 1, column
			'{"a":1}{"b":2}'                                   | not valid JSON (line 1, column
			'   '                                              | empty where JSON was expected
			'[1, 2'                                            | not valid JSON (line 1, column
			""")
	void flattenWhenNotOneJsonDocumentNamesThePositionNotTheText(String json, String message) {
		assertThatIllegalArgumentException().isThrownBy(() -> JsonFlattener.flatten("ec2.identity", json))
			.withMessageStartingWith(message)
			.withMessageNotContaining("fake-secret");
	}

	@Test
	void flattenWhenDocumentWouldExpandManyTimesRefusesIt() {
		// found while writing the fuzz test's memory property: every leaf repeats the names above it
		String deep = "[".repeat(400) + "[1],".repeat(820) + "[1]" + "]".repeat(400);
		assertThatIllegalArgumentException().isThrownBy(() -> JsonFlattener.flatten("ec2.identity", deep))
			.withMessage("a JSON document whose keys and values would be more than 64 times its size");
		StringBuilder longNames = new StringBuilder("{\"" + "n".repeat(2000) + "\":{");
		for (int i = 0; i < 330; i++) {
			longNames.append("\"a").append(i).append("\":1,");
		}
		longNames.append("\"b\":1}}");
		assertThatIllegalArgumentException().isThrownBy(() -> JsonFlattener.flatten("ec2.identity", longNames.toString()))
			.withMessageContaining("times its size");
	}

	@Test
	void flattenWhenDocumentIsLargeButFlatFlattensIt() {
		String flat = "{" + "\"key\":\"value\",".repeat(5000) + "\"last\":\"value\"}";
		assertThat(JsonFlattener.flatten("ec2.identity", flat)).containsEntry("ec2.identity.last", "value");
	}

}
