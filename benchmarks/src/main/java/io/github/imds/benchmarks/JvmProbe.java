package io.github.imds.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Looks into a running JVM with {@code jcmd} (from the same JDK): its live threads' names, and a class
 * histogram of its live objects (which runs a full GC first).
 */
final class JvmProbe {

	private static final Pattern THREAD = Pattern.compile("^\"([^\"]+)\" #\\d+");

	private static final Pattern HISTOGRAM_ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");

	private static final Pattern TOTAL = Pattern.compile("^Total\\s+(\\d+)\\s+(\\d+)");

	private JvmProbe() {
	}

	/**
	 * The names of the JVM's live Java threads.
	 * @param pid the JVM
	 * @return the names, in the dump's order
	 */
	static List<String> threadNames(long pid) throws IOException, InterruptedException {
		List<String> names = new ArrayList<>();
		for (String line : jcmd(pid, "Thread.print").lines().toList()) {
			Matcher matcher = THREAD.matcher(line);
			if (matcher.find()) {
				names.add(matcher.group(1));
			}
		}
		if (names.isEmpty()) {
			throw new IllegalStateException("jcmd Thread.print listed no thread for " + pid);
		}
		return names;
	}

	/**
	 * The live heap after a full GC, in all and for the classes of one package prefix.
	 * @param pid the JVM
	 * @param packagePrefix such as {@code io.github.imds.}
	 * @return the figures
	 */
	static Heap liveHeap(long pid, String packagePrefix) throws IOException, InterruptedException {
		long totalBytes = -1;
		long bytes = 0;
		long instances = 0;
		for (String line : jcmd(pid, "GC.class_histogram").lines().toList()) {
			Matcher row = HISTOGRAM_ROW.matcher(line);
			if (row.find()) {
				if (row.group(3).startsWith(packagePrefix)) {
					instances += Long.parseLong(row.group(1));
					bytes += Long.parseLong(row.group(2));
				}
				continue;
			}
			Matcher total = TOTAL.matcher(line);
			if (total.find()) {
				totalBytes = Long.parseLong(total.group(2));
			}
		}
		if (totalBytes < 0) {
			throw new IllegalStateException("jcmd GC.class_histogram printed no total for " + pid);
		}
		return new Heap(totalBytes, bytes, instances);
	}

	private static String jcmd(long pid, String command) throws IOException, InterruptedException {
		String jcmd = Paths.get(System.getProperty("java.home"), "bin", "jcmd").toString();
		Process process = new ProcessBuilder(jcmd, Long.toString(pid), command).redirectErrorStream(true).start();
		String output;
		try (InputStream in = process.getInputStream()) {
			output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
			process.destroyForcibly();
			throw new IllegalStateException("jcmd %d %s failed:\n%s".formatted(pid, command, output));
		}
		return output;
	}

	/**
	 * Live objects after a full GC.
	 *
	 * @param totalBytes all live objects, bytes
	 * @param packageBytes the shallow size of the instances of the package's classes, bytes
	 * @param packageInstances their number
	 */
	record Heap(long totalBytes, long packageBytes, long packageInstances) {

	}

}
