package io.github.imds.test;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the pure path functions of {@link ImdsPathResolver}.
 */
class ImdsPathResolverTests {

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource(delimiter = '|', textBlock = """
			/latest/meta-data/instance-id             | /latest/meta-data/instance-id
			/latest/meta-data/instance-id?x=1&y=2     | /latest/meta-data/instance-id
			/latest/meta-data/tags/instance/a%2Bb     | /latest/meta-data/tags/instance/a+b
			/latest/meta-data/tags/instance/a+b       | /latest/meta-data/tags/instance/a+b
			/latest/meta-data/tags/instance/caf%C3%A9 | /latest/meta-data/tags/instance/café
			/latest/meta-data/tags/instance/100%      | /latest/meta-data/tags/instance/100%
			/latest/meta-data/tags/instance/%zz       | /latest/meta-data/tags/instance/%zz
			""")
	void requestPathDropsTheQueryAndDecodesPercentEscapesOnly(String url, String path) {
		assertThat(ImdsPathResolver.requestPath(url)).isEqualTo(path);
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource(delimiter = '|', textBlock = """
			/latest/api/token             | true
			/latest/api/token/            | true
			//latest//api//token          | true
			/2021-03-23/api/token         | true
			/latest/api/token/extra       | false
			/latest/meta-data/api/token   | false
			/not-a-version/api/token      | false
			""")
	void isTokenPathAcceptsEveryVersionAndOneTrailingSlash(String path, boolean token) {
		assertThat(ImdsPathResolver.isTokenPath(path)).isEqualTo(token);
	}

}
