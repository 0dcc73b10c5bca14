package io.github.imds.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The sample where IMDS is not used and no region is configured anywhere: it still starts, and {@code /aws}
 * says why it has no S3 client instead of failing the application.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "imds.enabled=false")
class SampleApplicationWithoutImdsTests {

	private static final HttpClient http = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build();

	@TempDir
	static Path home;

	private static String previousConfigFile;

	@Value("${local.server.port}")
	int port;

	@BeforeAll
	static void noRegionAnywhere() {
		// a region from the machine would make the S3 client buildable: this case needs none
		assumeTrue(System.getenv("AWS_REGION") == null && System.getenv("AWS_DEFAULT_REGION") == null
				&& System.getProperty("aws.region") == null, "a region is configured on this machine");
		previousConfigFile = System.setProperty("aws.configFile", home.resolve("no-config").toString());
	}

	@AfterAll
	static void restore() {
		if (previousConfigFile != null) {
			System.setProperty("aws.configFile", previousConfigFile);
		}
		else {
			System.clearProperty("aws.configFile");
		}
	}

	@Test
	void awsSaysWhyThereIsNoClientAndNamesTheSwitch() throws Exception {
		HttpResponse<String> response = http.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/aws")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("not built: Unable to load the region")
			.contains("IMDS is disabled by imds.enabled=false");
	}

}
