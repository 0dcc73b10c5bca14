package io.github.imds.benchmarks;

import java.util.ArrayList;
import java.util.List;

/**
 * Starts the sample app in fresh JVMs, with the starter ("enabled", in the way a section chooses) and with
 * {@code imds.enabled=false}, one unmeasured start of each and then {@code runs} pairs, interleaved (the order
 * alternates, so that neither side always runs on a machine just woken by the other).
 */
final class InterleavedStarts {

	/** Figure indexes of a run. */
	static final int STARTED_IN = 0;

	static final int PROCESS_RUNNING_FOR = 1;

	static final int LAUNCH_TO_STARTED = 2;

	static final int CPU = 3;

	static final String[] FIGURES = { "Spring's \"Started … in X seconds\"", "JVM \"process running for\"",
			"launch to the \"Started\" line (wall)", "CPU time of the JVM at the \"Started\" line" };

	/**
	 * What runs once a JVM logged its "Started" line, before it is stopped (not timed).
	 */
	interface Probe {

		void started(SampleAppProcess app, boolean enabled, int run) throws Exception;

	}

	/** Whether one unmeasured start of each comes first ({@code -Dbenchmarks.warmUp=false} leaves it out). */
	static final boolean WARM_UP = !"false".equals(System.getProperty("benchmarks.warmUp"));

	private InterleavedStarts() {
	}

	static Result run(List<String> jvmOptions, List<String> enabled, List<String> disabled, int runs, Probe probe)
			throws Exception {
		if (WARM_UP) {
			start(jvmOptions, enabled, true, -1, probe);
			start(jvmOptions, disabled, false, -1, probe);
		}
		List<double[]> on = new ArrayList<>();
		List<double[]> off = new ArrayList<>();
		for (int i = 0; i < runs; i++) {
			if (i % 2 == 0) {
				on.add(start(jvmOptions, enabled, true, i, probe));
				off.add(start(jvmOptions, disabled, false, i, probe));
			}
			else {
				off.add(start(jvmOptions, disabled, false, i, probe));
				on.add(start(jvmOptions, enabled, true, i, probe));
			}
			RunAll.log("  run %d/%d: enabled %.3f s, disabled %.3f s".formatted(i + 1, runs, on.get(i)[0],
					off.get(i)[0]));
		}
		return new Result(on, off);
	}

	private static double[] start(List<String> jvmOptions, List<String> args, boolean enabled, int run, Probe probe)
			throws Exception {
		try (SampleAppProcess app = SampleAppProcess.start(jvmOptions, args.toArray(new String[0]))) {
			double[] figures = app.awaitStarted(600);
			double[] result = { figures[0], figures[1], app.launchToStartedSeconds(), app.cpuSecondsAtStarted() };
			probe.started(app, enabled, run);
			return result;
		}
	}

	/**
	 * How the runs were ordered, for the report.
	 * @param runs the pairs
	 * @return a phrase such as "one unmeasured start of each, then 5 pairs, interleaved"
	 */
	static String plan(int runs) {
		return (WARM_UP ? "one unmeasured start of each, then " : "no unmeasured start first (the jar was in the disk cache), ")
				+ runs + " pairs, interleaved (the order alternates)";
	}

	/**
	 * Per run: [Spring's "Started in", JVM "process running for", wall time launch to Started line, CPU time
	 * of the JVM at the Started line] seconds.
	 *
	 * @param enabled the runs with the starter
	 * @param disabled the runs with {@code imds.enabled=false}
	 */
	record Result(List<double[]> enabled, List<double[]> disabled) {

		Stats enabled(int figure) {
			return Stats.of(this.enabled.stream().map((run) -> run[figure]).toList());
		}

		Stats disabled(int figure) {
			return Stats.of(this.disabled.stream().map((run) -> run[figure]).toList());
		}

		/** Ratio of the medians, enabled / disabled. */
		double medianRatio(int figure) {
			return enabled(figure).median() / disabled(figure).median();
		}

		/** Per-pair ratios (run i enabled / run i disabled). */
		Stats pairRatios(int figure) {
			List<Double> ratios = new ArrayList<>();
			for (int i = 0; i < this.enabled.size(); i++) {
				ratios.add(this.enabled.get(i)[figure] / this.disabled.get(i)[figure]);
			}
			return Stats.of(ratios);
		}

		/** Per-pair differences (run i enabled - run i disabled), in milliseconds. */
		Stats pairDifferencesMillis(int figure) {
			List<Double> differences = new ArrayList<>();
			for (int i = 0; i < this.enabled.size(); i++) {
				differences.add((this.enabled.get(i)[figure] - this.disabled.get(i)[figure]) * 1000);
			}
			return Stats.of(differences);
		}

		/** Spread of the disabled runs' startup time: (max - min) / median. */
		double baselineSpread() {
			Stats baseline = disabled(STARTED_IN);
			return (baseline.max() - baseline.min()) / baseline.median();
		}

		/**
		 * The figures as a table: enabled, disabled, ratio of the medians, per-pair ratios and differences.
		 * @param enabledName the heading of the enabled column
		 * @return the table
		 */
		Markdown table(String enabledName) {
			Markdown table = Markdown.table("figure", enabledName, "`imds.enabled=false`", "ratio of medians",
					"per-pair ratios", "per-pair difference, ms");
			for (int figure = 0; figure < FIGURES.length; figure++) {
				table.row(FIGURES[figure], enabled(figure).format("%.3f"), disabled(figure).format("%.3f"),
						"**%.3f**".formatted(medianRatio(figure)), pairRatios(figure).format("%.3f"),
						pairDifferencesMillis(figure).format("%.0f"));
			}
			return table;
		}

	}

}
