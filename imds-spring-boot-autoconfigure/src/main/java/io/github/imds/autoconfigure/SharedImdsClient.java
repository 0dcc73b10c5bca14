package io.github.imds.autoconfigure;

import java.util.Optional;

import io.github.imds.client.ImdsAvailability;
import io.github.imds.client.ImdsClient;
import io.github.imds.client.ImdsClientSettings;
import io.github.imds.client.ImdsRequestListener;
import io.github.imds.client.ImdsResponse;
import io.github.imds.client.ResolvedEndpoint;
import io.github.imds.client.TokenStatus;

/**
 * The startup client as each context that shares it sees it: closing it (as the {@code imdsClient} bean's
 * inferred destroy method does) leaves it open for the other contexts (a parent, a child, the next devtools
 * restart); {@link SharedStartupLoads} closes the client itself when no context uses it any more.
 */
final class SharedImdsClient implements ImdsClient {

	private final ImdsClient client;

	SharedImdsClient(ImdsClient client) {
		this.client = client;
	}

	@Override
	public Optional<ImdsResponse> get(String path) {
		return this.client.get(path);
	}

	@Override
	public ImdsAvailability availability() {
		return this.client.availability();
	}

	@Override
	public ResolvedEndpoint endpoint() {
		return this.client.endpoint();
	}

	@Override
	public TokenStatus tokenStatus() {
		return this.client.tokenStatus();
	}

	@Override
	public void addListener(ImdsRequestListener listener) {
		this.client.addListener(listener);
	}

	@Override
	public void removeListener(ImdsRequestListener listener) {
		this.client.removeListener(listener);
	}

	@Override
	public ImdsClientSettings settings() {
		return this.client.settings();
	}

	@Override
	public void close() {
		// the last context that uses the startup load closes the client
	}

	@Override
	public String toString() {
		return this.client.toString();
	}

}
