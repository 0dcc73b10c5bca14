package io.github.imds.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static io.github.imds.benchmarks.Markdown.counts;
import static io.github.imds.benchmarks.Markdown.duration;

/**
 * Section 2: the IMDS requests of {@link RotationWorkload}, ours against the SDK's, over 18 h and 7 days of
 * simulated time.
 */
final class RotationsSection implements Section {

	static final int RUNS = 3;

	@Override
	public int number() {
		return 2;
	}

	@Override
	public String title() {
		return "IMDS requests for 10 000 resolutions over 8 threads and three rotations";
	}

	@Override
	public String run(Consumer<String> headline) throws Exception {
		List<RotationWorkload.Result> ours = new ArrayList<>();
		List<RotationWorkload.Result> sdk = new ArrayList<>();
		List<Double> ratios = new ArrayList<>();
		for (int i = 0; i < RUNS; i++) {
			ours.add(RotationWorkload.ours("ours", RotationWorkload.SPAN, RotationWorkload.PHASES));
			sdk.add(RotationWorkload.sdk("InstanceProfileCredentialsProvider", RotationWorkload.SPAN,
					RotationWorkload.PHASES));
			ratios.add((double) ours.get(i).requests() / sdk.get(i).requests());
			RunAll.log("  run %d/%d: ours %d requests (%d rotations), SDK %d requests (%d rotations)".formatted(i + 1,
					RUNS, ours.get(i).requests(), ours.get(i).rotations(), sdk.get(i).requests(),
					sdk.get(i).rotations()));
		}
		Stats ratio = Stats.of(ratios);
		StringBuilder s = new StringBuilder();
		s.append("## 2. IMDS requests for the same credentials workload\n\n");
		s.append(("%,d `resolveCredentials()` calls from %d threads, spread evenly over %d h of simulated time "
				+ "(%,d phases; between phases the simulator's clock moves %s and %d ms of real time pass, %d ms "
				+ "more after a phase in which IMDS was called, so that asynchronous refreshes end before the clock "
				+ "moves on). The simulator issues EC2-like credentials: valid 6 h, new ones every hour. Both "
				+ "providers read that clock (ours through its builder, the SDK's through its own `clock(Clock)` "
				+ "test hook, set by reflection) and keep their default refresh policies, so the comparison is on "
				+ "the same timeline: %d h is three credential lifetimes, in which our provider rotates three times "
				+ "(refresh ~15 min before expiry) and the SDK's as often as its prefetch (at half the remaining "
				+ "life, at least 5 min) makes it. \"Rotations\" counts how often the access key id returned to "
				+ "callers changed. %d runs; figures are median (min..max). Goal: ours ≤ a third of the SDK's.\n\n")
			.formatted(RotationWorkload.CALLS, RotationWorkload.THREADS, RotationWorkload.SPAN.toHours(),
					RotationWorkload.PHASES, duration(RotationWorkload.SPAN.dividedBy(RotationWorkload.PHASES)),
					RotationWorkload.PAUSE.toMillis(), RotationWorkload.SETTLE.toMillis(),
					RotationWorkload.SPAN.toHours(), RUNS));
		s.append(table(ours, sdk));
		boolean met = ratio.median() <= 1.0 / 3 + 1e-9;
		s.append("Requests, ours / SDK: **%.3f** (%.3f..%.3f); goal ≤ 0.333: %s.\n\n".formatted(ratio.median(),
				ratio.min(), ratio.max(), met ? "met" : "missed by %.1f %% (%.3f instead of 0.333)"
					.formatted((ratio.median() * 3 - 1) * 100, ratio.median())));
		double oursPerRotation = perRotation(ours);
		double sdkPerRotation = perRotation(sdk);
		s.append(("Per rotation seen (start-up included): ours %.2f requests, the SDK %.2f. The SDK fetches a new "
				+ "token and the role name on every refresh (3 requests); ours reuses its 6 h token and the role "
				+ "name (1 GET, plus a token PUT when the token has expired). Start-up costs both the same 3 "
				+ "requests (token, role listing, credentials).\n\n").formatted(oursPerRotation, sdkPerRotation));
		RunAll.log("  7 days, once each");
		RotationWorkload.Result longOurs = RotationWorkload.ours("ours", RotationWorkload.LONG_SPAN,
				RotationWorkload.LONG_PHASES);
		RotationWorkload.Result longSdk = RotationWorkload.sdk("InstanceProfileCredentialsProvider",
				RotationWorkload.LONG_SPAN, RotationWorkload.LONG_PHASES);
		double longRatio = (double) longOurs.requests() / longSdk.requests();
		s.append(("The same %,d calls spread over %d days (%,d phases of %s), once each, show the steady state "
				+ "once start-up no longer weighs:\n\n").formatted(RotationWorkload.CALLS,
						RotationWorkload.LONG_SPAN.toDays(), RotationWorkload.LONG_PHASES,
						duration(RotationWorkload.LONG_SPAN.dividedBy(RotationWorkload.LONG_PHASES))));
		s.append(table(List.of(longOurs), List.of(longSdk)));
		s.append("Requests over %d days, ours / SDK: **%.3f**.\n\n".formatted(RotationWorkload.LONG_SPAN.toDays(),
				longRatio));
		if (!met) {
			s.append(whyMissed(ours, longOurs, longSdk, longRatio));
		}
		RunAll.log("  7 days: ours %d requests (%d rotations), SDK %d requests (%d rotations)".formatted(
				longOurs.requests(), longOurs.rotations(), longSdk.requests(), longSdk.rotations()));
		headline.accept(("IMDS requests for the same credentials workload (three rotations): ours / SDK = "
				+ "**%.2f** (goal ≤ 0.33: %s); over 7 days: %.2f").formatted(ratio.median(), met ? "met" : "missed",
						longRatio));
		return s.toString();
	}

