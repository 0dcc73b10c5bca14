package io.github.imds.test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that {@link ImdsSimulator} answers as EC2 does, over HTTP, one protocol point per
 * test (docs/simulator.md has the table with the sources).
 */
@EnableImdsSimulator
class ImdsSimulatorFidelityTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	@ParameterizedTest
	@ValueSource(strings = { "placement/availability-zone/", "instance-id/", "iam/info/" })
	void leafWithTrailingSlashAnswersLikeTheLeaf(String path, ImdsSimulator imds) throws Exception {
		ImdsHttp http = new ImdsHttp(imds.endpoint());
		String leaf = path.substring(0, path.length() - 1);
		assertThat(http.body(path)).isEqualTo(http.body(leaf)).isNotBlank();
	}

	@ParameterizedTest
	@ValueSource(strings = { "/latest//meta-data/instance-id", "//latest/meta-data/instance-id",
			"/latest/meta-data//instance-id", "/latest/meta-data///instance-id/" })
	void doubledSlashesCountAsOne(String path, ImdsSimulator imds) throws Exception {
		assertThat(new ImdsHttp(imds.endpoint()).body(path)).isEqualTo("i-0123456789abcdef0");
	}

	@Test
	void rootListsTheApiVersions(ImdsSimulator imds) throws Exception {
		List<String> versions = new ImdsHttp(imds.endpoint()).body("/").lines().toList();
		assertThat(versions).startsWith("1.0", "2007-01-19").contains("2009-04-04", "2021-03-23").endsWith("latest");
	}

	@Test
	void datedVersionsServeTheSameDataWhereTheCategoryExisted(ImdsSimulator imds) throws Exception {
		ImdsHttp http = new ImdsHttp(imds.endpoint());
		assertThat(http.body("/2021-03-23/meta-data/instance-id")).isEqualTo(http.body("instance-id"));
		assertThat(http.body("/1.0/meta-data/instance-id")).isEqualTo(http.body("instance-id"));
		assertThat(http.body("/2009-04-04/dynamic/instance-identity/document"))
			.isEqualTo(http.body("/latest/dynamic/instance-identity/document"));
		assertThat(http.body("/2012-01-12/meta-data/iam/info")).isEqualTo(http.body("iam/info"));
		assertThat(http.get("/2011-01-01/meta-data/iam/info", http.token()).statusCode()).isEqualTo(404);
		assertThat(http.get("/2019-10-01/meta-data/placement/region", http.token()).statusCode()).isEqualTo(404);
		assertThat(http.get("/1999-01-01/meta-data/instance-id", http.token()).statusCode()).isEqualTo(404);
	}

	@Test
	void datedVersionListingsShowOnlyTheCategoriesOfThatVersion(ImdsSimulator imds) throws Exception {
		ImdsHttp http = new ImdsHttp(imds.endpoint());
		assertThat(http.body("/1.0/").lines()).containsExactly("meta-data");
		assertThat(http.body("/2009-04-04/").lines()).containsExactly("dynamic", "meta-data");
		List<String> old = http.body("/2008-02-01/meta-data/").lines().toList();
		assertThat(old).contains("ami-id", "instance-id", "placement/", "public-keys/")
			.doesNotContain("iam/", "mac", "network/", "services/");
		assertThat(http.body("/2008-02-01/meta-data/placement/").lines()).containsExactly("availability-zone");
	}

	@Test
	void publicKeysListIndexEqualsNameThenOpensshKey(ImdsSimulator imds) throws Exception {
		ImdsHttp http = new ImdsHttp(imds.endpoint());
		assertThat(http.body("public-keys/")).isEqualTo("0=my-key");
		assertThat(http.body("public-keys/0/")).isEqualTo("openssh-key");
		assertThat(http.body("public-keys/0/openssh-key")).startsWith("ssh-ed25519 ").endsWith(" my-key");
	}

	@Test
	void tagsAreOffByDefaultAndAbsentFromListings(ImdsSimulator imds) throws Exception {
		ImdsHttp http = new ImdsHttp(imds.endpoint());
		assertThat(http.body("/latest/meta-data/").lines()).doesNotContain("tags/");
		assertThat(http.get("tags/", http.token()).statusCode()).isEqualTo(404);
		assertThat(http.get("tags/instance/Name", http.token()).statusCode()).isEqualTo(404);
		imds.tagsInMetadata(true);
		assertThat(http.body("/latest/meta-data/").lines()).contains("tags/");
		assertThat(http.body("tags/instance").lines()).containsExactly("Environment", "Name");
	}

	@Test
	void listingsNeverShowACategoryThatAnswers404(ImdsSimulator imds) throws Exception {
		ImdsHttp http = new ImdsHttp(imds.endpoint());
		imds.noInstanceProfile().userData((String) null);
		assertWalk(http, "/latest/");
		imds.role("other-role").userData("#!/bin/sh").tagsInMetadata(true).spotInterruption("stop",
				java.time.Instant.parse("2026-01-01T00:02:00Z"));
		assertWalk(http, "/latest/");
		assertWalk(http, "/2014-02-25/");
	}

	private void assertWalk(ImdsHttp http, String directory) throws Exception {
		String token = http.token();
		for (String child : http.get(directory, token).body().lines().toList()) {
			String name = child.contains("=") ? child.substring(0, child.indexOf('=')) + "/" : child;
			String path = directory + name;
			HttpResponse<String> response = http.get(path, token);
			assertThat(response.statusCode()).as(path).isEqualTo(200);
			if (name.endsWith("/") || path.endsWith("/meta-data") || path.endsWith("/dynamic")) {
				assertWalk(http, name.endsWith("/") ? path : path + "/");
			}
		}
	}

	@ParameterizedTest
	@CsvSource({ "/latest/dynamic/instance-identity/rsa2048", "/latest/dynamic/instance-identity/pkcs7",
			"/latest/dynamic/instance-identity/signature", "instance-action", "system", "reservation-id",
			"ami-manifest-path", "events/maintenance/history", "events/maintenance/scheduled",
			"network/interfaces/macs/0e:1a:2b:3c:4d:5e/ipv4-associations/203.0.113.10", "/latest/dynamic/fws/instance-monitoring" })
	void categoriesClientsAskForAnswer(String path, ImdsSimulator imds) throws Exception {
		assertThat(new ImdsHttp(imds.endpoint()).body(path)).isNotBlank();
	}

	@Test
	void identityCredentialsAnswerWithTheAccountAndOtherKeysThanTheRole(ImdsSimulator imds) throws Exception {
		ImdsHttp http = new ImdsHttp(imds.endpoint());
		assertThat(http.body("identity-credentials/ec2/security-credentials/").lines())
			.containsExactly("ec2-instance");
		JsonNode info = json.readTree(http.body("identity-credentials/ec2/info"));
		assertThat(info.get("Code").asString()).isEqualTo("Success");
		assertThat(info.get("AccountId").asString()).isEqualTo("123456789012");
		JsonNode instance = json.readTree(http.body("identity-credentials/ec2/security-credentials/ec2-instance"));
		JsonNode role = json.readTree(http.body("iam/security-credentials/sample-role"));
		assertThat(instance.get("Type").asString()).isEqualTo("AWS-HMAC");
		assertThat(instance.get("AccessKeyId").asString()).startsWith("ASIA")
			.isNotEqualTo(role.get("AccessKeyId").asString());
	}

	@Test
	void responsesAreFramedAsEc2FramesThem(ImdsSimulator imds) throws Exception {
		ImdsHttp http = new ImdsHttp(imds.endpoint());
		HttpResponse<String> response = http.get("instance-id", http.token());
		assertThat(response.headers().firstValue("Server")).hasValue("EC2ws");
		assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain");
		assertThat(response.headers().firstValue("Content-Length")).hasValue("19");
		assertThat(response.headers().firstValue("Transfer-Encoding")).isEmpty();
		assertThat(response.headers().map().keySet()).noneMatch((name) -> name.toLowerCase().startsWith("matched-"));
		ZonedDateTime date = ZonedDateTime.parse(response.headers().firstValue("Date").orElseThrow(),
				DateTimeFormatter.RFC_1123_DATE_TIME);
		ZonedDateTime modified = ZonedDateTime.parse(response.headers().firstValue("Last-Modified").orElseThrow(),
				DateTimeFormatter.RFC_1123_DATE_TIME);
		assertThat(modified).isBefore(date);
		assertThat(response.headers().firstValue("Date").orElseThrow())
			.matches("(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT");
	}

	@Test
	void errorsAreFramedAsEc2FramesThem(ImdsSimulator imds) throws Exception {
		ImdsHttp http = new ImdsHttp(imds.endpoint());
		HttpResponse<String> response = http.get("no-such-thing", http.token());
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("text/html");
		assertThat(response.headers().firstValue("Server")).hasValue("EC2ws");
		assertThat(response.body()).contains("<title>404 - Not Found</title>");
		assertThat(response.headers().firstValue("Content-Length")).hasValue(Integer.toString(response.body().length()));
	}

	@Test
	void userDataIsOctetStream(ImdsSimulator imds) throws Exception {
		ImdsHttp http = new ImdsHttp(imds.endpoint());
		imds.userData(new byte[] { 1, 2, (byte) 0xFF });
		HttpResponse<byte[]> response = http.getBytes("/latest/user-data", http.token());
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
		assertThat(response.body()).containsExactly(1, 2, 0xFF);
		assertThat(http.body("/latest/").lines()).containsExactly("dynamic", "meta-data", "user-data");
	}

	@Test
	void jsonDocumentsArePrettyPrintedAsEc2PrintsThem(ImdsSimulator imds) throws Exception {
		ImdsHttp http = new ImdsHttp(imds.endpoint());
		assertThat(http.body("iam/security-credentials/sample-role")).startsWith("{\n  \"Code\" : \"Success\",\n");
		assertThat(http.body("/latest/dynamic/instance-identity/document"))
			.startsWith("{\n  \"accountId\" : \"123456789012\",\n")
			.contains("\n  \"billingProducts\" : null,\n");
		imds.spotInterruption("terminate", java.time.Instant.parse("2026-01-01T00:02:00Z"));
		assertThat(http.body("spot/instance-action"))
			.isEqualTo("{\"action\": \"terminate\", \"time\": \"2026-01-01T00:02:00Z\"}");
		assertThat(http.body("events/maintenance/scheduled")).isEqualTo("[]");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/latest/api/token", "/latest/api/token/", "/latest//api/token", "/2021-03-23/api/token" })
	void tokenIsIssuedOnItsPathWithOrWithoutTrailingSlash(String path, ImdsSimulator imds) throws Exception {
		ImdsHttp http = new ImdsHttp(imds.endpoint());
		HttpRequest request = HttpRequest.newBuilder(http.uri(path))
			.header("X-aws-ec2-metadata-token-ttl-seconds", "60")
			.PUT(HttpRequest.BodyPublishers.noBody())
			.build();
		HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(http.get("instance-id", response.body()).statusCode()).isEqualTo(200);
		assertThat(imds.tokenPuts()).isEqualTo(1);
	}

	@Test
	void allowHeaderNamesWhatIsAllowed(ImdsSimulator imds) throws Exception {
		ImdsHttp http = new ImdsHttp(imds.endpoint());
		HttpResponse<String> getToken = http.get(ImdsSimulator.TOKEN_PATH, null);
		assertThat(getToken.statusCode()).isEqualTo(405);
		assertThat(getToken.headers().firstValue("Allow")).hasValue("PUT");
		HttpRequest post = http.request("instance-id", http.token()).POST(HttpRequest.BodyPublishers.noBody()).build();
		HttpResponse<String> posted = http.send(post, HttpResponse.BodyHandlers.ofString());
		assertThat(posted.statusCode()).isEqualTo(405);
		assertThat(posted.headers().firstValue("Allow")).hasValue("GET, HEAD");
		HttpRequest head = http.request("instance-id", http.token())
			.method("HEAD", HttpRequest.BodyPublishers.noBody())
			.build();
		HttpResponse<String> headed = http.send(head, HttpResponse.BodyHandlers.ofString());
		assertThat(headed.statusCode()).isEqualTo(200);
		assertThat(headed.body()).isEmpty();
		assertThat(headed.headers().firstValue("Content-Length")).hasValue("19");
	}

	@Test
	void simulatorListensOnIpv6Loopback() throws Exception {
		try (ImdsSimulator ipv6 = ImdsSimulator.builder().ipv6(true).build().start()) {
			assertThat(ipv6.endpoint()).isEqualTo("http://[::1]:" + ipv6.port());
			assertThat(new ImdsHttp(ipv6.endpoint()).body("instance-id")).isEqualTo("i-0123456789abcdef0");
		}
	}

}
