package io.github.imds.benchmarks;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.imds.client.ImdsClient;
import io.github.imds.credentials.CredentialsStatus;
import io.github.imds.credentials.ImdsRoleCredentialsProvider;
import io.github.imds.test.ImdsSimulator;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.InstanceProfileCredentialsProvider;

/**
 * Benchmark 2: IMDS requests caused by the same workload, 10 000 {@code resolveCredentials()} calls from 8
 * threads spread evenly over {@link #SPAN} of simulated time.
 * <p>
 * Time: the simulator issues EC2-like credentials (valid 6 h, new ones every hour) on its own clock, and both
 * providers are given that clock (ours through its builder, the SDK's through its {@code clock(Clock)} test
 * hook), so that each applies its own refresh policy unchanged: the SDK's prefetch at
 * {@code max(half the remaining life, 5 min)} and stale time 1 s before expiry, our refresh about 15 min before
 * expiry. The workload runs in phases; between two phases the clock moves {@code span/phases} forward and
 * {@link #PAUSE} of real time passes, {@link #SETTLE} more after a phase in which IMDS was called, so that
 * background work started in one phase (our provider refreshes asynchronously) ends before the clock moves
 * on, as it would on a real instance where minutes pass between two such moments.
 */
final class RotationWorkload {

	static final int CALLS = 10_000;

	static final int THREADS = 8;

	static final int PHASES = 1_000;

	/** Three EC2-like credential lifetimes: our provider rotates three times in it. */
	static final Duration SPAN = Duration.ofHours(18);

	/** The long run that shows the steady state, where the start-up requests no longer weigh. */
	static final Duration LONG_SPAN = Duration.ofDays(7);

	static final int LONG_PHASES = 2_000;

	/** Real time between two phases. */
	static final Duration PAUSE = Duration.ofMillis(2);

	/** Real time after a phase in which IMDS was called, for asynchronous refreshes to end. */
	static final Duration SETTLE = Duration.ofMillis(20);

	private RotationWorkload() {
	}

	static Result run(String name, Duration span, int phases, ProviderFactory factory) throws Exception {
		try (ImdsSimulator simulator = ImdsSimulator.builder().build().start()) {
			Clock clock = simulator.clock();
			Subject subject = factory.create(simulator, clock);
			try {
				return drive(name, simulator, subject, span, phases);
			}
			finally {
				subject.close().run();
			}
		}
	}

	static Result ours(String name, Duration span, int phases) throws Exception {
		return run(name, span, phases, (simulator, clock) -> {
			ImdsClient client = Providers.ourClient(simulator, clock);
			ImdsRoleCredentialsProvider role = Providers.ourRoleProvider(client, clock);
			return new Subject(Providers.ourSdkAdapter(role), () -> awaitRefresh(role, clock), () -> {
				role.close();
				client.close();
			});
		});
	}

	static Result sdk(String name, Duration span, int phases) throws Exception {
		return run(name, span, phases, (simulator, clock) -> {
			InstanceProfileCredentialsProvider provider = Providers.sdkProvider(simulator, clock);
			// Its refreshes run in the calling thread: nothing is left running between phases.
			return new Subject(provider, () -> {
			}, provider::close);
		});
	}

	/**
	 * Waits (at most 5 s) for the refresh that the calls of the phase just ended started, if they found the
	 * provider overdue: on a real instance it ends long before the next minute, here the clock would otherwise
	 * move on by minutes per millisecond.
	 */
	private static void awaitRefresh(ImdsRoleCredentialsProvider role, Clock clock) {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		while (System.nanoTime() < deadline) {
			CredentialsStatus status = role.status();
			Instant next = status.nextRefresh();
			if (next == null || !clock.instant().isAfter(next.plus(OVERDUE_GRACE))) {
				return;
			}
			sleep(Duration.ofMillis(1));
		}
	}

	/** Our provider's {@code OVERDUE_GRACE}: a caller starts a refresh that is this late. */
	private static final Duration OVERDUE_GRACE = Duration.ofSeconds(30);

	private static Result drive(String name, ImdsSimulator simulator, Subject subject, Duration span, int phases)
			throws Exception {
		AwsCredentialsProvider provider = subject.provider();
		Duration step = span.dividedBy(phases);
		int perPhase = CALLS / phases;
		AtomicInteger budget = new AtomicInteger(perPhase);
		AtomicInteger calls = new AtomicInteger();
		AtomicInteger seen = new AtomicInteger();
		Set<String> keys = ConcurrentHashMap.newKeySet();
		CyclicBarrier barrier = new CyclicBarrier(THREADS, () -> {
			subject.settle().run();
			int requests = simulator.requests().size();
			sleep((requests != seen.getAndSet(requests)) ? SETTLE.plus(PAUSE) : PAUSE);
			simulator.advanceClock(step);
			budget.set(perPhase);
		});
		ExecutorService threads = Executors.newFixedThreadPool(THREADS);
		long started = System.nanoTime();
		try {
			Future<?>[] futures = new Future<?>[THREADS];
			for (int t = 0; t < THREADS; t++) {
				futures[t] = threads.submit(() -> {
					for (int phase = 0; phase < phases; phase++) {
						while (budget.getAndDecrement() > 0) {
							keys.add(provider.resolveCredentials().accessKeyId());
							calls.incrementAndGet();
						}
						await(barrier);
					}
					return null;
				});
			}
			for (Future<?> future : futures) {
				future.get(5, TimeUnit.MINUTES);
			}
		}
		finally {
			threads.shutdownNow();
		}
		long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
		if (calls.get() != CALLS) {
			throw new IllegalStateException("expected " + CALLS + " calls but made " + calls.get());
		}
		Loopback.requireRequestsReached(simulator, name);
		long tokenPuts = simulator.tokenPuts();
		long credentialGets = simulator.countMatching((request) -> "GET".equals(request.method())
				&& request.path().matches("/latest/meta-data/iam/security-credentials(-extended)?/.+"));
		long listings = simulator.countMatching((request) -> "GET".equals(request.method())
				&& request.path().matches("/latest/meta-data/iam/security-credentials(-extended)?/"));
		long failed = simulator.countMatching((request) -> request.status() != 200 && request.status() != 404);
		return new Result(name, simulator.requests().size(), tokenPuts, listings, credentialGets, failed,
				keys.size() - 1, elapsedMillis);
	}

	private static void await(CyclicBarrier barrier) throws InterruptedException, BrokenBarrierException {
		barrier.await();
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@FunctionalInterface
	interface ProviderFactory {

		Subject create(ImdsSimulator simulator, Clock clock) throws Exception;

	}

	record Subject(AwsCredentialsProvider provider, Runnable settle, Runnable close) {

	}

	/**
	 * What one provider cost.
	 *
	 * @param name the provider
	 * @param requests every request the simulator received
	 * @param tokenPuts token PUTs among them
	 * @param listings role listings
	 * @param credentialGets credentials documents
	 * @param failed requests answered with something else than 200 or 404
	 * @param rotations how many times the access key id returned to callers changed
	 * @param elapsedMillis real time taken
	 */
	record Result(String name, long requests, long tokenPuts, long listings, long credentialGets, long failed,
			int rotations, long elapsedMillis) {

	}

}
