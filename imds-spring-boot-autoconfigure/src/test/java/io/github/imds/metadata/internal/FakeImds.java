package io.github.imds.metadata.internal;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

/**
 * An IMDSv2-only fake on WireMock: a token PUT answers a fake token, a GET carrying it answers the stubbed
 * body or 404, anything else 401. Every value is obviously fake.
 */
final class FakeImds {

	static final String TOKEN = "fake-imds-token-for-tests";

	static final String TOKEN_HEADER = "X-aws-ec2-metadata-token";

	static final String TTL_HEADER = "X-aws-ec2-metadata-token-ttl-seconds";

	static final String PRIMARY_MAC = "0e:1a:2b:3c:4d:5e";

	static final String SECONDARY_MAC = "0e:99:88:77:66:55";

	static final String THIRD_MAC = "0e:33:44:55:66:77";

	static final String IDENTITY = """
			{"accountId":"123456789012","architecture":"x86_64","availabilityZone":"eu-west-1a",
			"billingProducts":null,"devpayProductCodes":null,"marketplaceProductCodes":null,
			"imageId":"ami-0fake00000000000a","instanceId":"i-0fake00000000000a","instanceType":"m5.large",
			"kernelId":null,"pendingTime":"2026-01-01T00:00:00Z","privateIp":"10.0.1.10","ramdiskId":null,
			"region":"eu-west-1","version":"2017-09-30"}""";

	static final String IAM_INFO = """
			{"Code":"Success","LastUpdated":"2026-01-01T00:00:00Z",
			"InstanceProfileArn":"arn:aws:iam::123456789012:instance-profile/fake-profile",
			"InstanceProfileId":"AIPAFAKEFAKEFAKEFAKE"}""";

	private final WireMockExtension wm;

	private final int delayMillis;

	private FakeImds(WireMockExtension wm, int delayMillis) {
		this.wm = wm;
		this.delayMillis = delayMillis;
		wm.stubFor(any(anyUrl()).atPriority(100).willReturn(delay(aResponse().withStatus(401))));
		wm.stubFor(get(anyUrl()).atPriority(90)
			.withHeader(TOKEN_HEADER, equalTo(TOKEN))
			.willReturn(delay(aResponse().withStatus(404))));
		wm.stubFor(put(urlEqualTo("/latest/api/token")).atPriority(1)
			.withHeader(TTL_HEADER, matching("[0-9]+"))
			.willReturn(delay(aResponse().withStatus(200).withHeader(TTL_HEADER, "21600").withBody(TOKEN))));
	}

	private ResponseDefinitionBuilder delay(ResponseDefinitionBuilder response) {
		// Only the round-trip measurement delays every answer alike.
		return (this.delayMillis > 0) ? response.withFixedDelay(this.delayMillis) : response;
	}

	/**
	 * A fake without any key: every GET with the token answers 404.
	 */
	static FakeImds empty(WireMockExtension wm) {
		return new FakeImds(wm, 0);
	}

	/**
	 * A realistic instance: identity document, the common leaves (no public IPv4: 404), two interfaces, tags
	 * with special characters, an instance profile, and keys that must never be read (credentials, spot,
	 * events, autoscaling, user data) stubbed so that reading them would go unnoticed but for verify.
	 */
	static FakeImds realistic(WireMockExtension wm) {
		return realistic(wm, 0);
	}

