package io.github.imds.benchmarks;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Section 4: startup of the sample app off EC2, starter enabled against {@code imds.enabled=false}, in
 * separate JVMs, interleaved. "Off EC2" is a fake platform root whose DMI vendor is {@code QEMU}, so the
 * starter's platform detection answers "not EC2" and nothing is sent; no endpoint is configured. Each enabled
 * run is checked for the starter's "not an EC2 instance" line, and its {@code /actuator/imds} for the number
 * of IMDS requests the client made (every HTTP attempt counts there).
 */
final class OffEc2StartupSection implements Section {

	static final int RUNS = Integer.getInteger("benchmarks.pairs.4", 7);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Override
	public int number() {
		return 4;
	}

	@Override
	public String title() {
		return "Sample app startup off EC2, starter enabled vs imds.enabled=false";
	}

	@Override
	public String run(Consumer<String> headline) throws Exception {
		Path root = notEc2Root();
		List<String> common = List.of("--sample.simulator=false", "--server.port=0");
		List<String> enabled = new ArrayList<>(common);
		enabled.add("--imds.platform-root=" + root);
		List<String> disabled = new ArrayList<>(common);
		disabled.add("--imds.enabled=false");
		List<Long> requests = new ArrayList<>();
		InterleavedStarts.Result result = InterleavedStarts.run(List.of(), enabled, disabled, RUNS,
				(app, on, run) -> {
					if (on) {
						if (!app.outputContains("not an EC2 instance")) {
							throw new IllegalStateException(
									"The starter did not log that this is not an EC2 instance; output:\n"
											+ app.output());
						}
						requests.add(requestsMade(app));
					}
				});
		StringBuilder s = new StringBuilder();
		s.append("## 4. Sample app startup off EC2\n\n");
		s.append(("`io.github.imds.sample.SampleApplication` started with `java -jar` on its executable jar "
				+ "(default JVM options), `--sample.simulator=false --server.port=0`, with the starter enabled off "
				+ "EC2 (`--imds.platform-root` pointing at a fake `/sys` whose DMI vendor is `QEMU`: platform "
				+ "detection says \"not EC2\", and each run is checked for that log line) against "
				+ "`--imds.enabled=false`: %s; a pair is one run of each, and its ratio enabled / disabled. Seconds, median "
				+ "(min..max). After each enabled run's \"Started\" line, `/actuator/imds` tells how many IMDS "
				+ "requests its client made (every HTTP attempt is counted there). Goals: median ratio ≤ 1.03, "
				+ "0 network calls.\n\n").formatted(InterleavedStarts.plan(RUNS)));
		s.append(result.table("starter enabled, off EC2"));
		Stats pairs = result.pairRatios(InterleavedStarts.STARTED_IN);
		Stats cpuPairs = result.pairRatios(InterleavedStarts.CPU);
		long calls = requests.stream().mapToLong(Long::longValue).max().orElse(-1);
		double spread = result.baselineSpread();
		String verdict = ((pairs.median() <= 1.03) ? "met" : "missed by %.1f %%".formatted(
				(pairs.median() - 1.03) * 100));
		String callsVerdict = (calls == 0) ? "met" : "**missed: %d requests**".formatted(calls);
		s.append(("Median of the per-pair ratios: Spring's startup time **%.3f** (%.3f..%.3f), CPU time **%.3f** "
				+ "(%.3f..%.3f). Goal ≤ 1.03 on startup time: **%s**. The `imds.enabled=false` runs spread by "
				+ "%.0f %% of their median%s. IMDS requests made by the enabled runs: **%d** in every run "
				+ "(goal 0: %s).\n\n").formatted(pairs.median(), pairs.min(), pairs.max(), cpuPairs.median(),
						cpuPairs.min(), cpuPairs.max(), verdict, spread * 100,
						(spread > 0.30) ? " (a busy machine: judge by the per-pair ratios and the CPU time)" : "",
						calls, callsVerdict));
		headline.accept(("sample app startup off EC2, starter enabled / disabled: **%.3f** startup time, **%.3f** "
				+ "CPU time (median per-pair ratios; goal ≤ 1.03: %s); %d IMDS requests (goal 0: %s)").formatted(
						pairs.median(), cpuPairs.median(), verdict, calls, (calls == 0) ? "met" : "missed"));
		return s.toString();
	}

	private static long requestsMade(SampleAppProcess app) throws Exception {
		JsonNode imds = JSON.readTree(app.get("/actuator/imds"));
		JsonNode total = imds.at("/requests/total");
		if (!total.isNumber()) {
			throw new IllegalStateException("/actuator/imds has no requests.total: " + imds);
		}
		return total.asLong();
	}

	static Path notEc2Root() throws Exception {
		Path root = Files.createTempDirectory("imds-not-ec2");
		Path dmi = Files.createDirectories(root.resolve("sys/devices/virtual/dmi/id"));
		Files.writeString(dmi.resolve("sys_vendor"), "QEMU\n", StandardCharsets.UTF_8);
		Files.writeString(dmi.resolve("bios_vendor"), "SeaBIOS\n", StandardCharsets.UTF_8);
		return root;
	}

}
