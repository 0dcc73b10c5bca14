package io.github.imds.benchmarks;

import java.util.function.Consumer;

/**
 * Section 5: the IMDS requests of 1 000 health probes ({@link HealthProbes}).
 */
final class HealthSection implements Section {

	@Override
	public int number() {
		return 5;
	}

	@Override
	public String title() {
		return "1 000 /actuator/health calls";
	}

	@Override
	public String run(Consumer<String> headline) throws Exception {
		HealthProbes.Result result = HealthProbes.run();
		StringBuilder s = new StringBuilder();
		s.append("## 5. Health probes\n\n");
		s.append(("The sample app in its own JVM pointed at the loopback simulator (`--imds.endpoint`, "
				+ "`--imds.platform-detection=off`, `--imds.lifecycle.enabled=false` so that lifecycle polling is "
				+ "not counted), started; once the credentials' first fetch was seen and 2 s passed without an "
				+ "IMDS request, %,d `GET /actuator/health` in a row, the first one included; the simulator's journal counts the IMDS requests of those "
				+ "calls. Goal: ≤ 1.\n\n").formatted(HealthProbes.CALLS));
		s.append(Markdown.keyValue()
			.row("`imds` health component present", result.indicatorPresent() ? "yes" : "**no**")
			.row("IMDS requests caused by %,d health calls".formatted(HealthProbes.CALLS),
					"**%d**".formatted(result.requests()))
			.row("health calls not answered 200", result.notOk())
			.row("wall time of the calls", "%.2f s".formatted(result.seconds()))
			.row("per call, ms", result.millis().format("%.2f"))
			.row("IMDS requests of the app's startup (reference)", result.startupRequests())
			.row("requests received during the calls", result.paths().isEmpty() ? "none" : result.paths()));
		boolean met = result.requests() <= 1;
		if (result.indicatorPresent()) {
			s.append("Goal ≤ 1: %s.\n\n".formatted(met ? "met"
					: "missed by %d requests".formatted(result.requests() - 1)));
			s.append("The `imds` component of the first response began:\n\n```\n%s\n```\n\n"
				.formatted(result.imdsExcerpt()));
			headline.accept("%,d `/actuator/health` calls: **%d** IMDS request%s (goal ≤ 1: %s)".formatted(
					HealthProbes.CALLS, result.requests(), (result.requests() == 1) ? "" : "s",
					met ? "met" : "missed"));
		}
		else {
			s.append(("**Not measured: this build has no `imds` health indicator** (the health response has no "
					+ "`imds` component), so the %d requests above are not the indicator's cost; the figure "
					+ "becomes meaningful once the actuator support is on this branch.\n\n")
				.formatted(result.requests()));
			headline.accept("health probes: not measured, no `imds` health indicator in this build");
		}
		RunAll.log("  indicator present: %s, IMDS requests: %d".formatted(result.indicatorPresent(), result.requests()));
		return s.toString();
	}

}
