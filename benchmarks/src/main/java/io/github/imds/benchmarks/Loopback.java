package io.github.imds.benchmarks;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

import io.github.imds.test.ImdsSimulator;

/**
 * The guard every benchmark passes before it creates an object of the AWS SDK that talks to IMDS: the SDK's
 * IMDS clients default to {@code 169.254.169.254}, which on a development or CI machine is not IMDS, so the
 * endpoint must be set to the loopback simulator and this is checked, not assumed.
 */
final class Loopback {

	/** The AWS SDK's endpoint setting (system property). */
	static final String SDK_ENDPOINT_PROPERTY = "aws.ec2MetadataServiceEndpoint";

	private Loopback() {
	}

	/**
	 * Points the AWS SDK's IMDS endpoint setting at {@code simulator} and checks it.
	 * @param simulator the running simulator
	 * @return the endpoint
	 */
	static String pointSdkAt(ImdsSimulator simulator) {
		String endpoint = requireLoopback(simulator.endpoint());
		System.setProperty(SDK_ENDPOINT_PROPERTY, endpoint);
		requireSdkEndpointIsLoopback();
		return endpoint;
	}

	/**
	 * Fails unless the AWS SDK's IMDS endpoint system property is set to a loopback URL.
	 */
	static void requireSdkEndpointIsLoopback() {
		String value = System.getProperty(SDK_ENDPOINT_PROPERTY);
		if (value == null) {
			throw new IllegalStateException(SDK_ENDPOINT_PROPERTY
					+ " is not set: the AWS SDK would send its IMDS requests to 169.254.169.254; refusing to run");
		}
		requireLoopback(value);
	}

	/**
	 * Fails unless {@code url} is an {@code http} URL whose host is a loopback IP literal (no name lookup).
	 * @param url the URL
	 * @return the URL
	 */
	static String requireLoopback(String url) {
		URI uri = URI.create(url);
		String host = uri.getHost();
		if (!"http".equals(uri.getScheme()) || host == null || !isLoopbackLiteral(host)) {
			throw new IllegalStateException("Refusing to run: '" + url + "' is not a loopback http URL");
		}
		return url;
	}

	private static boolean isLoopbackLiteral(String host) {
		String literal = (host.startsWith("[") && host.endsWith("]")) ? host.substring(1, host.length() - 1) : host;
		if (!literal.matches("[0-9.]+") && !literal.contains(":")) {
			return false;
		}
		try {
			// An IP literal: no DNS lookup is made.
			return InetAddress.getByName(literal).isLoopbackAddress();
		}
		catch (UnknownHostException ex) {
			return false;
		}
	}

	/**
	 * Fails unless the simulator saw at least one request: proof that the SDK object under test talked to the
	 * simulator and not to another address.
	 * @param simulator the simulator
	 * @param what what was expected to reach it
	 */
	static void requireRequestsReached(ImdsSimulator simulator, String what) {
		if (simulator.requests().isEmpty()) {
			throw new IllegalStateException(what + " sent no request to the simulator at " + simulator.endpoint()
					+ "; refusing to report figures for it");
		}
	}

}
