package io.github.imds.client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.github.imds.client.ImdsTestSupport.INSTANCE_ID;
import static io.github.imds.client.ImdsTestSupport.INSTANCE_ID_PATH;
import static io.github.imds.client.ImdsTestSupport.TOKEN;
import static io.github.imds.client.ImdsTestSupport.TOKEN_PATH;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A JVM-wide HTTP proxy must never see IMDS traffic (it would forward the token PUT with X-Forwarded-For, or
 * leak credentials).
 */
class ImdsClientProxyTests {

	private static final List<String> PROPERTIES = List.of("http.proxyHost", "http.proxyPort", "http.nonProxyHosts");

	@RegisterExtension
	static WireMockExtension imds = ImdsTestSupport.loopbackWireMock();

	@RegisterExtension
	static WireMockExtension proxy = ImdsTestSupport.loopbackWireMock();

	private final Map<String, String> saved = new HashMap<>();

	private ProxySelector savedSelector;

	@BeforeEach
	void installJvmProxy() {
		for (String name : PROPERTIES) {
			this.saved.put(name, System.getProperty(name));
		}
		System.setProperty("http.proxyHost", "127.0.0.1");
		System.setProperty("http.proxyPort", String.valueOf(proxy.getPort()));
		System.setProperty("http.nonProxyHosts", "nothing.invalid");
		// The JDK's default selector never proxies loopback hosts whatever the properties say, so the
		// properties alone could not make this test fail: also install a JVM-wide selector that proxies all.
		this.savedSelector = ProxySelector.getDefault();
		ProxySelector.setDefault(new EverythingToProxy(proxy.getPort()));
		proxy.stubFor(any(anyUrl()).willReturn(ok("from-proxy")));
	}

	@AfterEach
	void restoreProperties() {
		ProxySelector.setDefault(this.savedSelector);
		this.saved.forEach((name, value) -> {
			if (value == null) {
				System.clearProperty(name);
			}
			else {
				System.setProperty(name, value);
			}
		});
	}

	@Test
	void jvmProxySettingsReachProxyForClientsThatUseThem() throws Exception {
		// control: proves the proxy settings above are effective for an HTTP client that honours them
		HttpClient proxied = HttpClient.newBuilder().proxy(ProxySelector.getDefault()).build();
		HttpResponse<String> response = proxied.send(
				HttpRequest.newBuilder(URI.create(ImdsTestSupport.endpoint(imds) + "/control"))
					.timeout(Duration.ofSeconds(5))
					.build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.body()).isEqualTo("from-proxy");
		assertThat(proxy.getAllServeEvents()).hasSize(1);
		assertThat(imds.getAllServeEvents()).isEmpty();
	}

	@Test
	void getWithJvmProxySettingsGoesDirectlyToImds() {
		imds.stubFor(put(TOKEN_PATH).willReturn(ok(TOKEN)));
		imds.stubFor(get(INSTANCE_ID_PATH).willReturn(ok(INSTANCE_ID)));
		try (ImdsClient client = ImdsTestSupport.builder(imds).build()) {
			assertThat(client.get(INSTANCE_ID_PATH).orElseThrow().asString()).isEqualTo(INSTANCE_ID);
		}
		imds.verify(exactly(1), putRequestedFor(urlEqualTo(TOKEN_PATH)));
		imds.verify(exactly(1), getRequestedFor(urlEqualTo(INSTANCE_ID_PATH)));
		assertThat(proxy.getAllServeEvents()).isEmpty();
	}

	private static final class EverythingToProxy extends ProxySelector {

		private final int port;

		EverythingToProxy(int port) {
			this.port = port;
		}

		@Override
		public List<Proxy> select(URI uri) {
			return List.of(new Proxy(Proxy.Type.HTTP, new InetSocketAddress("127.0.0.1", this.port)));
		}

		@Override
		public void connectFailed(URI uri, SocketAddress address, IOException ex) {
		}

	}

}
