package io.github.imds.sample;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.imds.credentials.RoleCredentials;
import io.github.imds.credentials.RoleCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.providers.AwsRegionProvider;
import software.amazon.awssdk.services.s3.S3Client;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * An AWS SDK client built with no credentials or region configuration: both come from the starter's beans.
 * No request is sent to AWS; {@code GET /aws} shows what the client would sign with, never the secret.
 */
@RestController
class AwsClientController implements DisposableBean {

	private final @Nullable S3Client s3;

	private final ObjectProvider<RoleCredentialsProvider> roleCredentials;

	private final String notBuiltReason;

	AwsClientController(ObjectProvider<AwsCredentialsProvider> credentials, ObjectProvider<AwsRegionProvider> region,
			ObjectProvider<RoleCredentialsProvider> roleCredentials) {
		AwsCredentialsProvider credentialsProvider = credentials.getIfAvailable();
		AwsRegionProvider regionProvider = region.getIfAvailable();
		S3Client client = null;
		String reason = "the AWS SDK beans are not defined";
		if (credentialsProvider != null && regionProvider != null) {
			try {
				client = S3Client.builder()
					.credentialsProvider(credentialsProvider)
					.region(regionProvider.getRegion())
					.build();
			}
			catch (SdkClientException ex) {
				// Off EC2 (or with imds.enabled=false) and no aws.region / AWS_REGION / profile region: the
				// region chain has nothing to give; the application still starts and says why.
				reason = ex.getMessage();
			}
		}
		this.s3 = client;
		this.notBuiltReason = reason;
		this.roleCredentials = roleCredentials;
	}

	@GetMapping("/aws")
	Map<String, Object> aws() {
		Map<String, Object> body = new LinkedHashMap<>();
		RoleCredentialsProvider provider = this.roleCredentials.getIfAvailable();
		if (this.s3 == null || provider == null) {
			body.put("s3Client", "not built: " + this.notBuiltReason);
			return body;
		}
		RoleCredentials credentials = provider.getCredentials();
		body.put("s3ClientRegion", this.s3.serviceClientConfiguration().region().id());
		body.put("role", credentials.roleName());
		body.put("accessKeyId", credentials.maskedAccessKeyId());
		body.put("expiration", credentials.expiration().toString());
		return body;
	}

	@Override
	public void destroy() {
		if (this.s3 != null) {
			this.s3.close();
		}
	}

}
