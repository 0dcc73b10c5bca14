package io.github.imds.client;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static io.github.imds.client.ImdsTestSupport.INSTANCE_ID_PATH;
import static io.github.imds.client.ImdsTestSupport.TOKEN;
import static io.github.imds.client.ImdsTestSupport.TOKEN_PATH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * THE SAFETY RULE: off EC2, with no endpoint configured, the client never sends a packet to the link-local
 * IMDS address. Proven without contacting it: no request event is ever published (every HTTP attempt
 * publishes one, see the control test), the failure is synchronous, and no HTTP client even exists.
 */
class DefaultEndpointNeverContactedOffEc2Tests {

	@RegisterExtension
	static WireMockExtension wm = ImdsTestSupport.loopbackWireMock();

	@TempDir
	Path qemuRoot;

	private final List<ImdsRequestEvent> events = new CopyOnWriteArrayList<>();

	@BeforeEach
	void fakeQemuMachine() throws IOException {
		Path vendor = this.qemuRoot.resolve(Ec2PlatformDetector.SYS_VENDOR);
		Files.createDirectories(vendor.getParent());
		Files.writeString(vendor, "QEMU\n");
	}

	private ImdsClient offEc2Client(ImdsClient.Builder builder) {
		return builder.sdkSettings(AwsSdkSettings.none())
			.platformDetection(PlatformDetectionMode.AUTO)
			.platformRoot(this.qemuRoot)
			.listener(this.events::add)
			.build();
	}

	@Test
	void getOffEc2WithDefaultEndpointThrowsUnavailableAndSendsNothing() {
		try (ImdsClient client = offEc2Client(ImdsClient.builder())) {
			assertThat(client.endpoint().isDefault()).isTrue();
			assertThat(client.endpoint().uri().toString()).isEqualTo("http://169.254.169.254");
			assertThat(client.availability().state()).isEqualTo(ImdsAvailability.State.NOT_EC2);
			assertThat(client.availability().reason()).contains("sys_vendor").contains("QEMU");
			for (int i = 0; i < 3; i++) {
				assertThatExceptionOfType(ImdsUnavailableException.class)
					.isThrownBy(() -> client.get(INSTANCE_ID_PATH))
					.satisfies((ex) -> {
						assertThat(ex.getAvailability().state()).isEqualTo(ImdsAvailability.State.NOT_EC2);
						assertThat(ex.getMessage()).contains("not an EC2 instance").contains(INSTANCE_ID_PATH);
					});
			}
			assertThat(client.tokenStatus().state()).isEqualTo(TokenStatus.State.NONE);
		}
		assertThat(this.events).isEmpty();
	}

	@Test
	void getOffEc2WithIpv6ModeThrowsUnavailableAndSendsNothing() {
		try (ImdsClient client = offEc2Client(ImdsClient.builder().endpointMode(EndpointMode.IPV6))) {
			assertThat(client.endpoint().isDefault()).isTrue();
			assertThat(client.availability().state()).isEqualTo(ImdsAvailability.State.NOT_EC2);
			assertThatExceptionOfType(ImdsUnavailableException.class).isThrownBy(() -> client.get(INSTANCE_ID_PATH));
		}
		assertThat(this.events).isEmpty();
	}

	@Test
	void offEc2ClientDoesNotEvenCreateHttpClient() throws Exception {
		// white-box and brittle by nature (field name), but the strongest statement: nothing could send
		try (ImdsClient client = offEc2Client(ImdsClient.builder())) {
			Field transport = DefaultImdsClient.class.getDeclaredField("transport");
			transport.setAccessible(true);
			assertThat(transport.get(client)).isNull();
		}
	}

	@Test
	void controlWithDetectionOffAndLoopbackEndpointPublishesEvents() {
		wm.stubFor(put(TOKEN_PATH).willReturn(ok(TOKEN)));
		wm.stubFor(get(INSTANCE_ID_PATH).willReturn(ok("i-0123456789abcdef0")));
		try (ImdsClient client = ImdsTestSupport.builder(wm).platformRoot(this.qemuRoot).listener(this.events::add).build()) {
			assertThat(client.availability().isAvailable()).isTrue();
			assertThat(client.get(INSTANCE_ID_PATH)).isPresent();
		}
		assertThat(this.events).extracting(ImdsRequestEvent::kind)
			.containsExactly(RequestKind.TOKEN, RequestKind.METADATA);
	}

	@Test
	void controlWithLoopbackEndpointOnQemuSkipsDetectionAndPublishesEvents() {
		// an explicitly configured endpoint is trusted even off EC2: detection guards only the default
		wm.stubFor(put(TOKEN_PATH).willReturn(ok(TOKEN)));
		wm.stubFor(get(INSTANCE_ID_PATH).willReturn(ok("i-0123456789abcdef0")));
		try (ImdsClient client = offEc2Client(ImdsClient.builder().endpoint(ImdsTestSupport.endpoint(wm)))) {
			assertThat(client.availability().detection().state()).isEqualTo(PlatformDetection.State.SKIPPED);
			assertThat(client.get(INSTANCE_ID_PATH)).isPresent();
		}
		assertThat(this.events).hasSize(2);
	}

}
