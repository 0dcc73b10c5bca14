package io.github.imds.autoconfigure;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import io.github.imds.client.ImdsAvailability;
import io.github.imds.client.ImdsClient;
import io.github.imds.client.ImdsClientSettings;
import io.github.imds.client.ImdsRequestListener;
import io.github.imds.client.ImdsResponse;
import io.github.imds.client.ResolvedEndpoint;
import io.github.imds.client.TokenStatus;
import io.github.imds.test.ImdsSimulator;
import io.github.imds.test.ImdsSimulatorExtension;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * A startup load whose thread ends with an exception that is not an outcome of IMDS (a defect): it is
 * forgotten as a failed load is, and releasing it closes its client, also where it would otherwise stay for a
 * devtools restart (each restart would reuse, and fail with, the same exception).
 */
@Timeout(60)
class ImdsStartupLoadDefectTests {

	@RegisterExtension
	static final ImdsSimulatorExtension simulator = ImdsSimulatorExtension.create();

	@Test
	void aLoadThatEndsWithADefectIsForgottenAndReleasedLikeAFailedOne(ImdsSimulator imds) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new MapPropertySource("test", Map.of("imds.endpoint", imds.endpointUri().toString(),
					"imds.platform-detection", "off", "imds.token-ttl", "24m")));
		ImdsProperties properties = ImdsClientFactory.bind(environment);
		DefectiveClient client = new DefectiveClient(ImdsClientFactory.create(properties, environment));
		AtomicReference<ImdsStartupLoad> forgotten = new AtomicReference<>();
		ImdsStartupLoad load = ImdsStartupLoad.start(client, properties,
				LogFactory.getLog(ImdsStartupLoadDefectTests.class), true, forgotten::set);
		load.acquire();
		assertThatIllegalStateException().isThrownBy(load::await).withMessage("a defect in the load");
		assertThat(forgotten.get()).as("forgotten, so that no later run shares it").isSameAs(load);
		assertThatNoException().isThrownBy(() -> SharedStartupLoads.release(load));
		assertThat(client.closed).isTrue();
	}

	private static final class DefectiveClient implements ImdsClient {

		private final ImdsClient client;

		private final AtomicBoolean closed = new AtomicBoolean();

		DefectiveClient(ImdsClient client) {
			this.client = client;
		}

		@Override
		public Optional<ImdsResponse> get(String path) {
			throw new IllegalStateException("a defect in the load");
		}

		@Override
		public ImdsAvailability availability() {
			return this.client.availability();
		}

		@Override
		public ResolvedEndpoint endpoint() {
			return this.client.endpoint();
		}

		@Override
		public TokenStatus tokenStatus() {
			return this.client.tokenStatus();
		}

		@Override
		public void addListener(ImdsRequestListener listener) {
			this.client.addListener(listener);
		}

		@Override
		public void removeListener(ImdsRequestListener listener) {
			this.client.removeListener(listener);
		}

		@Override
		public ImdsClientSettings settings() {
			return this.client.settings();
		}

		@Override
		public void close() {
			this.closed.set(true);
			this.client.close();
		}

	}

}
