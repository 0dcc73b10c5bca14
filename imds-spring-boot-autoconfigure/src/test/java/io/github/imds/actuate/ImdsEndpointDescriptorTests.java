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
import io.github.imds.metadata.InstanceMetadata;
import io.github.imds.ssrf.SsrfGuardStatus;
import io.github.imds.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for each part of {@link ImdsEndpoint}'s descriptor, with and without the optional sources (metadata,
 * credentials, lifecycle, SSRF guard), and for {@link ImdsEndpoint#refresh()} when the credentials refresh fails.
 */
class ImdsEndpointDescriptorTests {

	private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

	private final FakeImdsClient client = new FakeImdsClient(this.clock);

	private final ImdsRequestStatistics statistics = new ImdsRequestStatistics();

	private final ImdsProbe probe = new ImdsProbe(this.client, this.statistics, Duration.ofSeconds(30), this.clock);

	ImdsEndpointDescriptorTests() {
		this.client.addListener(this.statistics);
	}

	@Test
	void withoutOptionalSourcesTheirPartsAreAbsent() {
		ImdsEndpoint endpoint = new ImdsEndpoint(this.client, this.statistics, this.probe, null, null, null, null);
		ImdsEndpoint.ImdsDescriptor descriptor = endpoint.imds();
		assertThat(descriptor.metadata()).isNull();
		assertThat(descriptor.credentials()).isNull();
		assertThat(descriptor.lifecycle()).isNull();
		assertThat(descriptor.ssrfGuard()).isNull();
		assertThat(descriptor.lastError()).isNull();
		assertThat(descriptor.requests().total()).isZero();
		assertThat(descriptor.requests().lastAnswerAt()).isNull();
		assertThat(descriptor.requests().latency().count()).isZero();
	}

	@Test
	void platformEndpointAndTokenAreShownAsTheClientSeesThem() {
		this.client.validToken();
		ImdsEndpoint.ImdsDescriptor descriptor = new ImdsEndpoint(this.client, this.statistics, this.probe, null,
				null, null, null)
			.imds();
		assertThat(descriptor.platform()).isEqualTo(new ImdsEndpoint.Platform("AVAILABLE",
				"IMDS at http://127.0.0.1:1338 (imds.endpoint)", "SKIPPED", "platform detection skipped"));
		assertThat(descriptor.endpoint()).isEqualTo(new ImdsEndpoint.EndpointInfo("http://127.0.0.1:1338",
				"imds.endpoint"));
		assertThat(descriptor.token()).isEqualTo(new ImdsEndpoint.Token("VALID", this.clock.instant(),
				this.clock.instant().plusSeconds(21600), null));
	}

	@Test
	void lastErrorAndLatencyDescribeTheRequests() {
		this.client.traffic(RequestKind.METADATA, RequestOutcome.SUCCESS);
		this.clock.advance(Duration.ofSeconds(1));
		this.client.traffic(RequestKind.METADATA, RequestOutcome.CONNECTION_REFUSED);
		ImdsEndpoint.ImdsDescriptor descriptor = new ImdsEndpoint(this.client, this.statistics, this.probe, null,
				null, null, null)
			.imds();
		assertThat(descriptor.lastError()).isEqualTo(new ImdsEndpoint.LastError("metadata", "GET",
				"/latest/meta-data/ami-id", 0, RequestOutcome.CONNECTION_REFUSED.tag(),
				RequestOutcome.CONNECTION_REFUSED.tag(), this.clock.instant()));
		ImdsRequestStatistics.Latency latency = this.statistics.latency();
		assertThat(descriptor.requests().latency()).isEqualTo(new ImdsEndpoint.Latency(latency.count(),
				latency.p50Ms(), latency.p90Ms(), latency.p99Ms(), latency.maxMs()));
		assertThat(descriptor.requests().latency().count()).isEqualTo(2);
		assertThat(descriptor.requests().latency().maxMs()).isEqualTo(2.0);
		assertThat(descriptor.requests().lastAnswerAt()).isEqualTo(this.clock.instant().minusSeconds(1));
		assertThat(descriptor.diagnosis().code()).isEqualTo("connection-refused");
	}

	@Test
	void ssrfGuardStatusIsShownOnceSet() {
		ImdsEndpoint endpoint = new ImdsEndpoint(this.client, this.statistics, this.probe, null, null, null, null);
		SsrfGuardStatus status = new SsrfGuardStatus(true, "guarding", "block", 3, "169.254.169.254", "imds",
				this.clock.instant());
		endpoint.setSsrfGuard(() -> status);
		assertThat(endpoint.imds().ssrfGuard()).isEqualTo(status);
		endpoint.setSsrfGuard(null);
		assertThat(endpoint.imds().ssrfGuard()).isNull();
	}

	@Test
	void refreshProbesEvenWhenTheCredentialsRefreshFails() {
		AtomicInteger refreshes = new AtomicInteger();
		ImdsEndpoint endpoint = new ImdsEndpoint(this.client, this.statistics, this.probe, null, null, () -> {
			refreshes.incrementAndGet();
			throw new IllegalStateException("refresh failed");
		}, null);
		assertThat(endpoint.refresh().diagnosis()).isNotNull();
		assertThat(refreshes).hasValue(1);
		assertThat(this.client.gets).hasValue(1);
	}

	@Test
	void refreshWithoutCredentialsProbes() {
		ImdsEndpoint endpoint = new ImdsEndpoint(this.client, this.statistics, this.probe, null, null, null, null);
		endpoint.refresh();
		assertThat(this.client.gets).hasValue(1);
	}

	@Test
	void metadataSummaryIsAbsentOnlyForMetadataNeverLoaded() {
		assertThat(ImdsEndpoint.MetadataSummary.of(null)).isNull();
		assertThat(ImdsEndpoint.MetadataSummary.of(InstanceMetadata.empty())).isNull();
		Instant loadedAt = Instant.parse("2026-01-01T00:00:00Z");
		assertThat(ImdsEndpoint.MetadataSummary.of(InstanceMetadata.of(Map.of(), loadedAt)))
			.isEqualTo(new ImdsEndpoint.MetadataSummary(null, null, null, null, 0, loadedAt, List.of()));
		assertThat(ImdsEndpoint.MetadataSummary.of(InstanceMetadata.of(Map.of(), Instant.EPOCH,
				List.of("ec2.instance-id: timed out"), List.of())))
			.extracting(ImdsEndpoint.MetadataSummary::failures)
			.isEqualTo(List.of("ec2.instance-id: timed out"));
		assertThat(ImdsEndpoint.MetadataSummary.of(InstanceMetadata.of(Map.of("ec2.instance-id", "i-0fake"),
				Instant.EPOCH)))
			.extracting(ImdsEndpoint.MetadataSummary::keys)
			.isEqualTo(1);
	}

	@Test
	void metadataSummaryNamesTheInstance() {
		Instant loadedAt = Instant.parse("2026-01-01T00:00:00Z");
		InstanceMetadata metadata = InstanceMetadata.of(Map.of("ec2.instance-id", "i-0fake", "ec2.region",
				"eu-west-1", "ec2.availability-zone", "eu-west-1a", "ec2.instance-type", "m5.large"), loadedAt);
		assertThat(ImdsEndpoint.MetadataSummary.of(metadata)).isEqualTo(new ImdsEndpoint.MetadataSummary("i-0fake",
				"eu-west-1", "eu-west-1a", "m5.large", 4, loadedAt, List.of()));
	}

}
