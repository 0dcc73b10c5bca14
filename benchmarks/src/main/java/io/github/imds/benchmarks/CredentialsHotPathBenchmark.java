package io.github.imds.benchmarks;

import java.time.Clock;
import java.util.concurrent.TimeUnit;

import io.github.imds.client.ImdsClient;
import io.github.imds.credentials.ImdsAwsCredentialsProvider;
import io.github.imds.credentials.ImdsRoleCredentialsProvider;
import io.github.imds.test.ImdsSimulator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.InstanceProfileCredentialsProvider;

/**
 * Benchmark 1: {@code resolveCredentials()} on the hot path (credentials already loaded and valid for hours),
 * our {@code AwsCredentialsProvider} against the AWS SDK's {@link InstanceProfileCredentialsProvider}, both
 * reading from the same loopback simulator with the system clock.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CredentialsHotPathBenchmark {

	/**
	 * One simulator and one provider of each kind per run, shared by the benchmark threads.
	 */
	@State(Scope.Benchmark)
	public static class ProviderPair {

		ImdsSimulator simulator;

		ImdsClient client;

		ImdsRoleCredentialsProvider role;

		ImdsAwsCredentialsProvider ours;

		InstanceProfileCredentialsProvider sdk;

		@Setup(Level.Trial)
		public void setUp() {
			this.simulator = ImdsSimulator.builder().build().start();
			Clock clock = Clock.systemUTC();
			this.client = Providers.ourClient(this.simulator, clock);
			this.role = Providers.ourRoleProvider(this.client, clock);
			this.ours = Providers.ourSdkAdapter(this.role);
			this.ours.resolveCredentials();
			this.simulator.resetJournal();
			this.sdk = Providers.sdkProvider(this.simulator, null);
			this.sdk.resolveCredentials();
			Loopback.requireRequestsReached(this.simulator, "InstanceProfileCredentialsProvider");
		}

		@TearDown(Level.Trial)
		public void tearDown() {
			this.sdk.close();
			this.role.close();
			this.client.close();
			this.simulator.close();
		}

	}

	@Benchmark
	public AwsCredentials ours(ProviderPair providers) {
		return providers.ours.resolveCredentials();
	}

	@Benchmark
	public AwsCredentials sdk(ProviderPair providers) {
		return providers.sdk.resolveCredentials();
	}

}
