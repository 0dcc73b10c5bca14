package io.github.imds.ssrf;

import java.net.InetAddress;
import java.net.ProxySelector;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.Map;

import io.github.imds.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Table tests for {@link ProxiedTargets} and {@link JvmProxies}: pure decisions, nothing is connected to;
 * names resolve through a map.
 */
class ProxiedTargetsTests {

	private final ImdsSsrfGuard guard = new ImdsSsrfGuard(MetadataAddresses.DEFAULT, SsrfGuardMode.ENFORCE, true,
			"test", new MutableClock());

	private final Map<String, InetAddress[]> names = new HashMap<>();

	private InetAddress[] resolve(String host) throws UnknownHostException {
		InetAddress[] addresses = this.names.get(host);
		if (addresses != null) {
			return addresses;
		}
		if (Character.isDigit(host.charAt(0)) || host.contains(":")) {
			return new InetAddress[] { InetAddress.getByName(host) };
		}
		throw new UnknownHostException(host);
	}

	@Test
	void metadataLiteralsAreRefused() {
		for (String host : new String[] { "169.254.169.254", "[fd00:ec2::254]", "169.254.170.2", "169.254.170.23",
				"[::ffff:169.254.169.254]" }) {
			assertThatExceptionOfType(ProxiedTargets.ProxiedTargetRefusedException.class)
				.isThrownBy(() -> ProxiedTargets.check(this.guard, host, "proxy:3128", this::resolve))
				.withMessageContaining("through the proxy proxy:3128");
		}
		assertThat(this.guard.attempts()).isEqualTo(5);
	}

	@Test
	void nameResolvingToAMetadataAddressAmongOthersAreRefused() throws UnknownHostException {
		this.names.put("evil.example", new InetAddress[] { InetAddress.getByName("10.0.0.1"),
				InetAddress.getByAddress("evil.example", new byte[] { (byte) 169, (byte) 254, (byte) 169, (byte) 254 }) });
		assertThatExceptionOfType(ProxiedTargets.ProxiedTargetRefusedException.class)
			.isThrownBy(() -> ProxiedTargets.check(this.guard, "EVIL.example", "proxy:3128", this::resolve))
			.withMessageContaining("'evil.example'");
	}

	@Test
	void otherTargetsAndUnresolvableNamesAreLeftToTheProxy() {
		assertThatNoException().isThrownBy(() -> {
			ProxiedTargets.check(this.guard, "10.0.0.1", "proxy:3128", this::resolve);
			ProxiedTargets.check(this.guard, "169.254.169.253", "proxy:3128", this::resolve);
			ProxiedTargets.check(this.guard, "only-the-proxy-knows.example", "proxy:3128", this::resolve);
		});
		assertThat(this.guard.attempts()).isZero();
	}

	@Test
	void reportModeCountsAndLetThrough() {
		ImdsSsrfGuard report = new ImdsSsrfGuard(MetadataAddresses.DEFAULT, SsrfGuardMode.REPORT, true, "test",
				new MutableClock());
		assertThatNoException()
			.isThrownBy(() -> ProxiedTargets.check(report, "169.254.169.254", "proxy:3128", this::resolve));
		assertThat(report.attempts()).isEqualTo(1);
	}

	@Test
	void jvmWideProxySettingsAreNamedWithoutTheirValues() {
		assertThat(JvmProxies.configured(Map.<String, String>of()::get, null)).isNull();
		assertThat(JvmProxies.configured(Map.of("http.proxyHost", " ")::get, null)).isNull();
		assertThat(JvmProxies.configured(Map.of("http.proxyHost", "proxy.corp")::get, null))
			.isEqualTo("the system property http.proxyHost");
		assertThat(JvmProxies.configured(Map.of("https.proxyHost", "proxy.corp")::get, null))
			.isEqualTo("the system property https.proxyHost");
		assertThat(JvmProxies.configured(Map.of("socksProxyHost", "proxy.corp")::get, null))
			.isEqualTo("the system property socksProxyHost");
		assertThat(JvmProxies.configured(Map.of("java.net.useSystemProxies", "TRUE")::get, null))
			.isEqualTo("java.net.useSystemProxies=true");
		assertThat(JvmProxies.configured(Map.<String, String>of()::get, ProxySelector.of(null)))
			.startsWith("a default ProxySelector");
	}

}
