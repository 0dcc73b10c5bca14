package io.github.imds.actuate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.imds.actuate.internal.ImdsProbe;
import io.github.imds.client.RequestKind;
import io.github.imds.client.RequestOutcome;
import io.github.imds.client.internal.ImdsRequestStatistics;
import io.github.imds.credentials.CredentialsStatus;
import io.github.imds.lifecycle.LifecycleStatus;
import io.github.imds.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ImdsEndpoint}.
 */
class ImdsEndpointTests {

	private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

	private final FakeImdsClient client = new FakeImdsClient(this.clock);

	private final ImdsRequestStatistics statistics = new ImdsRequestStatistics();

	private final AtomicInteger refreshes = new AtomicInteger();

	private final CredentialsStatus credentials = new CredentialsStatus(CredentialsStatus.State.VALID,
			"sample-role", CredentialsStatus.mask("ASIAFAKE000000000001"), this.clock.instant().plusSeconds(3600),
			this.clock.instant(), this.clock.instant().plusSeconds(2700), 0, null, null, null, null, "instance-profile",
			Map.of());

	private final ImdsEndpoint endpoint = endpoint();

	private ImdsEndpoint endpoint() {
		this.client.addListener(this.statistics);
		ImdsProbe probe = new ImdsProbe(this.client, this.statistics, Duration.ofSeconds(30), this.clock);
		return new ImdsEndpoint(this.client, this.statistics, probe,
				() -> new ImdsEndpoint.MetadataSummary("i-0123456789abcdef0", "us-east-1", "us-east-1a", "m5.large", 42,
						this.clock.instant(), List.of()),
				() -> this.credentials, this.refreshes::incrementAndGet,
				() -> new LifecycleStatus(true, "on-demand", null, null, null, false, List.of(), false, null,
						this.clock.instant(), null, 0));
	}

	@Test
	void readShowsEverythingWithoutRequest() {
		this.client.validToken();
		this.client.traffic(RequestKind.TOKEN, RequestOutcome.SUCCESS);
		this.client.traffic(RequestKind.METADATA, RequestOutcome.THROTTLED);
		this.client.traffic(RequestKind.METADATA, RequestOutcome.SUCCESS);
		ImdsEndpoint.ImdsDescriptor descriptor = this.endpoint.imds();
		assertThat(this.client.gets).hasValue(0);
		assertThat(descriptor.platform().availability()).isEqualTo("AVAILABLE");
		assertThat(descriptor.endpoint().uri()).isEqualTo("http://127.0.0.1:1338");
		assertThat(descriptor.protocol()).isEqualTo("IMDSv2");
		assertThat(descriptor.token().state()).isEqualTo("VALID");
		assertThat(descriptor.metadata().instanceId()).isEqualTo("i-0123456789abcdef0");
		assertThat(descriptor.metadata().keys()).isEqualTo(42);
		assertThat(descriptor.credentials().accessKeyId()).isEqualTo("****0001");
		assertThat(descriptor.requests().total()).isEqualTo(3);
		assertThat(descriptor.requests().counts().get("metadata")).containsEntry("throttled", 1L)
			.containsEntry("success", 1L);
		assertThat(descriptor.lastError().outcome()).isEqualTo("throttled");
		assertThat(descriptor.lifecycle().instanceLifeCycle()).isEqualTo("on-demand");
		assertThat(descriptor.diagnosis().code()).isEqualTo("healthy");
	}

	@Test
	void refreshRefreshesCredentialsAndProbes() {
		this.endpoint.refresh();
		assertThat(this.refreshes).hasValue(1);
		assertThat(this.client.gets).hasValue(1);
	}

	@Test
	void refreshWhenImdsIsNotUsedSendsNothing() {
		this.client.availability = new io.github.imds.client.ImdsAvailability(
				io.github.imds.client.ImdsAvailability.State.DISABLED, "IMDS is disabled by imds.enabled=false",
				FakeImdsClient.AVAILABLE.detection());
		assertThat(this.endpoint.refresh().diagnosis().code()).isEqualTo("disabled");
		assertThat(this.refreshes).hasValue(0);
		assertThat(this.client.gets).hasValue(0);
	}

	@Test
	void maskKeepsTheLastFourCharacters() {
		assertThat(CredentialsStatus.mask("ASIAFAKE000000000001")).isEqualTo("****0001");
		assertThat(CredentialsStatus.mask("AB")).isEqualTo("****B");
		assertThat(CredentialsStatus.mask(null)).isNull();
	}

}
