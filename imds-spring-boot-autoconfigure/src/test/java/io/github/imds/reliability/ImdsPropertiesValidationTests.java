package io.github.imds.reliability;

import java.util.ArrayList;
import java.util.List;

import io.github.imds.client.ImdsClient;
import io.github.imds.test.EnableImdsSimulator;
import io.github.imds.test.ImdsSimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Every {@code imds.*} setting with a bad value fails startup, and both the exception and the failure report
 * a user reads ("APPLICATION FAILED TO START") name the property and the accepted range. Boundary values
 * start.
 */
@ExtendWith(OutputCaptureExtension.class)
@EnableImdsSimulator
class ImdsPropertiesValidationTests {

	private final ImdsSimulator imds;

	ImdsPropertiesValidationTests(ImdsSimulator imds) {
		this.imds = imds;
	}

	@ParameterizedTest(name = "{0}={1}")
	@CsvSource(delimiter = '|', textBlock = """
			imds.token-ttl                        | 0s                       | 1s and 6h
			imds.token-ttl                        | -5s                      | 1s and 6h
			imds.token-ttl                        | 7h                       | 1s and 6h
			imds.connect-timeout                  | 0ms                      | more than 0 and at most 1m
			imds.connect-timeout                  | -1s                      | more than 0 and at most 1m
			imds.connect-timeout                  | 2m                       | more than 0 and at most 1m
			imds.read-timeout                     | 0s                       | more than 0 and at most 1m
			imds.read-timeout                     | 61s                      | more than 0 and at most 1m
			imds.max-attempts                     | 0                        | between 1 and 10
			imds.max-attempts                     | 11                       | between 1 and 10
			imds.max-attempts                     | -1                       | between 1 and 10
			imds.endpoint                         | ftp://127.0.0.1:1338     | http://host[:port]
			imds.endpoint                         | https://127.0.0.1:1338   | http://host[:port]
			imds.endpoint                         | http://127.0.0.1:1/latest | http://host[:port]
			imds.endpoint                         | http://127.0.0.1:1?a=b   | http://host[:port]
			imds.endpoint                         | http://                  | http://host[:port]
			imds.endpoint                         | not an endpoint          | http://host[:port]
			imds.endpoint-mode                    | bogus                    | IPV6
			imds.platform-detection               | bogus                    | OFF
			imds.metadata.user-data               | bogus                    | PROPERTIES
			imds.metadata.startup-timeout         | 0s                       | more than 0
			imds.metadata.startup-timeout         | -2s                      | more than 0
			imds.credentials.refresh-before-expiry | -1m                     | more than 0
			imds.credentials.refresh-before-expiry | 0s                      | more than 0
			imds.health.max-staleness             | -1s                      | 0 or more
			imds.health.down-after                | -1s                      | 0 or more
			imds.lifecycle.poll-interval          | 0s                       | at least 1ms
			imds.lifecycle.poll-interval          | -5s                      | at least 1ms
			""")
	void badValueFailsStartupNamingThePropertyAndTheAcceptedRange(String property, String value, String range,
			CapturedOutput output) {
		Throwable failure = catchThrowable(
				() -> ReliabilityApplication.start(ReliabilityApplication.onSimulator(imds, "--" + property + "=" + value)));
		assertThat(failure).as("startup with %s=%s", property, value).isNotNull();
		assertThat(messages(failure)).contains(property);
		String report = output.getOut() + output.getErr();
		assertThat(report).contains("APPLICATION FAILED TO START");
		String analysis = report.substring(report.lastIndexOf("APPLICATION FAILED TO START"));
		assertThat(analysis).contains(property).contains(range);
		// the report is the analysis, not a raw stack trace
		assertThat(analysis).contains("Action:");
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://user:fake-password@127.0.0.1:1", "http://user:fake-password@bad_host:1",
			"http://user:fake-password@127.0.0.1:1/latest", "ftp://user:fake-password@127.0.0.1:1" })
	void endpointWithUserInfoFailsStartupWithoutEchoingThePassword(String endpoint, CapturedOutput output) {
		Throwable failure = catchThrowable(() -> ReliabilityApplication
			.start(ReliabilityApplication.on("http://127.0.0.1:1", "--imds.endpoint=" + endpoint)));
		assertThat(messages(failure)).contains("imds.endpoint").doesNotContain("fake-password");
		assertThat(output).contains("APPLICATION FAILED TO START").doesNotContain("fake-password");
	}

	@Test
	void lowestAcceptedValuesStart() {
		try (ConfigurableApplicationContext context = ReliabilityApplication.run(ReliabilityApplication.onSimulator(imds,
				"--imds.token-ttl=1s",
				"--imds.max-attempts=1", "--imds.metadata.startup-timeout=1ms",
				"--imds.credentials.refresh-before-expiry=1ms", "--imds.health.max-staleness=0s", "--imds.health.down-after=0s",
				"--imds.lifecycle.poll-interval=1ms", "--imds.lifecycle.enabled=false"))) {
			assertThat(context.getBean(ImdsClient.class).settings().maxAttempts()).isOne();
		}
	}

	@Test
	void highestAcceptedValuesStart() {
		try (ConfigurableApplicationContext context = ReliabilityApplication.run(ReliabilityApplication.onSimulator(imds,
				"--imds.token-ttl=6h", "--imds.max-attempts=10", "--imds.credentials.refresh-before-expiry=6h",
				"--imds.health.max-staleness=1h", "--imds.lifecycle.poll-interval=1h", "--imds.endpoint-mode=IPv6",
				"--imds.metadata.user-data=properties"))) {
			assertThat(context.getBean(ImdsClient.class).settings().maxAttempts()).isEqualTo(10);
			assertThat(context.getEnvironment().getProperty("ec2.instance-id")).isNotNull();
		}
	}

	private static String messages(Throwable failure) {
		List<String> messages = new ArrayList<>();
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			messages.add(String.valueOf(cause.getMessage()));
		}
		return String.join(" | ", messages);
	}

}
