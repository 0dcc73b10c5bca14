package io.github.imds.sample;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.imds.metadata.InstanceMetadata;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Shows what the starter injects: {@code ec2.*} properties through {@code @Value}, and the
 * {@link InstanceMetadata} bean.
 */
@RestController
class InstanceController {

	private final String instanceId;

	private final String region;

	private final String availabilityZone;

	private final InstanceMetadata metadata;

	InstanceController(@Value("${ec2.instance-id:local}") String instanceId, @Value("${ec2.region:local}") String region,
			@Value("${ec2.availability-zone:local}") String availabilityZone, InstanceMetadata metadata) {
		this.instanceId = instanceId;
		this.region = region;
		this.availabilityZone = availabilityZone;
		this.metadata = metadata;
	}

	@GetMapping("/")
	Map<String, Object> instance() {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("instanceId", this.instanceId);
		body.put("region", this.region);
		body.put("availabilityZone", this.availabilityZone);
		body.put("instanceType", this.metadata.instanceType().orElse("unknown"));
		body.put("vpcId", this.metadata.vpcId().orElse("unknown"));
		body.put("metadataKeys", this.metadata.size());
		return body;
	}

}
