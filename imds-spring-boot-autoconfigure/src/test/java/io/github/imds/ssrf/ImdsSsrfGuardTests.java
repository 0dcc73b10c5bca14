package io.github.imds.ssrf;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;

import io.github.imds.testsupport.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The guard as a filter: what it matches in each mode, what it counts, and what it logs (one WARN per
 * metadata address and minute, with the host only). Addresses are built from bytes; nothing is resolved.
 */
@ExtendWith(OutputCaptureExtension.class)
class ImdsSsrfGuardTests {

	private static final byte[] IMDS = { (byte) 169, (byte) 254, (byte) 169, (byte) 254 };

	private static final byte[] ECS = { (byte) 169, (byte) 254, (byte) 170, 2 };

	private final MutableClock clock = new MutableClock();

	@Test
	void enforceDoesNotMatchMetadataAddressesAndMatchesOthers() throws UnknownHostException {
		ImdsSsrfGuard guard = guard(SsrfGuardMode.ENFORCE);
		assertThat(guard.allows(InetAddress.getByAddress(IMDS))).isFalse();
		assertThat(guard.allows(InetAddress.getByAddress("evil.example", ECS))).isFalse();
		assertThat(guard.allows(InetAddress.getByAddress(new byte[] { 10, 0, 0, 1 }))).isTrue();
		assertThat(guard.allows(InetAddress.getByAddress(new byte[] { (byte) 169, (byte) 254, 1, 1 }))).isTrue();
		assertThat(guard.attempts()).isEqualTo(2);
		assertThat(guard.status().lastTarget()).isEqualTo("169.254.170.2");
		assertThat(guard.status().lastHost()).isEqualTo("evil.example");
		assertThat(guard.status().lastAt()).isEqualTo(this.clock.instant());
		assertThat(guard.status().mode()).isEqualTo("enforce");
	}

	@Test
	void reportMatchesMetadataAddressesAndCountsThem(CapturedOutput output) throws UnknownHostException {
		ImdsSsrfGuard guard = guard(SsrfGuardMode.REPORT);
		assertThat(guard.allows(InetAddress.getByAddress("metadata.example", IMDS))).isTrue();
		assertThat(guard.attempts()).isEqualTo(1);
		assertThat(output).contains("Let through a connection to the instance metadata address 169.254.169.254 "
				+ "for the URL host 'metadata.example'").contains("imds.ssrf-guard.mode=report");
	}

	@Test
	void refusalIsLoggedOncePerTargetAndMinute(CapturedOutput output) throws UnknownHostException {
		ImdsSsrfGuard guard = guard(SsrfGuardMode.ENFORCE);
		for (int i = 0; i < 5; i++) {
			guard.allows(InetAddress.getByAddress("a.example", IMDS));
		}
		guard.allows(InetAddress.getByAddress("b.example", ECS));
		assertThat(lines(output, "Refused a connection")).isEqualTo(2);
		this.clock.advance(Duration.ofSeconds(59));
		guard.allows(InetAddress.getByAddress("a.example", IMDS));
		assertThat(lines(output, "Refused a connection")).isEqualTo(2);
		this.clock.advance(Duration.ofSeconds(1));
		guard.allows(InetAddress.getByAddress("c.example", IMDS));
		assertThat(lines(output, "Refused a connection")).isEqualTo(3);
		assertThat(output).contains("169.254.169.254 for the URL host 'c.example' (5 more to this address in the "
				+ "last minute)");
		assertThat(guard.attempts()).isEqualTo(8);
	}

	@Test
	void logNamesTheHostOnlyAndNeutralizesOddCharacters(CapturedOutput output) throws UnknownHostException {
		ImdsSsrfGuard guard = guard(SsrfGuardMode.ENFORCE);
		guard.allows(InetAddress.getByAddress("evil.example\nFAKE LOG LINE", IMDS));
		assertThat(output).contains("for the URL host 'evil.example?FAKE?LOG?LINE'").doesNotContain("\nFAKE");
	}

	@Test
	void hostOfAnAddressWithoutNameIsItsLiteralWithoutReverseLookup() throws UnknownHostException {
		assertThat(ImdsSsrfGuard.host(InetAddress.getByAddress(IMDS))).isEqualTo("169.254.169.254");
	}

	@Test
	void statusShowsWhetherTheGuardIsActiveAndWhy() {
		ImdsSsrfGuard guard = new ImdsSsrfGuard(MetadataAddresses.DEFAULT, SsrfGuardMode.ENFORCE, false,
				"IMDS is not used", this.clock);
		assertThat(guard.status()).isEqualTo(new SsrfGuardStatus(false, "IMDS is not used", "enforce", 0, null,
				null, null));
	}

	private ImdsSsrfGuard guard(SsrfGuardMode mode) {
		return new ImdsSsrfGuard(MetadataAddresses.DEFAULT, mode, true, "test", this.clock);
	}

	private static long lines(CapturedOutput output, String text) {
		return output.getAll().lines().filter((line) -> line.contains(text)).count();
	}

}
