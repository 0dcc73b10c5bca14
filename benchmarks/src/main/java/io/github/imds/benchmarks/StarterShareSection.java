package io.github.imds.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Stream;

import io.github.imds.test.ImdsSimulator;

/**
 * Section 6: the starter's own share of an application's startup on EC2 (the sample app against the loopback
 * simulator at 1 ms per request, against {@code imds.enabled=false}, in fresh JVMs), the starter's threads
 * alive after startup, and the heap it retains.
 */
final class StarterShareSection implements Section {

	static final int RUNS = Integer.getInteger("benchmarks.pairs.6", 5);

	/** Pairs in which threads and heap are probed (2 s after "Started", then jcmd). */
	static final int PROBED = 3;

	static final Duration LATENCY = Duration.ofMillis(1);

	static final Duration SETTLE = Duration.ofSeconds(2);

	static final String SAME_REGION = "us-east-1";

	@Override
	public int number() {
		return 6;
	}

	@Override
	public String title() {
		return "The starter's share of the sample app's startup on EC2 (simulator, 1 ms), threads and heap";
	}

	@Override
	public String run(Consumer<String> headline) throws Exception {
		List<List<String>> starterThreads = new ArrayList<>();
		Set<String> addedThreads = new TreeSet<>();
		List<JvmProbe.Heap> heapOn = new ArrayList<>();
		List<JvmProbe.Heap> heapOff = new ArrayList<>();
		List<Long> requests = new ArrayList<>();
		InterleavedStarts.Result result;
		long[] databind = new long[2];
		try (ImdsSimulator simulator = ImdsSimulator.builder().build().start()) {
			simulator.latency(LATENCY);
			String endpoint = Loopback.requireLoopback(simulator.endpoint());
			// The region as a system property for both: the sample builds its S3 client only when a region is
			// found, so without it only the starter's run would pay the AWS SDK's client construction (about 1,000
			// classes), the application's cost, not the starter's.
			List<String> jvm = List.of("-D" + Loopback.SDK_ENDPOINT_PROPERTY + "=" + endpoint,
					"-Daws.region=" + SAME_REGION);
			List<String> common = List.of("--sample.simulator=false", "--server.port=0");
			List<String> enabled = new ArrayList<>(common);
			enabled.add("--imds.endpoint=" + endpoint);
			List<String> disabled = new ArrayList<>(common);
			disabled.add("--imds.enabled=false");
			List<Set<String>> threadsOff = new ArrayList<>();
			List<Set<String>> threadsOn = new ArrayList<>();
			simulator.resetJournal();
			result = InterleavedStarts.run(jvm, enabled, disabled, RUNS, (app, on, run) -> {
				if (run >= 0 && run < PROBED) {
					Thread.sleep(SETTLE.toMillis());
					List<String> names = JvmProbe.threadNames(app.pid());
					JvmProbe.Heap heap = JvmProbe.liveHeap(app.pid(), "io.github.imds.");
					if (on) {
						Loopback.requireRequestsReached(simulator, "The sample app");
						requests.add((long) simulator.requests().size());
						starterThreads.add(names.stream().filter((name) -> name.startsWith("imds-")).toList());
						threadsOn.add(normalized(names));
						heapOn.add(heap);
					}
					else {
						threadsOff.add(normalized(names));
						heapOff.add(heap);
					}
				}
				simulator.resetJournal();
			});
			databind[0] = databindClasses(jvm, enabled);
			databind[1] = databindClasses(jvm, disabled);
			for (int i = 0; i < threadsOn.size(); i++) {
				Set<String> added = new TreeSet<>(threadsOn.get(i));
				added.removeAll(threadsOff.get(i));
				addedThreads.addAll(added);
			}
		}
		String report = report(result, starterThreads, addedThreads, heapOn, heapOff, requests, headline);
		return report + ("**Jackson databind at startup.** One more start of each with `-Xlog:class+load`, %d s after "
				+ "the \"Started\" line: `tools.jackson.databind` classes loaded with the starter: **%d**; with "
				+ "`imds.enabled=false`: **%d** (Spring Boot's own `JsonMapper` bean and Spring MVC load databind in "
				+ "this web app either way; the starter's parsers use Jackson's streaming parser only).\n\n")
			.formatted(SETTLE.toSeconds(), databind[0], databind[1]);
	}

	/**
	 * Starts the app once with class loading logged to a file and counts the databind classes loaded by
	 * {@link #SETTLE} after its "Started" line (the lifecycle poller's first poll included).
	 */
	private static long databindClasses(List<String> jvm, List<String> args) throws Exception {
		Path log = Files.createTempFile("imds-class-load", ".txt");
		try {
			List<String> options = new ArrayList<>(jvm);
			options.add("-Xlog:class+load=info:file=" + log);
			try (SampleAppProcess app = SampleAppProcess.start(options, args.toArray(new String[0]))) {
				app.awaitStarted(600);
				Thread.sleep(SETTLE.toMillis());
				try (Stream<String> lines = Files.lines(log)) {
					return lines.filter((line) -> line.contains(" tools.jackson.databind.")).count();
				}
			}
		}
		finally {
			Files.deleteIfExists(log);
		}
	}

