package io.github.imds.test;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.common.ConsoleNotifier;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import org.jspecify.annotations.Nullable;

/**
 * The HTTP server of an {@link ImdsSimulator}: WireMock on a loopback address, with one
 * catch-all stub that {@link ImdsResponder} answers and {@link Ec2Framing} frames.
 */
final class SimulatorServer {

	private final String bindAddress;

	private final int requestedPort;

	private final int threads;

	private final ImdsResponder responder;

	private final Ec2Framing framing;

	private final Object lifecycle = new Object();

	private @Nullable WireMockServer server;

	private volatile int port = -1;

	SimulatorServer(String bindAddress, int requestedPort, int threads, ImdsResponder responder, Clock clock) {
		this.bindAddress = bindAddress;
		this.requestedPort = requestedPort;
		this.threads = threads;
		this.responder = responder;
		this.framing = new Ec2Framing(clock);
	}

	void start() {
		synchronized (this.lifecycle) {
			if (this.server != null) {
				return;
			}
			WireMockConfiguration options = WireMockConfiguration.options()
				.bindAddress(this.bindAddress)
				.port(this.requestedPort)
				.containerThreads(this.threads)
				.jettyStopTimeout(1000L)
				.disableRequestJournal()
				.gzipDisabled(true)
				.http2PlainDisabled(true)
				.notifier(new ConsoleNotifier(false))
				.extensions(this.responder, this.framing);
			this.responder.holdRequests();
			WireMockServer wireMock = new WireMockServer(options);
			wireMock.stubFor(WireMock.any(WireMock.anyUrl()).willReturn(WireMock.aResponse().withStatus(500)));
			wireMock.start();
			this.server = wireMock;
			this.port = wireMock.port();
			warmUp();
		}
	}

	/**
	 * Send one request through the server and wait for its answer, so that the first
	 * request of a client, often under a one second timeout, does not pay for class
	 * loading in the server. The request is not journaled.
	 */
	private void warmUp() {
		this.responder.journaling(false);
		try (Socket socket = new Socket(this.bindAddress, this.port)) {
			socket.setSoTimeout(30_000);
			socket.getOutputStream()
				.write("GET / HTTP/1.1\r\nHost: warm-up\r\nConnection: close\r\n\r\n"
					.getBytes(StandardCharsets.US_ASCII));
			socket.getInputStream().readAllBytes();
		}
		catch (IOException ex) {
			// only a warm-up: the first real request pays instead
		}
		finally {
			this.responder.journaling(true);
		}
	}

	void stop() {
		synchronized (this.lifecycle) {
			WireMockServer wireMock = this.server;
			if (wireMock == null) {
				return;
			}
			this.responder.releaseHeldRequests();
			wireMock.stop();
			this.server = null;
		}
	}

	boolean isRunning() {
		WireMockServer wireMock = this.server;
		return wireMock != null && wireMock.isRunning();
	}

	/**
	 * The bound port, or -1 before the first start.
	 */
	int port() {
		return this.port;
	}

	/**
	 * The host part of a URL: {@code 127.0.0.1} or {@code [::1]}.
	 */
	String host() {
		return this.bindAddress.contains(":") ? "[" + this.bindAddress + "]" : this.bindAddress;
	}

}