	static FakeImds realistic(WireMockExtension wm, int delayMillis) {
		FakeImds fake = new FakeImds(wm, delayMillis);
		fake.identity(IDENTITY)
			.metaData("ami-id", "ami-0fake00000000000a")
			.metaData("ami-launch-index", "0")
			.metaData("hostname", "ip-10-0-1-10.eu-west-1.compute.internal")
			.metaData("instance-id", "i-0fake00000000000a")
			.metaData("instance-type", "m5.large")
			.metaData("instance-life-cycle", "on-demand")
			.metaData("local-hostname", "ip-10-0-1-10.eu-west-1.compute.internal")
			.metaData("local-ipv4", "10.0.1.10")
			.metaData("mac", PRIMARY_MAC)
			.metaData("public-hostname", "")
			.metaData("security-groups", "fake-web\nfake-admin")
			.metaData("placement/availability-zone", "eu-west-1a")
			.metaData("placement/availability-zone-id", "euw1-az1")
			.metaData("placement/region", "eu-west-1")
			.metaData("services/domain", "amazonaws.com")
			.metaData("services/partition", "aws")
			.metaData("iam/info", IAM_INFO)
			.metaData("iam/", "info\nsecurity-credentials/")
			.metaData("iam/security-credentials/", "fake-role")
			.metaData("iam/security-credentials/fake-role", "{\"Code\":\"Success\",\"AccessKeyId\":\"ASIAFAKE\"}")
			.metaData("iam/security-credentials-extended/fake-role", "{\"Code\":\"Success\"}")
			.metaData("identity-credentials/ec2/security-credentials/ec2-instance", "{\"Code\":\"Success\"}")
			.metaData("spot/instance-action", "{\"action\":\"terminate\",\"time\":\"2026-01-01T00:00:00Z\"}")
			.metaData("events/recommendations/rebalance", "{\"noticeTime\":\"2026-01-01T00:00:00Z\"}")
			.metaData("autoscaling/target-lifecycle-state", "InService")
			.metaData("network/interfaces/macs/", PRIMARY_MAC + "/\n" + SECONDARY_MAC + "/")
			.networkInterface(PRIMARY_MAC, "0", "a", "10.0.1.10\n10.0.1.11")
			.networkInterface(SECONDARY_MAC, "1", "b", "10.0.2.20")
			.metaData("tags/instance", "Name\nEnvironment\naws:autoscaling:groupName\na+b=c@d,e.f")
			.metaData("tags/instance/Name", "fake-web-1")
			.metaData("tags/instance/Environment", "test")
			.metaData("tags/instance/aws:autoscaling:groupName", "fake-asg")
			.metaData("tags/instance/a+b=c@d,e.f", "special value")
			.metaData("block-device-mapping/", "ami\nroot\nebs1")
			.metaData("block-device-mapping/ami", "/dev/xvda")
			.metaData("block-device-mapping/root", "/dev/xvda")
			.metaData("block-device-mapping/ebs1", "sdb")
			.metaData("public-keys/", "0=fake-key")
			.metaData("public-keys/0/", "openssh-key")
			.metaData("public-keys/0/openssh-key", "ssh-ed25519 AAAAfakefakefake fake-key")
			.userData("#!/bin/bash\necho fake-user-data\n".getBytes());
		return fake;
	}

	FakeImds networkInterface(String mac, String deviceNumber, String suffix, String localIpv4s) {
		String base = "network/interfaces/macs/" + mac + "/";
		return metaData(base + "vpc-id", "vpc-0fake0000000000a")
			.metaData(base + "subnet-id", "subnet-0fake000000000" + suffix)
			.metaData(base + "vpc-ipv4-cidr-block", "10.0.0.0/16")
			.metaData(base + "interface-id", "eni-0fake00000000000" + suffix)
			.metaData(base + "security-group-ids", "sg-0fake00000000000" + suffix + "\nsg-0fake0000000000c" + suffix)
			.metaData(base + "local-ipv4s", localIpv4s)
			.metaData(base + "device-number", deviceNumber)
			.metaData(base + "owner-id", "123456789012");
	}

	FakeImds identity(String json) {
		return stub(MetadataPaths.IDENTITY_PATH, delay(aResponse().withStatus(200).withBody(json)));
	}

	FakeImds metaData(String relative, String body) {
		return stub(MetadataPaths.META_DATA + relative, delay(aResponse().withStatus(200).withBody(body)));
	}

	FakeImds userData(byte[] body) {
		return stub(MetadataPaths.USER_DATA_PATH, aResponse().withStatus(200).withBody(body));
	}

	FakeImds status(String path, int status) {
		return stub(path, aResponse().withStatus(status));
	}

	FakeImds delayed(String path, String body, int millis) {
		return stub(path, aResponse().withStatus(200).withBody(body).withFixedDelay(millis));
	}

	private FakeImds stub(String path, ResponseDefinitionBuilder response) {
		this.wm.stubFor(get(urlEqualTo(path)).atPriority(10)
			.withHeader(TOKEN_HEADER, equalTo(TOKEN))
			.willReturn(response));
		return this;
	}

}
