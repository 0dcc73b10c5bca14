package io.github.imds.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Section 7: the startup delay of the sample app whose explicit IMDS endpoint accepts connections and never
 * answers ({@link BlackHole}), all other settings at their defaults, against {@code imds.enabled=false}.
 */
final class BlackHoleSection implements Section {

	static final int RUNS = Integer.getInteger("benchmarks.pairs.7", 4);

	@Override
	public int number() {
		return 7;
	}

	@Override
	public String title() {
		return "Startup with a black-holed explicit endpoint vs imds.enabled=false";
	}

	@Override
	public String run(Consumer<String> headline) throws Exception {
		InterleavedStarts.Result result;
		int connections;
		try (BlackHole hole = BlackHole.start()) {
			List<String> jvm = List.of("-D" + Loopback.SDK_ENDPOINT_PROPERTY + "=" + hole.endpoint());
			List<String> common = List.of("--sample.simulator=false", "--server.port=0");
			List<String> enabled = new ArrayList<>(common);
			enabled.add("--imds.endpoint=" + hole.endpoint());
			List<String> disabled = new ArrayList<>(common);
			disabled.add("--imds.enabled=false");
			result = InterleavedStarts.run(jvm, enabled, disabled, RUNS, (app, on, run) -> {
			});
			connections = hole.connections();
		}
		if (connections == 0) {
			throw new IllegalStateException("No run connected to the black hole; refusing to report figures");
		}
		Stats delay = result.pairDifferencesMillis(InterleavedStarts.STARTED_IN);
		Stats wall = result.pairDifferencesMillis(InterleavedStarts.LAUNCH_TO_STARTED);
		double noise = result.disabled(InterleavedStarts.STARTED_IN).median() * result.baselineSpread() / 2;
		String verdict = Markdown.atMostUnlessNoisy(delay.median() / 1000, 1.2, noise, " s");
		StringBuilder s = new StringBuilder();
		s.append("## 7. Black-holed endpoint\n\n");
		s.append(("The sample app with `--imds.endpoint` pointing at a loopback server that accepts connections "
				+ "and never answers (every other setting at its default: connect timeout 250 ms, read timeout "
				+ "1 s, `imds.fail-fast=false`), against `--imds.enabled=false`; fresh JVMs, %s. Seconds, median (min..max); the difference is the startup "
				+ "delay the unanswering endpoint causes. The server accepted %d connections in all. Goal: ≤ 1.2 s."
				+ "\n\n").formatted(InterleavedStarts.plan(RUNS), connections));
		s.append(result.table("black-holed endpoint"));
		s.append(("Startup delay: **%.0f ms** per pair (%.0f..%.0f) of Spring's startup time, %.0f ms (%.0f..%.0f) "
				+ "from launch to the \"Started\" line. Goal ≤ 1.2 s: **%s**.\n\n").formatted(delay.median(),
						delay.min(), delay.max(), wall.median(), wall.min(), wall.max(), verdict));
		headline.accept("startup delay with a black-holed explicit endpoint: **%.2f s** (goal ≤ 1.2 s: %s)"
			.formatted(delay.median() / 1000, verdict));
		return s.toString();
	}

}
