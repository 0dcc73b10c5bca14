package io.github.imds.observation;

import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.imds.test.EnableImdsSimulator;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code imds.request} observations as OpenTelemetry spans through Spring Boot's OpenTelemetry tracing
 * support, against the IMDS simulator, exported to an in-memory exporter: the startup load's spans carry the
 * times the client measured, and the resource carries the EC2 attributes while keeping the one the user set.
 */
// generous budgets: the assertions need the whole startup load, also on a loaded machine
@SpringBootTest(properties = { "imds.credentials.enabled=false", "imds.lifecycle.enabled=false",
		"imds.metadata.startup-timeout=30s", "imds.read-timeout=10s",
		"management.tracing.sampling.probability=1.0",
		"management.opentelemetry.resource-attributes.host.type=configured-by-user" })
@EnableImdsSimulator
class ImdsOpenTelemetrySpringBootTests {

	@Autowired
	InMemorySpanExporter exporter;

	@Autowired
	SdkTracerProvider tracerProvider;

	@Autowired
	MeterRegistry meters;

	@Autowired
	Resource resource;

	@Test
	void startupTokenRequestIsAClientSpanWithTheMeasuredTimes() {
		SpanData token = single(imdsSpans("imds token"));
		assertThat(token.getKind()).isEqualTo(SpanKind.CLIENT);
		assertThat(token.getAttributes().get(AttributeKey.stringKey("kind"))).isEqualTo("token");
		assertThat(token.getAttributes().get(AttributeKey.stringKey("outcome"))).isEqualTo("success");
		assertThat(token.getAttributes().get(AttributeKey.stringKey("status"))).isEqualTo("200");
		assertThat(token.getStatus().getStatusCode()).isNotEqualTo(StatusCode.ERROR);
		Timer timer = this.meters.get("imds.requests").tags("kind", "token").timer();
		assertThat(timer.count()).isOne();
		// span and timer hold the same duration, the client's, not the instant of the replay
		long spanNanos = token.getEndEpochNanos() - token.getStartEpochNanos();
		assertThat(spanNanos).isPositive().isEqualTo((long) timer.totalTime(TimeUnit.NANOSECONDS));
	}

	@Test
	void everyRequestIsASpanWithoutPathsOrInstanceIds() {
		List<SpanData> spans = imdsSpans(null);
		assertThat(spans).hasSizeGreaterThan(10);
		assertThat(spans).allSatisfy((span) -> {
			assertThat(span.getName()).startsWith("imds ");
			span.getAttributes().forEach((key, value) -> assertThat(String.valueOf(value)).doesNotContain("/")
				.doesNotContain("i-0123456789abcdef0"));
		});
	}

	@Test
	void resourceCarriesTheEc2AttributesAndKeepsTheUsersOwn() {
		Attributes attributes = single(imdsSpans("imds token")).getResource().getAttributes();
		assertThat(attributes.get(AttributeKey.stringKey("cloud.provider"))).isEqualTo("aws");
		assertThat(attributes.get(AttributeKey.stringKey("cloud.platform"))).isEqualTo("aws_ec2");
		assertThat(attributes.get(AttributeKey.stringKey("cloud.region"))).isEqualTo("us-east-1");
		assertThat(attributes.get(AttributeKey.stringKey("cloud.availability_zone"))).isEqualTo("us-east-1a");
		assertThat(attributes.get(AttributeKey.stringKey("cloud.account.id"))).isEqualTo("123456789012");
		assertThat(attributes.get(AttributeKey.stringKey("host.id"))).isEqualTo("i-0123456789abcdef0");
		assertThat(attributes.get(AttributeKey.stringKey("host.image.id"))).isEqualTo("ami-0abcdef1234567890");
		assertThat(attributes.get(AttributeKey.stringKey("host.type"))).isEqualTo("configured-by-user");
		assertThat(this.resource.getAttributes().get(AttributeKey.stringKey("host.id"))).isEqualTo("i-0123456789abcdef0");
	}

	private List<SpanData> imdsSpans(String name) {
		assertThat(this.tracerProvider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
		return this.exporter.getFinishedSpanItems()
			.stream()
			.filter((span) -> (name != null) ? span.getName().equals(name) : span.getName().startsWith("imds "))
			.toList();
	}

	private static SpanData single(List<SpanData> spans) {
		assertThat(spans).hasSize(1);
		return spans.get(0);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class TestApplication {

		@Bean
		InMemorySpanExporter inMemorySpanExporter() {
			return InMemorySpanExporter.create();
		}

	}

}
