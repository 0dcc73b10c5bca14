package io.github.imds.client;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.ScenarioMappingBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.github.imds.client.ImdsTestSupport.INSTANCE_ID;
import static io.github.imds.client.ImdsTestSupport.INSTANCE_ID_PATH;
import static io.github.imds.client.ImdsTestSupport.TOKEN;
import static io.github.imds.client.ImdsTestSupport.TOKEN_HEADER;
import static io.github.imds.client.ImdsTestSupport.TOKEN_PATH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The fault cases of the AWS SDKs' IMDS client tests, in our words, against a loopback WireMock: what one
 * {@link ImdsClient#get} gives and exactly which requests it sends. Sources (column 2):
 * <ul>
 * <li>{@code java-cred}: aws/aws-sdk-java-v2
 * {@code core/auth/src/test/java/software/amazon/awssdk/auth/credentials/InstanceProfileCredentialsProviderTest.java};</li>
 * <li>{@code java-imds}: aws/aws-sdk-java-v2
 * {@code core/imds/src/test/java/software/amazon/awssdk/imds/internal/Ec2MetadataEndpointProviderTest.java}
 * (the {@code Ec2MetadataClient} retry cases).</li>
 * </ul>
 * A row whose result starts with {@code DIFFERS} is a case where we deliberately do otherwise (default
 * {@code imds.v1-fallback=false}; a 401 renews the token once, as Go v2 and botocore do); see
 * docs/reliability.md, "Shared SDK cases". The credentials-level cases (empty and invalid credentials
 * documents, expired credentials fetched once, call frequency) are in
 * {@code io.github.imds.credentials.SdkProviderCasesTests}.
 */
class SdkFaultCasesTests {

	@RegisterExtension
	static WireMockExtension wm = ImdsTestSupport.loopbackWireMock();

	/**
	 * Columns: case, source, answers to the PUT, answers to the GET (each {@code status} or {@code hang} or
	 * {@code 200:body}, in order, the last repeated), {@code imds.v1-fallback}, {@code AWS_EC2_METADATA_V1_DISABLED},
	 * the result ({@code value}, {@code absent}, or the exception's simple name), PUTs, GETs with a token, GETs
	 * without one.
	 */
	@ParameterizedTest(name = "{0} [{1}]")
	@CsvSource(delimiter = '|', nullValues = "-", textBlock = """
			token 400: fails, no data GET                   | java-cred: resolveCredentials_queriesTokenResource_400Error_throws               | 400         | 200         | true  | -    | ImdsTokenException                  | 1 | 0 | 0
			token 403 with fallback: IMDSv1                 | java-cred: resolveCredentials_queriesTokenResource_40xError_fallbackToInsecure   | 403         | 200         | true  | -    | value                               | 1 | 0 | 1
			token 404 with fallback: IMDSv1                 | java-cred: resolveCredentials_queriesTokenResource_40xError_fallbackToInsecure   | 404         | 200         | true  | -    | value                               | 1 | 0 | 1
			token 405 with fallback: IMDSv1                 | java-cred: resolveCredentials_queriesTokenResource_40xError_fallbackToInsecure   | 405         | 200         | true  | -    | value                               | 1 | 0 | 1
			token 403 by default                            | java-cred: resolveCredentials_queriesTokenResource_40xError_fallbackToInsecure   | 403         | 200         | false | -    | DIFFERS ImdsTokenException          | 1 | 0 | 0
			token 403, IMDSv1 disabled by the environment   | java-cred: resolveCredentials_fallbackToInsecureDisabledThroughProperty_throwsWhenTokenFails | 403 | 200   | true  | true | ImdsTokenException                  | 1 | 0 | 0
			token 404, IMDSv1 disabled by the environment   | java-cred: resolveCredentials_fallbackToInsecureDisabledThroughProperty_throwsWhenTokenFails | 404 | 200   | true  | true | ImdsTokenException                  | 1 | 0 | 0
			token 405, IMDSv1 disabled by the environment   | java-cred: resolveCredentials_fallbackToInsecureDisabledThroughProperty_throwsWhenTokenFails | 405 | 200   | true  | true | ImdsTokenException                  | 1 | 0 | 0
			IMDSv1 disabled, token served                   | java-cred: resolveCredentials_fallbackToInsecureDisabledThroughProperty_returnsCredentialsWhenTokenReturned | 200 | 200 | true | true | value                         | 1 | 1 | 0
			token PUT times out with fallback: IMDSv1       | java-cred: resolveCredentials_queriesTokenResource_socketTimeout_fallbackToInsecure | hang     | 200         | true  | -    | value                               | 1 | 0 | 1
			token PUT times out by default                  | java-cred: resolveCredentials_queriesTokenResource_socketTimeout_fallbackToInsecure | hang     | 200         | false | -    | DIFFERS ImdsTokenException          | 1 | 0 | 0
			token PUT 5xx every time: retried, no GET       | java-imds: getToken_failsThriceWithFixedDelay                                     | 500         | 200         | false | -    | ImdsTokenException                  | 3 | 0 | 0
			token PUT 5xx once: retried                     | java-imds: getToken_failsOnceThenSucceedOnSecondAttempt                           | 500,200     | 200         | false | -    | value                               | 2 | 1 | 0
			GET 5xx every time: retried                     | java-imds: get_failsThriceWithFixedDelay                                          | 200         | 500         | false | -    | ImdsHttpException                   | 1 | 3 | 0
			GET 5xx once: retried                           | java-imds: get_failsOnceThenSucceedOnSecondAttempt                                | 200         | 503,200     | false | -    | value                               | 1 | 2 | 0
			GET times out every time: retried               | java-imds: get_failsThriceWithFixedDelay (socket timeout)                         | 200         | hang        | false | -    | ImdsConnectionException             | 1 | 3 | 0
			GET 404: not retried, absent                    | java-imds: get_doesNotRetryOn404                                                  | 200         | 404         | false | -    | absent                              | 1 | 1 | 0
			GET 401 once: the token is renewed, once        | java-imds: get_doesNotRetryOn401                                                  | 200         | 401,200     | false | -    | DIFFERS value                       | 2 | 2 | 0
			GET 401 every time: renewed once, then fails    | java-imds: get_doesNotRetryOn401                                                  | 200         | 401         | false | -    | DIFFERS ImdsHttpException           | 2 | 2 | 0
			token PUT 401: not retried, no GET              | java-imds: getToken_doesNotRetryOn401                                             | 401         | 200         | false | -    | ImdsTokenException                  | 1 | 0 | 0
			token PUT 403: not retried, no GET              | java-imds: getToken_doesNotRetryOn403                                             | 403         | 200         | false | -    | ImdsTokenException                  | 1 | 0 | 0
			token PUT: no response, then served            | java-imds: get_whenGetTokenFailsOnceThenOk_shouldSucceedOnSecondAttempt        | no-response,200 | 200     | false | -    | value                               | 2 | 1 | 0
			token PUT: broken chunk, reset, then served     | java-imds: getToken_failedTwice_shouldSucceedOnThirdAttempt                      | bad-chunk,reset,200 | 200 | false | -    | value                               | 3 | 1 | 0
			GET: random data then close, then served        | java-imds: get_failsOnceThenSucceedOnSecondAttempt (RANDOM_DATA_THEN_CLOSE)      | 200         | garbage,200 | false | -    | value                               | 1 | 2 | 0
			token body empty: fails, no GET                 | ours: IMDS-FACTS "200: body is the token"                                        | 200:        | 200         | false | -    | ImdsTokenException                  | 1 | 0 | 0
			""")
	void getAnswersAndSendsExactlyTheseRequests(String name, String source, String putAnswers, String getAnswers,
			boolean v1Fallback, @Nullable String v1Disabled, String result, int puts, int tokenGets, int plainGets) {
		stub(() -> put(TOKEN_PATH), "put", putAnswers, TOKEN);
		stub(() -> get(INSTANCE_ID_PATH).withHeader(TOKEN_HEADER, equalTo(TOKEN)), "get", getAnswers, INSTANCE_ID);
		stub(() -> get(INSTANCE_ID_PATH).withHeader(TOKEN_HEADER, absent()), "get-v1", getAnswers, INSTANCE_ID);
		AwsSdkSettings sdk = (v1Disabled != null)
				? AwsSdkSettings.of(Map.of(), Map.of("AWS_EC2_METADATA_V1_DISABLED", v1Disabled)) : AwsSdkSettings.none();
		String expected = result.startsWith("DIFFERS ") ? result.substring("DIFFERS ".length()) : result;
		try (ImdsClient client = ImdsTestSupport.builder(wm)
			.sdkSettings(sdk)
			.v1Fallback(v1Fallback)
			.maxAttempts(3)
			.readTimeout(Duration.ofMillis(500))
			.build()) {
			String outcome = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> outcome(client));
			assertThat(outcome).isEqualTo(expected);
		}
		wm.verify(exactly(puts), putRequestedFor(urlEqualTo(TOKEN_PATH)));
		wm.verify(exactly(tokenGets), getRequestedFor(urlEqualTo(INSTANCE_ID_PATH)).withHeader(TOKEN_HEADER, equalTo(TOKEN)));
		wm.verify(exactly(plainGets), getRequestedFor(urlEqualTo(INSTANCE_ID_PATH)).withHeader(TOKEN_HEADER, absent()));
	}

	private static String outcome(ImdsClient client) {
		try {
			return client.get(INSTANCE_ID_PATH).map((response) -> {
				assertThat(response.asString()).isEqualTo(INSTANCE_ID);
				return "value";
			}).orElse("absent");
		}
		catch (ImdsException ex) {
			assertThat(ex.getMessage()).doesNotContain(TOKEN);
			return ex.getClass().getSimpleName();
		}
	}

	/** Stubs a sequence of answers with a scenario; the last answer repeats. */
	private static void stub(Supplier<MappingBuilder> request, String scenario, String answers, String body) {
		List<String> steps = List.of(answers.split(","));
		for (int i = 0; i < steps.size(); i++) {
			String state = (i == 0) ? Scenario.STARTED : scenario + "-" + i;
			ScenarioMappingBuilder step = request.get()
				.inScenario(scenario).whenScenarioStateIs(state).willReturn(answer(steps.get(i), body));
			if (i + 1 < steps.size()) {
				step = step.willSetStateTo(scenario + "-" + (i + 1));
			}
			wm.stubFor(step);
		}
	}

	private static ResponseDefinitionBuilder answer(String step, String body) {
		String trimmed = step.trim();
		if (trimmed.equals("hang")) {
			return aResponse().withStatus(200).withBody(body).withFixedDelay(5000);
		}
		if (trimmed.equals("no-response")) {
			return aResponse().withFault(Fault.EMPTY_RESPONSE);
		}
		if (trimmed.equals("garbage")) {
			return aResponse().withFault(Fault.RANDOM_DATA_THEN_CLOSE);
		}
		if (trimmed.equals("bad-chunk")) {
			return aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK);
		}
		if (trimmed.equals("reset")) {
			return aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER);
		}
		if (trimmed.startsWith("200:")) {
			return aResponse().withStatus(200).withBody(trimmed.substring(4));
		}
		int status = Integer.parseInt(trimmed);
		return (status == 200) ? aResponse().withStatus(200).withBody(body)
				.withHeader("X-aws-ec2-metadata-token-ttl-seconds", "21600") : aResponse().withStatus(status);
	}

}
