package io.github.imds.benchmarks;

import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import software.amazon.awssdk.imds.Ec2MetadataClient;

import static io.github.imds.benchmarks.Markdown.counts;

/**
 * Section 3: the startup metadata load, warm ({@link StartupMetadataLoad}) and in a fresh JVM
 * ({@link ColdStartupLoad}), against the Spring Cloud AWS way and the physical limit.
 */
final class StartupLoadSection implements Section {

	@Override
	public int number() {
		return 3;
	}

	@Override
	public String title() {
		return "Startup metadata load at 0, 2 and 10 ms of latency, warm and in a fresh JVM";
	}

	@Override
	public String run(Consumer<String> headline) throws Exception {
		List<StartupMetadataLoad.LatencyResult> results = StartupMetadataLoad.run();
		StringBuilder s = new StringBuilder();
		s.append("## 3. Startup metadata load\n\n");
		s.append(("Ours: `new MetadataLoader().load(client, MetadataLoadOptions.defaults())`, what the starter "
				+ "runs at startup (one token PUT, the identity document, then the leaves, `mac`, every "
				+ "interface and the tags in parallel, 8 at a time). Baseline *Spring Cloud AWS*: the AWS SDK's "
				+ "`Ec2MetadataClient` (`imds` %s, `UrlConnectionHttpClient`) reads `ami-id` (its IMDS detection) "
				+ "and then Spring Cloud AWS's keys one after another, as its `ImdsUtils` does: %d entries naming "
				+ "31 distinct keys (`reservation-id` is listed, and fetched, twice): %s. Baseline *same paths*: "
				+ "the same SDK client reads exactly the paths our loader requested in that round, one after "
				+ "another; and, to show the cost per request of each HTTP stack, our client reads them one after "
				+ "another too (last column). Every run builds a new client (a new token, as at startup); "
				+ "client construction is "
				+ "not timed. %d warm-up rounds at 0 ms, then %d interleaved rounds per latency; times are median "
				+ "(min..max) in ms; speed-up is baseline time / our time of the same round. Goal: ≥ 5× faster "
				+ "than the Spring Cloud AWS way at 2 ms.\n\n").formatted(sdkImdsVersion(),
						StartupMetadataLoad.SPRING_CLOUD_AWS_KEYS.size(),
						String.join(", ", StartupMetadataLoad.SPRING_CLOUD_AWS_KEYS.stream()
							.map((key) -> "`" + key + "`")
							.toList()),
						StartupMetadataLoad.WARMUP_RUNS, StartupMetadataLoad.RUNS));
		s.append("| latency | ours: ms | requests | Spring Cloud AWS way: ms | requests | speed-up "
				+ "| SDK, our paths, sequential: ms | speed-up | ours, our paths, sequential: ms |\n"
				+ "|---|---|---|---|---|---|---|---|---|\n");
		String atTwo = "";
		for (StartupMetadataLoad.LatencyResult result : results) {
			Stats speedUp = result.speedUp(result.springCloudAws());
			Stats sameSpeedUp = result.speedUp(result.samePaths());
			s.append("| %d ms | %s | %s | %s | %s | **%s** | %s | %s | %s |\n".formatted(result.latency().toMillis(),
					result.oursMillis().format("%.1f"), counts(result.requests(result.ours())),
					result.millis(result.springCloudAws()).format("%.1f"),
					counts(result.requests(result.springCloudAws())), speedUp.format("%.1f×"),
					result.millis(result.samePaths()).format("%.1f"), sameSpeedUp.format("%.1f×"),
					result.millis(result.oursSequential()).format("%.1f")));
			RunAll.log("  %d ms: ours %s ms, Spring Cloud AWS way %s ms, speed-up %s".formatted(
					result.latency().toMillis(), result.oursMillis().format("%.1f"),
					result.millis(result.springCloudAws()).format("%.1f"), speedUp.format("%.1f")));
			if (result.latency().isZero()) {
				headline.accept(("warm startup load at 0 ms: **%.1f×** the speed of the SDK reading the same paths one "
						+ "after another (goal ≥ 1: %s)").formatted(sameSpeedUp.median(),
								(sameSpeedUp.median() >= 1) ? "met" : "missed by %.0f %%".formatted(
										(1 - sameSpeedUp.median()) * 100)));
			}
			if (result.latency().toMillis() == 2) {
				boolean met = speedUp.median() >= 5;
				String verdict = met ? "met" : "missed by %.0f %% (%.1f× instead of 5×)"
					.formatted((1 - speedUp.median() / 5) * 100, speedUp.median());
				atTwo = "At 2 ms: **%.1f×** faster (%.1f..%.1f); goal ≥ 5×: %s.\n\n".formatted(speedUp.median(),
						speedUp.min(), speedUp.max(), verdict);
				headline.accept("startup metadata load at 2 ms per request: **%.1f×** faster than the Spring Cloud "
					.formatted(speedUp.median()) + "AWS way (goal ≥ 5×: %s)".formatted(met ? "met" : "missed"));
			}
		}
		s.append("\n").append(atTwo);
		StartupMetadataLoad.LatencyResult zero = results.get(0);
		double oursPerRequest = zero.millis(zero.oursSequential()).median()
				/ zero.oursSequential().get(0).paths().size();
		double sdkPerRequest = zero.millis(zero.samePaths()).median() / zero.samePaths().get(0).paths().size();
		StartupMetadataLoad.LatencyResult two = results.stream()
			.filter((result) -> result.latency().toMillis() == 2)
			.findFirst()
			.orElse(zero);
		StartupMetadataLoad.LatencyResult last = results.get(results.size() - 1);
		double addedPerMilli = (last.oursMillis().median() - zero.oursMillis().median())
				/ Math.max(1, last.latency().toMillis());
		s.append(("Where the time goes: with no simulated latency, reading our paths one after another costs "
				+ "%.2f ms per request with our client (HTTP/1.1 over a socket channel on the caller's thread, under one "
				+ "deadline per exchange) and %.2f ms with the SDK's (`HttpURLConnection` on the caller's thread) on this "
				+ "machine, CPU time shared by client and simulator on %d cores. So at 0 ms our load (%.1f ms) is "
				+ "the CPU cost of its %d requests and of a new client (threads, connections), and at 2 ms (%.1f ms) "
				+ "it still mostly is: each ms of latency adds only %.1f ms to it (rows at 0 and %d ms), because the "
				+ "waiting overlaps that work, while the sequential baseline waits once per request. The speed-up "
				+ "therefore grows with the latency (see %d ms), which is what a real IMDS adds.\n\n").formatted(
						oursPerRequest, sdkPerRequest, Runtime.getRuntime().availableProcessors(),
						zero.oursMillis().median(), zero.ours().get(0).requests(), two.oursMillis().median(),
						addedPerMilli, last.latency().toMillis(), last.latency().toMillis()));
		s.append(coldStartupLoad(headline));
		s.append("Requests: ours counts the token PUT, the identity document, the meta-data leaves, `mac`, the "
				+ "interface listing and every interface's leaves, the tag listing and values; what it loads is a superset of Spring Cloud "
				+ "AWS's values (the identity document, the primary interface's VPC, subnet and security groups). "
				+ "The simulator answers 404 for the keys it does not model (`ami-manifest-path`, "
				+ "`instance-action`, `profile`, ...), as a real instance does for several of them.\n\n");
		return s.toString();
	}

