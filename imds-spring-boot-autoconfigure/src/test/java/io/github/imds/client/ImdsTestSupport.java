package io.github.imds.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.Proxy;
import java.net.URI;
import java.net.ServerSocket;
import java.time.Duration;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/**
 * Shared fixtures: a loopback-only WireMock and a client builder that can never reach a real IMDS address
 * or read the real environment.
 */
final class ImdsTestSupport {

	/** Obviously fake; tests assert that it never appears in any message or {@code toString()}. */
	static final String TOKEN = "fake-imds-token-DO-NOT-LOG";

	static final String TOKEN_PATH = "/latest/api/token";

	static final String TOKEN_HEADER = "X-aws-ec2-metadata-token";

	static final String TTL_HEADER = "X-aws-ec2-metadata-token-ttl-seconds";

	static final String INSTANCE_ID_PATH = "/latest/meta-data/instance-id";

	static final String INSTANCE_ID = "i-0123456789abcdef0";

	private ImdsTestSupport() {
	}

	static WireMockExtension loopbackWireMock() {
		return new WarmedUpWireMockExtension(WireMockExtension.newInstance()
			.options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1").containerThreads(80)));
	}

	static String endpoint(WireMockExtension wm) {
		return "http://127.0.0.1:" + wm.getPort();
	}

	/**
	 * A builder pointing at {@code wm} on 127.0.0.1, with platform detection off, no AWS SDK settings, and
	 * timeouts generous enough for a loaded machine.
	 */
	static ImdsClient.Builder builder(WireMockExtension wm) {
		return builder(endpoint(wm));
	}

	static ImdsClient.Builder builder(String loopbackEndpoint) {
		if (!loopbackEndpoint.startsWith("http://127.0.0.1:")) {
			throw new IllegalArgumentException("tests only talk to 127.0.0.1, not " + loopbackEndpoint);
		}
		return ImdsClient.builder()
			.endpoint(loopbackEndpoint)
			.platformDetection(PlatformDetectionMode.OFF)
			.sdkSettings(AwsSdkSettings.none())
			.connectTimeout(Duration.ofSeconds(1))
			.readTimeout(Duration.ofSeconds(2));
	}

	/**
	 * Answers one request before the class's first test: the first request a JVM sends to WireMock loads its
	 * request path, which on a loaded machine can outlast the tests' 2 s read timeout (the first test of a class
	 * then fails on timing, not behaviour). The request happens before {@code beforeEach} resets the journal.
	 */
	private static final class WarmedUpWireMockExtension extends WireMockExtension {

		WarmedUpWireMockExtension(WireMockExtension.Builder builder) {
			super(builder);
		}

		@Override
		protected void onBeforeAll(WireMockRuntimeInfo info) {
			try {
				HttpURLConnection connection = (HttpURLConnection) URI
					.create("http://127.0.0.1:" + info.getHttpPort() + "/warm-up")
					.toURL()
					.openConnection(Proxy.NO_PROXY);
				connection.getResponseCode();
				connection.disconnect();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

	/** A loopback port nothing listens on (bound, then released). */
	static int closedPort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