	private static String whyMissed(List<RotationWorkload.Result> ours, RotationWorkload.Result longOurs,
			RotationWorkload.Result longSdk, double longRatio) {
		double oursPerRefresh = (double) (longOurs.requests() - 3) / Math.max(1, longOurs.rotations());
		double sdkPerRefresh = (double) (longSdk.requests() - 3) / Math.max(1, longSdk.rotations());
		double frequency = (double) longSdk.rotations() / Math.max(1, longOurs.rotations());
		return ("Why the goal is missed: a third needs the SDK's refreshes to cost three times ours in all. "
				+ "Per refresh they do cost %.1f× ours (%.2f requests against %.2f over %d days, start-up "
				+ "left out), but the SDK refreshed only %.2f× as often as ours (%d against %d times: about "
				+ "every %s against every %s), not the 2× that a refresh at every half-life of 6 h credentials "
				+ "would give, so the total settles near %.2f. In the %d h run, the 3 start-up requests, equal "
				+ "on both sides, weigh even more (3 of our %s).\n\n").formatted(sdkPerRefresh / oursPerRefresh,
						sdkPerRefresh, oursPerRefresh, RotationWorkload.LONG_SPAN.toDays(), frequency,
						longSdk.rotations(), longOurs.rotations(),
						duration(RotationWorkload.LONG_SPAN.dividedBy(Math.max(1, longSdk.rotations()))),
						duration(RotationWorkload.LONG_SPAN.dividedBy(Math.max(1, longOurs.rotations()))), longRatio,
						RotationWorkload.SPAN.toHours(), counts(ours, (r) -> (double) r.requests()));
	}

	private static Markdown table(List<RotationWorkload.Result> ours, List<RotationWorkload.Result> sdk) {
		Markdown table = Markdown.table("provider", "IMDS requests", "token PUTs", "role listings",
				"credentials GETs", "other failures", "rotations seen");
		row(table, "ours", ours);
		row(table, "SDK `InstanceProfileCredentialsProvider`", sdk);
		return table;
	}

	private static void row(Markdown table, String name, List<RotationWorkload.Result> results) {
		table.row(name, counts(results, (r) -> (double) r.requests()), counts(results, (r) -> (double) r.tokenPuts()),
				counts(results, (r) -> (double) r.listings()), counts(results, (r) -> (double) r.credentialGets()),
				counts(results, (r) -> (double) r.failed()), counts(results, (r) -> (double) r.rotations()));
	}

	private static double perRotation(List<RotationWorkload.Result> results) {
		return Stats.of(results.stream().map((r) -> (double) r.requests() / Math.max(1, r.rotations())).toList())
			.median();
	}

}
