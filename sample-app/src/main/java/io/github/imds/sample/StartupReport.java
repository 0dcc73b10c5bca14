package io.github.imds.sample;

import io.github.imds.metadata.InstanceMetadata;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Prints the injected values once the application has started.
 */
@Component
class StartupReport implements ApplicationRunner {

	private static final Log logger = LogFactory.getLog(StartupReport.class);

	private final String instanceId;

	private final String region;

	private final String accountId;

	private final InstanceMetadata metadata;

	StartupReport(@Value("${ec2.instance-id:local}") String instanceId, @Value("${ec2.region:local}") String region,
			@Value("${ec2.account-id:unknown}") String accountId, InstanceMetadata metadata) {
		this.instanceId = instanceId;
		this.region = region;
		this.accountId = accountId;
		this.metadata = metadata;
	}

	@Override
	public void run(ApplicationArguments args) {
		logger.info("ec2.instance-id=%s ec2.region=%s ec2.account-id=%s instance-type=%s (%d ec2.* keys)".formatted(
				this.instanceId, this.region, this.accountId, this.metadata.instanceType().orElse("unknown"),
				this.metadata.size()));
	}

}