	private static String report(InterleavedStarts.Result result, List<List<String>> starterThreads,
			Set<String> addedThreads, List<JvmProbe.Heap> heapOn, List<JvmProbe.Heap> heapOff, List<Long> requests,
			Consumer<String> headline) {
		StringBuilder s = new StringBuilder();
		s.append("## 6. The starter's share of an application's startup on EC2\n\n");
		s.append(("The sample app (`java -jar`, default JVM options and `-Daws.region=%s` for both, so that both build "
				+ "the sample's S3 client, `--sample.simulator=false --server.port=0`) "
				+ "with the starter pointed at the loopback simulator (`--imds.endpoint`, %d ms per request: "
				+ "metadata load, credentials, lifecycle poller, all defaults) against the same app with "
				+ "`--imds.enabled=false`; each in a fresh JVM, %s. Seconds, median (min..max); the difference is the starter's own share. Goal: ≤ 60 ms "
				+ "of Spring's startup time.\n\n").formatted(SAME_REGION, LATENCY.toMillis(), InterleavedStarts.plan(RUNS)));
		s.append(result.table("starter, simulator at %d ms".formatted(LATENCY.toMillis())));
		Stats difference = result.pairDifferencesMillis(InterleavedStarts.STARTED_IN);
		Stats cpu = result.pairDifferencesMillis(InterleavedStarts.CPU);
		Stats ratio = result.pairRatios(InterleavedStarts.STARTED_IN);
		double noise = result.disabled(InterleavedStarts.STARTED_IN).median() * 1000 * result.baselineSpread() / 2;
		String verdict = Markdown.atMostUnlessNoisy(difference.median(), 60, noise, " ms");
		s.append(("The starter's share of Spring's startup time: **%.0f ms** per pair (%.0f..%.0f), a ratio of "
				+ "**%.3f** (%.3f..%.3f); CPU time: %.0f ms more (%.0f..%.0f). Goal ≤ 60 ms: **%s**. The "
				+ "`imds.enabled=false` runs spread by %.0f %% of their median, so differences below about %.0f ms "
				+ "are within this run's noise.\n\n").formatted(difference.median(), difference.min(),
						difference.max(), ratio.median(), ratio.min(), ratio.max(), cpu.median(), cpu.min(),
						cpu.max(), verdict, result.baselineSpread() * 100, noise));
		headline.accept(("the starter's own share of the sample app's startup on EC2 (simulator at %d ms): **%.0f ms**, "
				+ "ratio %.3f (goal ≤ 60 ms: %s); CPU time %.0f ms more").formatted(LATENCY.toMillis(),
						difference.median(), ratio.median(), verdict, cpu.median()));
		s.append(threads(starterThreads, addedThreads, requests, headline));
		s.append(heap(heapOn, heapOff, headline));
		return s.toString();
	}

	private static String threads(List<List<String>> starterThreads, Set<String> addedThreads, List<Long> requests,
			Consumer<String> headline) {
		int most = starterThreads.stream().mapToInt(List::size).max().orElse(-1);
		Set<String> names = new TreeSet<>();
		starterThreads.forEach(names::addAll);
		String verdict = (most <= 2) ? "met" : "missed by %d".formatted(most - 2);
		StringBuilder s = new StringBuilder();
		s.append(("**Threads after startup.** In the first %d pairs, %d s after the \"Started\" line, "
				+ "`jcmd Thread.print` lists the live threads. The starter's (named `imds-…`): at most **%d** "
				+ "(%s); goal ≤ 2: **%s**. Threads alive in the enabled run and not in the disabled one of the same "
				+ "pair (digits replaced by N): %s. IMDS requests of the enabled runs by then: %s. With "
				+ "`imds.enabled=false` and off EC2 no `imds-…` thread is started (asserted by "
				+ "`ImdsStarterThreadsTests`).\n\n").formatted(PROBED, SETTLE.toSeconds(), most,
						names.isEmpty() ? "none" : "`" + String.join("`, `", names) + "`", verdict,
						addedThreads.isEmpty() ? "none" : "`" + String.join("`, `", addedThreads) + "`",
						Markdown.counts(Stats.of(requests.stream().map(Long::doubleValue).toList()))));
		headline.accept("starter threads alive after startup on EC2: **%d** (%s; goal ≤ 2: %s)".formatted(most,
				String.join(", ", names), verdict));
		return s.toString();
	}

	private static String heap(List<JvmProbe.Heap> on, List<JvmProbe.Heap> off, Consumer<String> headline) {
		Stats total = Stats.of(on.stream().map((heap) -> heap.totalBytes() / 1024.0).toList());
		Stats totalOff = Stats.of(off.stream().map((heap) -> heap.totalBytes() / 1024.0).toList());
		List<Double> differences = new ArrayList<>();
		for (int i = 0; i < on.size(); i++) {
			differences.add((on.get(i).totalBytes() - off.get(i).totalBytes()) / 1024.0);
		}
		Stats difference = Stats.of(differences);
		Stats own = Stats.of(on.stream().map((heap) -> heap.packageBytes() / 1024.0).toList());
		Stats instances = Stats.of(on.stream().map((heap) -> (double) heap.packageInstances()).toList());
		StringBuilder s = new StringBuilder();
		s.append("**Retained heap.** `jcmd GC.class_histogram` (live objects, after a full GC) in the same JVMs. KiB, "
				+ "median (min..max):\n\n");
		s.append(Markdown.keyValue()
			.row("live heap, starter enabled", total.format("%.0f"))
			.row("live heap, `imds.enabled=false`", totalOff.format("%.0f"))
			.row("difference per pair (what the starter retains, with what it makes Spring and the SDK load)",
					"**" + difference.format("%.0f") + "**")
			.row("instances of `io.github.imds.*` classes (shallow)", own.format("%.1f") + " KiB in "
					+ Markdown.counts(instances) + " objects"));
		headline.accept("heap retained with the starter on EC2: %.0f KiB more live heap than `imds.enabled=false` "
			.formatted(difference.median()) + "(%.1f KiB in `io.github.imds` objects themselves)".formatted(own.median()));
		return s.toString();
	}

	private static Set<String> normalized(List<String> names) {
		Set<String> set = new TreeSet<>();
		names.forEach((name) -> set.add(name.replaceAll("\\d+", "N")));
		return set;
	}

}
