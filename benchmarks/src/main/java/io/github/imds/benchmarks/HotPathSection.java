package io.github.imds.benchmarks;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

import static io.github.imds.benchmarks.Markdown.num;

/**
 * Section 1: {@link CredentialsHotPathBenchmark} under JMH with 1 and 2 threads, ours against the SDK's.
 */
final class HotPathSection implements Section {

	static final int FORKS = 2;

	static final int WARMUPS = 3;

	static final int MEASUREMENTS = 5;

	@Override
	public int number() {
		return 1;
	}

	@Override
	public String title() {
		return "Credentials hot path (JMH, 1 and 2 threads)";
	}

	@Override
	public String run(Consumer<String> headline) throws Exception {
		StringBuilder s = new StringBuilder();
		s.append("## 1. Credentials hot path\n\n");
		s.append("`resolveCredentials()` with valid credentials already loaded: our `ImdsAwsCredentialsProvider` "
				+ "(over `ImdsRoleCredentialsProvider`) against the AWS SDK's `InstanceProfileCredentialsProvider`, "
				+ "both reading the same loopback simulator, system clock. JMH throughput, " + FORKS + " forks × "
				+ MEASUREMENTS + " × 1 s measured after " + WARMUPS
				+ " × 1 s warm-up; ± is JMH's 99.9 % confidence half-width. Goal: ours ≥ the SDK's.\n\n");
		Markdown table = Markdown.table("threads", "ours (ops/µs)", "SDK (ops/µs)", "ours / SDK", "goal");
		for (int threads : new int[] { 1, 2 }) {
			Map<String, RunResult> results = jmh(threads);
			double o = results.get("ours").getPrimaryResult().getScore();
			double oe = results.get("ours").getPrimaryResult().getScoreError();
			double k = results.get("sdk").getPrimaryResult().getScore();
			double ke = results.get("sdk").getPrimaryResult().getScoreError();
			double ratio = o / k;
			double low = (o - oe) / (k + ke);
			double high = (k - ke > 0) ? (o + oe) / (k - ke) : Double.POSITIVE_INFINITY;
			String goal = (ratio < 1) ? "missed: ours is %.0f %% slower".formatted((1 - ratio) * 100)
					: (low >= 1) ? "met" : "met by the estimate; the interval reaches below 1 (noisy run)";
			table.row(threads, num(o) + " ± " + num(oe), num(k) + " ± " + num(ke),
					"**%.2f** (%.2f..%s)".formatted(ratio, low,
							Double.isInfinite(high) ? "∞" : "%.2f".formatted(high)),
					goal);
			headline.accept("hot path, %d thread%s: ours / SDK = **%.2f×** throughput (goal ≥ 1: %s)".formatted(
					threads, (threads == 1) ? "" : "s", ratio,
					(ratio < 1) ? "missed" : (low >= 1) ? "met" : "met by the estimate, interval reaches below 1"));
			RunAll.log("  %d thread(s): ours %s ± %s, SDK %s ± %s ops/µs, ratio %.2f".formatted(threads, num(o),
					num(oe), num(k), num(ke), ratio));
		}
		return s.append(table).toString();
	}

	private static Map<String, RunResult> jmh(int threads) throws Exception {
		Options options = new OptionsBuilder().include(CredentialsHotPathBenchmark.class.getName() + "\\.")
			.forks(FORKS)
			.warmupIterations(WARMUPS)
			.warmupTime(TimeValue.seconds(1))
			.measurementIterations(MEASUREMENTS)
			.measurementTime(TimeValue.seconds(1))
			.threads(threads)
			.jvmArgsAppend("-Dlogback.configurationFile=" + RunAll.LOGBACK)
			.verbosity(VerboseMode.SILENT)
			.build();
		Collection<RunResult> results = new Runner(options).run();
		Map<String, RunResult> byMethod = new LinkedHashMap<>();
		for (RunResult result : results) {
			String benchmark = result.getParams().getBenchmark();
			byMethod.put(benchmark.substring(benchmark.lastIndexOf('.') + 1), result);
		}
		if (!byMethod.containsKey("ours") || !byMethod.containsKey("sdk")) {
			throw new IllegalStateException("JMH did not run both benchmarks: " + byMethod.keySet());
		}
		return byMethod;
	}

}
