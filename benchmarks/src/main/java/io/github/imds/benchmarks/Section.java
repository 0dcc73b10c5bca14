package io.github.imds.benchmarks;

import java.util.function.Consumer;

/**
 * One section of {@code docs/benchmarks.md}: runs its benchmark and writes its Markdown.
 */
interface Section {

	/**
	 * The section's number in the report and in {@code -Dbenchmarks.only}.
	 * @return the number
	 */
	int number();

	/**
	 * What the progress line says while it runs.
	 * @return the title
	 */
	String title();

	/**
	 * Runs the benchmark.
	 * @param headline receives the summary lines (one per goal)
	 * @return the section's Markdown, from its {@code ##} heading on
	 * @throws Exception when the benchmark cannot run
	 */
	String run(Consumer<String> headline) throws Exception;

}
