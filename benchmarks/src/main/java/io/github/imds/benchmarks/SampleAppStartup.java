package io.github.imds.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Benchmark 4: startup of the sample app off EC2, starter enabled against {@code imds.enabled=false}, in
 * separate JVMs, interleaved. "Off EC2" is a fake platform root whose DMI vendor is {@code QEMU}, so the
 * starter's platform detection answers "not EC2" and nothing is sent; no endpoint is configured. The enabled
 * runs are checked for the starter's "not an EC2 instance" line.
 */
final class SampleAppStartup {

	static final int RUNS = 15;

	private SampleAppStartup() {
	}

	static Result run(Consumer<String> progress) throws Exception {
		Path root = Files.createTempDirectory("imds-not-ec2");
		Path dmi = Files.createDirectories(root.resolve("sys/devices/virtual/dmi/id"));
		Files.writeString(dmi.resolve("sys_vendor"), "QEMU\n", StandardCharsets.UTF_8);
		Files.writeString(dmi.resolve("bios_vendor"), "SeaBIOS\n", StandardCharsets.UTF_8);
		List<String> common = List.of("--sample.simulator=false", "--server.port=0");
		List<String> enabled = new ArrayList<>(common);
		enabled.add("--imds.platform-root=" + root);
		List<String> disabled = new ArrayList<>(common);
		disabled.add("--imds.enabled=false");
		// One of each first, not measured: file system caches and the JIT's shared archive warm up.
		start(enabled, true);
		start(disabled, false);
		List<double[]> on = new ArrayList<>();
		List<double[]> off = new ArrayList<>();
		for (int i = 0; i < RUNS; i++) {
			boolean enabledFirst = (i % 2 == 0);
			if (enabledFirst) {
				on.add(start(enabled, true));
				off.add(start(disabled, false));
			}
			else {
				off.add(start(disabled, false));
				on.add(start(enabled, true));
			}
			progress.accept("  run %d/%d: enabled %.3f s, disabled %.3f s".formatted(i + 1, RUNS, on.get(i)[0],
					off.get(i)[0]));
		}
		return new Result(on, off);
	}

	private static double[] start(List<String> args, boolean expectNotEc2Line) throws Exception {
		try (SampleAppProcess app = SampleAppProcess.start(List.of(), args.toArray(new String[0]))) {
			double[] figures = app.awaitStarted(180);
			if (expectNotEc2Line && !app.outputContains("not an EC2 instance")) {
				throw new IllegalStateException(
						"The starter did not log that this is not an EC2 instance; output:\n" + app.output());
			}
			return new double[] { figures[0], figures[1], app.launchToStartedSeconds(), app.cpuSecondsAtStarted() };
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start the sample app", ex);
		}
	}

	/**
	 * Per run: [Spring's "Started in", JVM "process running for", wall time launch to Started line, CPU time
	 * of the JVM at the Started line] seconds.
	 *
	 * @param enabled the starter enabled (off EC2)
	 * @param disabled {@code imds.enabled=false}
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

	}

}
