package io.github.imds.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.stream.Stream;

/**
 * The machine a run measured: cores, CPU, JDK, OS and the load average, read at the start and at the end of
 * the run so that a run on a loaded machine shows as one.
 */
final class HostInfo {

	private HostInfo() {
	}

	static int cores() {
		return Runtime.getRuntime().availableProcessors();
	}

	static String jdk() {
		return "%s %s (%s)".formatted(System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"),
				System.getProperty("java.vm.vendor"));
	}

	static String os() {
		return "%s %s %s".formatted(System.getProperty("os.name"), System.getProperty("os.version"),
				System.getProperty("os.arch"));
	}

	/** The 1, 5 and 15 minute load averages, from {@code /proc/loadavg}, or "unknown". */
	static String loadAverage() {
		try {
			String[] fields = Files.readString(Paths.get("/proc/loadavg")).trim().split("\\s+");
			return fields[0] + " " + fields[1] + " " + fields[2];
		}
		catch (IOException | RuntimeException ex) {
			return "unknown";
		}
	}

	static String cpuModel() {
		Path cpuinfo = Paths.get("/proc/cpuinfo");
		if (!Files.isReadable(cpuinfo)) {
			return System.getProperty("os.arch");
		}
		try (Stream<String> lines = Files.lines(cpuinfo)) {
			return lines.filter((line) -> line.startsWith("model name"))
				.map((line) -> line.substring(line.indexOf(':') + 1).trim())
				.findFirst()
				.orElse(System.getProperty("os.arch"));
		}
		catch (IOException ex) {
			return System.getProperty("os.arch");
		}
	}

}
