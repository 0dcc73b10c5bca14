package io.github.imds.autoconfigure;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.imds.actuate.ImdsEndpoint;
import io.github.imds.credentials.CredentialsStatus;
import io.github.imds.credentials.RoleCredentials;
import io.github.imds.credentials.RoleCredentialsProvider;
import io.github.imds.metadata.InstanceMetadataChangedEvent;
import io.github.imds.test.EnableImdsSimulator;
import io.github.imds.test.ImdsSimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /actuator/imds} where the metadata refresh fails (here a listener of
 * {@link InstanceMetadataChangedEvent}; also a failing rebind or {@code @RefreshScope} bean): a WARN names the
 * cause, the response's {@code metadata.failures} shows it, and the credentials refresh still runs.
 */
@SpringBootTest(classes = ImdsEndpointRefreshFailureTests.TestApplication.class,
		properties = { "imds.credentials.enabled=false", "imds.lifecycle.enabled=false", "imds.read-timeout=10s",
				"imds.metadata.startup-timeout=20s", "management.endpoints.web.exposure.include=imds" })
@EnableImdsSimulator(tagsInMetadata = true)
@ExtendWith(OutputCaptureExtension.class)
class ImdsEndpointRefreshFailureTests {

	private static final String FAILURE = "fake listener failure";

	@Autowired
	ImdsEndpoint endpoint;

	@Autowired
	AtomicInteger credentialsRefreshes;

	@Test
	void failingMetadataRefreshIsReportedByTheEndpoint(ImdsSimulator imds, CapturedOutput output) {
		imds.tag("Name", "renamed-instance");
		ImdsEndpoint.ImdsDescriptor response = this.endpoint.refresh();
		assertThat(output.getAll()).contains("EC2 instance metadata refresh by POST /actuator/imds failed")
			.contains("IllegalStateException: " + FAILURE);
		assertThat(response.metadata()).isNotNull();
		assertThat(response.metadata().failures()).containsExactly("refresh failed: IllegalStateException: " + FAILURE);
		assertThat(this.credentialsRefreshes).hasValue(1);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class TestApplication {

		@Bean
		AtomicInteger credentialsRefreshes() {
			return new AtomicInteger();
		}

		@Bean
		RoleCredentialsProvider countingCredentials(AtomicInteger credentialsRefreshes) {
			return new RoleCredentialsProvider() {

				@Override
				public RoleCredentials getCredentials() {
					throw new UnsupportedOperationException("not used");
				}

				@Override
				public CredentialsStatus status() {
					return CredentialsStatus.notUsed("application");
				}

				@Override
				public CompletableFuture<CredentialsStatus> refreshNow() {
					credentialsRefreshes.incrementAndGet();
					return CompletableFuture.completedFuture(status());
				}

			};
		}

		@Bean
		Object failingListener() {
			return new Object() {

				@EventListener
				void on(InstanceMetadataChangedEvent event) {
					throw new IllegalStateException(FAILURE);
				}

			};
		}

	}

}
