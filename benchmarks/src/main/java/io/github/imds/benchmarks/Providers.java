package io.github.imds.benchmarks;

import java.lang.reflect.Method;
import java.time.Clock;

import io.github.imds.client.AwsSdkSettings;
import io.github.imds.client.ImdsClient;
import io.github.imds.client.PlatformDetectionMode;
import io.github.imds.credentials.ImdsAwsCredentialsProvider;
import io.github.imds.credentials.ImdsRoleCredentialsProvider;
import io.github.imds.test.ImdsSimulator;
import software.amazon.awssdk.auth.credentials.InstanceProfileCredentialsProvider;

/**
 * The two credentials providers under comparison, both pointed at the same simulator.
 */
final class Providers {

	private Providers() {
	}

	/**
	 * Our client, as the starter builds it with {@code imds.endpoint} set and {@code imds.platform-detection=off}.
	 * @param simulator the simulator
	 * @param clock the clock of the token expiry
	 * @return the client
	 */
	static ImdsClient ourClient(ImdsSimulator simulator, Clock clock) {
		return ourClient(simulator.endpoint(), clock);
	}

	/**
	 * Our client at a loopback endpoint, as the starter builds it with {@code imds.endpoint} set and
	 * {@code imds.platform-detection=off}.
	 * @param endpoint the simulator's endpoint
	 * @param clock the clock of the token expiry
	 * @return the client
	 */
	static ImdsClient ourClient(String endpoint, Clock clock) {
		return ImdsClient.builder()
			.endpoint(Loopback.requireLoopback(endpoint))
			.platformDetection(PlatformDetectionMode.OFF)
			.sdkSettings(AwsSdkSettings.none())
			.clock(clock)
			.build();
	}

	/**
	 * Wakes a new simulator up (its first answers load WireMock's classes, which on a loaded machine takes
	 * longer than a read timeout) with a client of generous timeouts; nothing is measured.
	 * @param simulator the simulator
	 */
	static void warmUp(ImdsSimulator simulator) {
		try (ImdsClient client = ImdsClient.builder()
			.endpoint(Loopback.requireLoopback(simulator.endpoint()))
			.platformDetection(PlatformDetectionMode.OFF)
			.sdkSettings(AwsSdkSettings.none())
			.connectTimeout(java.time.Duration.ofSeconds(10))
			.readTimeout(java.time.Duration.ofSeconds(30))
			.build()) {
			client.get("/latest/meta-data/instance-id");
			client.get("/latest/dynamic/instance-identity/document");
		}
	}

	/**
	 * Our role credentials provider with its default settings, started as the starter starts it.
	 * @param client the client
	 * @param clock the clock of expiry and refresh times
	 * @return the started provider
	 */
	static ImdsRoleCredentialsProvider ourRoleProvider(ImdsClient client, Clock clock) {
		ImdsRoleCredentialsProvider provider = ImdsRoleCredentialsProvider.builder(client).clock(clock).build();
		provider.start();
		return provider;
	}

	/**
	 * The SDK adapter of our provider: the {@code AwsCredentialsProvider} bean of the starter.
	 * @param provider the role credentials provider
	 * @return the adapter
	 */
	static ImdsAwsCredentialsProvider ourSdkAdapter(ImdsRoleCredentialsProvider provider) {
		return new ImdsAwsCredentialsProvider(provider);
	}

	/**
	 * The AWS SDK's {@link InstanceProfileCredentialsProvider} with its defaults, pointed at the simulator (the
	 * endpoint system property is set and checked, and the endpoint is also given to the builder).
	 * @param simulator the simulator
	 * @param clock the clock to give it through the SDK's own test hook, or {@code null} for its default
	 * (the system clock)
	 * @return the provider
	 */
	static InstanceProfileCredentialsProvider sdkProvider(ImdsSimulator simulator, Clock clock) {
		String endpoint = Loopback.pointSdkAt(simulator);
		InstanceProfileCredentialsProvider.Builder builder = InstanceProfileCredentialsProvider.builder()
			.endpoint(endpoint);
		if (clock != null) {
			setSdkClock(builder, clock);
		}
		Loopback.requireSdkEndpointIsLoopback();
		return builder.build();
	}

	/**
	 * Gives the SDK provider a clock through the package-private {@code BuilderImpl.clock(Clock)} that the SDK
	 * keeps for its own tests ({@code @SdkTestInternalApi}). The provider passes it to its
	 * {@code CachedSupplier}, so that stale and prefetch times follow it.
	 */
	private static void setSdkClock(InstanceProfileCredentialsProvider.Builder builder, Clock clock) {
		try {
			Method method = builder.getClass().getDeclaredMethod("clock", Clock.class);
			method.setAccessible(true);
			method.invoke(builder, clock);
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			throw new IllegalStateException("This AWS SDK version has no InstanceProfileCredentialsProvider"
					+ ".BuilderImpl.clock(Clock) test hook; the rotation benchmark needs it", ex);
		}
	}

}
