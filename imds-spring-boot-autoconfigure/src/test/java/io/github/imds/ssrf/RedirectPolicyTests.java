package io.github.imds.ssrf;

import java.net.URI;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.http.HttpMethod;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JDK {@code Redirect.NORMAL} policy that the guard follows for the JDK client, as a table.
 */
class RedirectPolicyTests {

	@ParameterizedTest(name = "{0} {1} {2} -> {3}")
	@CsvSource(nullValues = "-", textBlock = """
			http://a.example/x,  302, http://b.example/y,   http://b.example/y
			http://a.example/x,  301, /y,                   http://a.example/y
			http://a.example/x/, 303, z,                    http://a.example/x/z
			http://a.example/x,  307, https://b.example/,   https://b.example/
			http://a.example/x,  308, http://b.example/,    http://b.example/
			https://a.example/x, 302, http://b.example/,    -
			https://a.example/x, 302, https://b.example/,   https://b.example/
			http://a.example/x,  302, file:///etc/passwd,   -
			http://a.example/x,  302, -,                    -
			http://a.example/x,  304, http://b.example/,    -
			http://a.example/x,  300, http://b.example/,    -
			http://a.example/x,  200, http://b.example/,    -
			http://a.example/x,  302, 'http://b.example/ y', -
			""")
	void targetFollowsTheJdkNormalPolicy(String from, int status, String location, String expected) {
		URI target = RedirectPolicy.target(URI.create(from), status, location);
		assertThat((target != null) ? target.toString() : null).isEqualTo(expected);
	}

	@ParameterizedTest(name = "{0} after {1} -> GET: {2}")
	@CsvSource(textBlock = """
			POST, 301, true
			POST, 302, true
			POST, 303, true
			PUT,  303, true
			HEAD, 303, false
			PUT,  302, false
			POST, 307, false
			POST, 308, false
			GET,  302, false
			""")
	void methodBecomesGetAsTheJdkDoes(String method, int status, boolean get) {
		assertThat(RedirectPolicy.becomesGet(status, HttpMethod.valueOf(method))).isEqualTo(get);
	}

}
