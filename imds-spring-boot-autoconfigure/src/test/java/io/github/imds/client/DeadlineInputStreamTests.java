package io.github.imds.client;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link DeadlineInputStream} over a loopback socket pair: the bytes and their count, which of the
 * two limits ends a silent read, and a deadline already passed. The outcomes do not depend on the machine's
 * speed: each limit is either already passed or far beyond the other.
 */
class DeadlineInputStreamTests {

	private ServerSocket server;

	private Socket client;

	private Socket peer;

	@BeforeEach
	void connect() throws IOException {
		this.server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
		this.client = new Socket(InetAddress.getLoopbackAddress(), this.server.getLocalPort());
		this.peer = this.server.accept();
	}

	@AfterEach
	void close() throws IOException {
		this.peer.close();
		this.client.close();
		this.server.close();
	}

	@Test
	void readReturnsTheBytesAndCountsThem() throws IOException {
		send("hello, imds".getBytes(StandardCharsets.US_ASCII));
		DeadlineInputStream in = new DeadlineInputStream(this.client, farDeadline(), 30_000);
		assertThat(in.bytesRead()).isZero();
		assertThat(in.readAllBytes()).asString(StandardCharsets.US_ASCII).isEqualTo("hello, imds");
		assertThat(in.bytesRead()).isEqualTo(11);
	}

	@Test
	void readOfOneByteReturnsItUnsignedAndMinusOneAtTheEnd() throws IOException {
		send(new byte[] { 0x41, (byte) 0xff, 0x00 });
		DeadlineInputStream in = new DeadlineInputStream(this.client, farDeadline(), 30_000);
		assertThat(in.read()).isEqualTo(0x41);
		assertThat(in.read()).isEqualTo(0xff);
		assertThat(in.read()).isZero();
		assertThat(in.read()).isEqualTo(-1);
		assertThat(in.bytesRead()).isEqualTo(3);
	}

	@Test
	void readAfterTheDeadlineFailsEvenWhenBytesAreWaiting() throws IOException {
		send("late".getBytes(StandardCharsets.US_ASCII));
		DeadlineInputStream in = new DeadlineInputStream(this.client, System.nanoTime() - 1, 30_000);
		assertThatExceptionOfType(DeadlineInputStream.DeadlineExceededException.class).isThrownBy(in::read);
		assertThat(in.bytesRead()).isZero();
	}

	@Test
	void silentPeerWithTheDeadlineFirstEndsWithDeadlineExceeded() throws IOException {
		// the deadline is 200 ms away, the read timeout 60 s: only the deadline can end this read
		DeadlineInputStream in = new DeadlineInputStream(this.client, System.nanoTime() + Duration.ofMillis(200).toNanos(),
				60_000);
		assertThatExceptionOfType(DeadlineInputStream.DeadlineExceededException.class)
			.isThrownBy(() -> in.read(new byte[8], 0, 8));
	}

	@Test
	void silentPeerWithTheReadTimeoutFirstEndsWithSocketTimeout() throws IOException {
		// the read timeout is 200 ms, the deadline 60 s away: a read timeout, which the transport reports as such
		DeadlineInputStream in = new DeadlineInputStream(this.client, farDeadline(), 200);
		assertThatExceptionOfType(SocketTimeoutException.class).isThrownBy(() -> in.read(new byte[8], 0, 8))
			.isExactlyInstanceOf(SocketTimeoutException.class);
	}

	private void send(byte[] bytes) throws IOException {
		OutputStream out = this.peer.getOutputStream();
		out.write(bytes);
		out.flush();
		this.peer.shutdownOutput();
	}

	private static long farDeadline() {
		return System.nanoTime() + Duration.ofSeconds(60).toNanos();
	}

}
