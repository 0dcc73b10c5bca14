package io.github.imds.test;

/**
 * The instance an {@link ImdsSimulator} starts with: one consistent, obviously fake
 * {@code m5.large} in {@code us-east-1a} with two network interfaces, an instance profile
 * and two tags (readable once tags in metadata are enabled), as the categories of
 * https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/instancedata-data-categories.html
 * describe them.
 */
final class DefaultInstance {

	static final String INSTANCE_ID = "i-0123456789abcdef0";

	static final String ACCOUNT_ID = "123456789012";

	static final String REGION = "us-east-1";

	static final String ROLE = "sample-role";

	static final String PRIMARY_MAC = "0e:1a:2b:3c:4d:5e";

	static final String SECONDARY_MAC = "0e:1a:2b:3c:4d:5f";

	static final String PUBLIC_KEY_NAME = "my-key";

	private DefaultInstance() {
	}

	static void populate(InstanceModel model) {
		model.put("ami-id", "ami-0abcdef1234567890");
		model.put("ami-launch-index", "0");
		model.put("ami-manifest-path", "(unknown)");
		model.put("instance-action", "none");
		model.put("instance-id", INSTANCE_ID);
		model.put("instance-type", "m5.large");
		model.put("instance-life-cycle", "on-demand");
		model.put("local-ipv4", "10.0.1.10");
		model.put("public-ipv4", "203.0.113.10");
		model.put("mac", PRIMARY_MAC);
		model.put("security-groups", "web\ndefault");
		model.put("reservation-id", "r-0123456789abcdef0");
		model.put("system", "nitro");
		model.put("block-device-mapping/ami", "/dev/xvda");
		model.put("block-device-mapping/root", "/dev/xvda");
		// public-keys/ lists "0=my-key", public-keys/0/ lists "openssh-key" (InstanceModel)
		model.put("public-keys/0/openssh-key",
				"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKE " + PUBLIC_KEY_NAME);
		model.put("events/maintenance/history", "[]");
		model.put("tags/instance/Name", "sample-instance");
		model.put("tags/instance/Environment", "test");
		networkInterface(model, PRIMARY_MAC, 0, "eni-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60001", "10.0.1.0/24",
				"10.0.1.10", "sg-0a1b2c3d4e5f60001\nsg-0a1b2c3d4e5f60002");
		networkInterface(model, SECONDARY_MAC, 1, "eni-0a1b2c3d4e5f60002", "subnet-0a1b2c3d4e5f60002", "10.0.2.0/24",
				"10.0.2.20", "sg-0a1b2c3d4e5f60002");
		String primary = "network/interfaces/macs/" + PRIMARY_MAC + "/";
		model.put(primary + "public-ipv4s", "203.0.113.10");
		model.put(primary + "ipv4-associations/203.0.113.10", "10.0.1.10");
		model.put(InstanceModel.DYNAMIC + "instance-identity/signature", "RkFLRS1TSUdOQVRVUkUtTk9ULVZBTElE");
		model.put(InstanceModel.DYNAMIC + "instance-identity/pkcs7", "RkFLRS1QS0NTNy1OT1QtVkFMSUQ=");
		model.put(InstanceModel.DYNAMIC + "instance-identity/rsa2048", "RkFLRS1SU0EyMDQ4LU5PVC1WQUxJRA==");
		model.put(InstanceModel.DYNAMIC + "fws/instance-monitoring", "disabled");
	}

	private static void networkInterface(InstanceModel model, String mac, int device, String interfaceId,
			String subnetId, String subnetCidr, String localIpv4s, String securityGroupIds) {
		String prefix = "network/interfaces/macs/" + mac + "/";
		model.put(prefix + "device-number", Integer.toString(device));
		model.put(prefix + "interface-id", interfaceId);
		model.put(prefix + "mac", mac);
		model.put(prefix + "local-ipv4s", localIpv4s);
		model.put(prefix + "local-hostname", RegionNaming.privateHostname(localIpv4s, REGION));
		model.put(prefix + "owner-id", () -> InstanceModel.utf8(model.accountId()));
		model.put(prefix + "security-group-ids", securityGroupIds);
		model.put(prefix + "security-groups", (device == 0) ? "web\ndefault" : "default");
		model.put(prefix + "subnet-id", subnetId);
		model.put(prefix + "subnet-ipv4-cidr-block", subnetCidr);
		model.put(prefix + "vpc-id", "vpc-0a1b2c3d4e5f60001");
		model.put(prefix + "vpc-ipv4-cidr-block", "10.0.0.0/16");
		model.put(prefix + "vpc-ipv4-cidr-blocks", "10.0.0.0/16");
	}

}
