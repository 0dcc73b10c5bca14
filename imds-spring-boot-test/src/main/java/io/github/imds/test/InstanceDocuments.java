package io.github.imds.test;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The JSON documents of an {@link InstanceModel}, computed from its state on every read:
 * the identity document, {@code iam/info}, the identity credentials' info and role or
 * instance credentials, in the fields and order of
 * https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/instancedata-data-categories.html.
 */
final class InstanceDocuments {

	private final InstanceModel model;

	private final Clock clock;

	InstanceDocuments(InstanceModel model, Clock clock) {
		this.model = model;
		this.clock = clock;
	}

	static byte[] iamInfo(String role, Instant updated, String accountId) {
		Map<String, Object> info = new LinkedHashMap<>();
		info.put("Code", "Success");
		info.put("LastUpdated", InstanceModel.format(updated));
		info.put("InstanceProfileArn", "arn:aws:iam::" + accountId + ":instance-profile/" + role);
		info.put("InstanceProfileId", "AIPAEXAMPLEFAKEID");
		return Ec2Json.pretty(info);
	}

	byte[] identityCredentialsInfo() {
		Map<String, Object> info = new LinkedHashMap<>();
		info.put("Code", "Success");
		info.put("LastUpdated", InstanceModel.format(this.model.launchTime()));
		info.put("AccountId", this.model.accountId());
		return Ec2Json.pretty(info);
	}

	byte[] identityDocument() {
		Map<String, Object> document = new LinkedHashMap<>();
		document.put("accountId", this.model.accountId());
		document.put("architecture", "x86_64");
		document.put("availabilityZone", this.model.value("placement/availability-zone"));
		document.put("billingProducts", null);
		document.put("devpayProductCodes", null);
		document.put("marketplaceProductCodes", null);
		document.put("imageId", this.model.value("ami-id"));
		document.put("instanceId", this.model.value("instance-id"));
		document.put("instanceType", this.model.value("instance-type"));
		document.put("kernelId", null);
		document.put("pendingTime", InstanceModel.format(this.model.launchTime()));
		document.put("privateIp", this.model.value("local-ipv4"));
		document.put("ramdiskId", null);
		document.put("region", this.model.value("placement/region"));
		document.put("version", "2017-09-30");
		return Ec2Json.pretty(document);
	}

	/**
	 * A credentials document; with an account id, the extended one.
	 */
	byte[] credentials(CredentialsIssuer.Issued current, @Nullable String accountId) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("Code", "Success");
		body.put("LastUpdated", InstanceModel.format(current.issued()));
		body.put("Type", "AWS-HMAC");
		body.put("AccessKeyId", current.accessKeyId());
		body.put("SecretAccessKey", current.secretAccessKey());
		body.put("Token", current.token());
		body.put("Expiration", InstanceModel.format(current.expiration()));
		if (accountId != null) {
			body.put("AccountId", accountId);
		}
		return Ec2Json.pretty(body);
	}

	/**
	 * A non-{@code Success} credentials answer: code, message, time, no keys.
	 */
	byte[] credentialsError(String code, @Nullable String message) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("Code", code);
		body.put("Message", (message != null) ? message : "");
		body.put("LastUpdated", InstanceModel.format(this.clock.instant()));
		return Ec2Json.pretty(body);
	}

}
