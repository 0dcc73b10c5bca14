package io.github.imds.client;

import java.net.URI;
import java.util.Locale;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Table tests for {@link RequestOutcome} and the hints of {@link ImdsHints}: what a status or a failed
 * connection is called, whether it is an answer, and which advice it gets.
 */
class RequestOutcomeTests {

	private static final ResolvedEndpoint ENDPOINT = new ResolvedEndpoint(URI.create("http://127.0.0.1:1338"),
			"imds.endpoint", false);

	@ParameterizedTest(name = "HTTP {0} is {1}")
	@CsvSource(textBlock = """
			199, CLIENT_ERROR
			200, SUCCESS
			204, SUCCESS
			299, SUCCESS
			300, CLIENT_ERROR
			400, CLIENT_ERROR
			401, UNAUTHORIZED
			403, FORBIDDEN
			404, NOT_FOUND
			405, CLIENT_ERROR
			429, THROTTLED
			499, CLIENT_ERROR
			500, SERVER_ERROR
			599, SERVER_ERROR
			""")
	void ofStatusNamesTheOutcome(int status, RequestOutcome outcome) {
		assertThat(RequestOutcome.ofStatus(status)).isEqualTo(outcome);
	}

	@ParameterizedTest
	@EnumSource(RequestOutcome.class)
	void onlySuccessAndNotFoundAreAnswers(RequestOutcome outcome) {
		assertThat(outcome.isAnswer())
			.isEqualTo(outcome == RequestOutcome.SUCCESS || outcome == RequestOutcome.NOT_FOUND);
	}

	@ParameterizedTest
	@EnumSource(RequestOutcome.class)
	void tagsAreLowerCaseWordsOfTheName(RequestOutcome outcome) {
		assertThat(outcome.tag()).isEqualTo(outcome.name().toLowerCase(Locale.ROOT).replace('_', '-'));
	}

	@ParameterizedTest(name = "HTTP {0}: {1}")
	@CsvSource(delimiter = '|', textBlock = """
			429 | IMDS is throttling this instance (HTTP 429)
			403 | IMDS refused the request (HTTP 403)
			299 | IMDS does not answer HTTP 299 to valid requests: check 
			300 | IMDS never redirects
			399 | IMDS never redirects
			400 | IMDS does not answer HTTP 400 to valid requests: check 
			499 | IMDS does not answer HTTP 499 to valid requests: check 
			500 | IMDS answered HTTP 500 on every attempt; this is usually transient
			503 | IMDS answered HTTP 503 on every attempt; this is usually transient
			""")
	void hintForStatusNamesTheLikelyCause(int status, String hint) {
		assertThat(new ImdsHints(ImdsSettingNames.builderOptions()).forStatus(status)).startsWith(hint);
	}

	@ParameterizedTest(name = "{0}: {1}")
	@CsvSource(delimiter = '|', textBlock = """
			CONNECTION_REFUSED | Nothing listens at http://127.0.0.1:1338 (imds.endpoint): check the endpoint setting
			CONNECT_TIMEOUT    | Nothing answers at http://127.0.0.1:1338 (imds.endpoint): connections time out
			READ_TIMEOUT       | IMDS accepted the connection but did not answer in time (
			IO_ERROR           | The connection to http://127.0.0.1:1338 broke; this is usually transient
			""")
	void hintForConnectionNamesTheLikelyCause(RequestOutcome outcome, String hint) {
		assertThat(new ImdsHints(ImdsSettingNames.builderOptions()).forConnection(outcome, ENDPOINT)).startsWith(hint);
	}

}