	private static String coldStartupLoad(Consumer<String> headline) throws Exception {
		RunAll.log("  ... and each load once in a fresh JVM at 2 ms");
		ColdStartupLoad.Result cold = ColdStartupLoad.run();
		StringBuilder s = new StringBuilder();
		s.append(("**In a fresh JVM.** The figures above are for a warm JVM. A real start runs the load once, in a "
				+ "JVM that has loaded neither HTTP stack: each load above (ours, and the Spring Cloud AWS way) in "
				+ "its own JVM, %d of each, interleaved after one unmeasured run of each, at %d ms per request, "
				+ "timed from the start of `main` to the end of the load, client construction and class loading "
				+ "included (our load's budget raised from 2 s to %d s, so that a loaded machine times a whole load, "
				+ "not a cut one). ms, median (min..max).\n\n").formatted(ColdStartupLoad.RUNS,
						ColdStartupLoad.LATENCY.toMillis(), ColdStartupLoad.COLD_BUDGET.toSeconds()));
		s.append("| ours: ms | requests | Spring Cloud AWS way: ms | requests | speed-up (per pair) |\n"
				+ "|---|---|---|---|---|\n");
		s.append("| %s | %d | %s | %d | **%s** |\n\n".formatted(cold.ours().format("%.0f"), cold.oursRequests(),
				cold.springCloudAws().format("%.0f"), cold.springCloudAwsRequests(), cold.speedUp().format("%.1f×")));
		s.append(("In a fresh JVM ours is **%.1f×** faster (%.1f..%.1f). First uses weigh more than IMDS there: one "
				+ "token PUT alone in a fresh JVM takes %s ms with `HttpURLConnection` (what the "
				+ "SDK's `UrlConnectionHttpClient` uses; it logs request headers at FINE) and %s ms with the JDK "
				+ "`HttpClient` (`java.net.http`); reading one small JSON document with a new Jackson `JsonMapper` takes %s ms (the identity "
				+ "document; a Spring Boot application that uses Jackson pays that once anyway). Median (min..max) "
				+ "of %d each.\n\n").formatted(
						cold.speedUp().median(), cold.speedUp().min(), cold.speedUp().max(),
						cold.firstUrlConnection().format("%.0f"), cold.firstJdk().format("%.0f"),
						cold.firstJackson().format("%.0f"), ColdStartupLoad.FIRST_REQUEST_RUNS));
		s.append(("**Against the physical limit.** The same GETs as our load, sent in a fresh JVM over plain sockets "
				+ "on %d threads with nothing a client needs (no retries, deadlines, events, JSON or key mapping): "
				+ "%s ms; ours takes **%s×** that (per run). One GET with our client, its token PUT included, "
				+ "in a fresh JVM: %s ms; one small document read with Jackson's streaming parser (what "
				+ "`ImdsResponse.asJson()` uses): %s ms, against %s ms with a new `JsonMapper`.\n\n").formatted(
						PhysicalLimit.THREADS, cold.limit().format("%.0f"), cold.overLimit().format("%.2f"),
						cold.firstSocket().format("%.0f"), cold.firstStreaming().format("%.0f"),
						cold.firstJackson().format("%.0f")));
		double speedUp = cold.speedUp().median();
		double overLimit = cold.overLimit().median();
		String speedVerdict = (speedUp >= 5) ? "met"
				: "missed by %.0f %%".formatted((1 - speedUp / 5) * 100);
		String limitVerdict = (overLimit <= 1.5) ? "met"
				: "missed: %.1f× the goal".formatted(overLimit / 1.5);
		s.append(("Fresh-JVM goals: ≥ 5× faster than the Spring Cloud AWS way: **%s** (%.1f×); ≤ 1.5× the physical "
				+ "limit: **%s** (%.2f×).\n\n").formatted(speedVerdict, speedUp, limitVerdict, overLimit));
		headline.accept(("startup metadata load in a fresh JVM at %d ms per request: **%.1f×** faster than the "
				+ "Spring Cloud AWS way (%.0f ms against %.0f ms; goal ≥ 5×: %s)").formatted(
						ColdStartupLoad.LATENCY.toMillis(), speedUp, cold.ours().median(),
						cold.springCloudAws().median(), speedVerdict));
		headline.accept(("startup metadata load in a fresh JVM at %d ms per request: **%.2f×** the physical limit "
				+ "(goal ≤ 1.5×: %s)").formatted(ColdStartupLoad.LATENCY.toMillis(), overLimit, limitVerdict));
		return s.toString();
	}

	/** The version of the SDK's {@code imds} artifact on the class path. */
	static String sdkImdsVersion() {
		String location = String.valueOf(Ec2MetadataClient.class.getProtectionDomain().getCodeSource().getLocation());
		Matcher matcher = Pattern.compile("imds-([0-9][^/]*)\\.jar").matcher(location);
		return matcher.find() ? matcher.group(1) : "unknown";
	}

}
