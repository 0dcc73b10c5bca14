package io.github.imds.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * A Markdown table and the number formats the report uses.
 */
final class Markdown {

	private final List<String> header;

	private final List<List<String>> rows = new ArrayList<>();

	private Markdown(List<String> header) {
		this.header = header;
	}

	/**
	 * A table with these column headings.
	 * @param header the headings
	 * @return the table, without rows
	 */
	static Markdown table(String... header) {
		return new Markdown(Arrays.asList(header));
	}

	/**
	 * A two-column table of names and values without headings.
	 * @return the table, without rows
	 */
	static Markdown keyValue() {
		return new Markdown(List.of("", ""));
	}

	/**
	 * Adds a row; it must have as many cells as the header.
	 * @param cells the cells
	 * @return this table
	 */
	Markdown row(Object... cells) {
		if (cells.length != this.header.size()) {
			throw new IllegalArgumentException(
					"A row of %d cells in a table of %d columns".formatted(cells.length, this.header.size()));
		}
		this.rows.add(Arrays.stream(cells).map(String::valueOf).toList());
		return this;
	}

	@Override
	public String toString() {
		StringBuilder s = new StringBuilder();
		line(s, this.header);
		line(s, this.header.stream().map((cell) -> "---").toList());
		this.rows.forEach((row) -> line(s, row));
		return s.append("\n").toString();
	}

	private static void line(StringBuilder s, List<String> cells) {
		s.append("|");
		cells.forEach((cell) -> s.append(cell.isEmpty() ? " |" : " " + cell + " |"));
		s.append("\n");
	}

	/** Bold. */
	static String bold(String text) {
		return "**" + text + "**";
	}

	/** A number with 3 significant-ish digits: 0.123, 12.3, 123. */
	static String num(double value) {
		return String.format(Locale.ROOT, (value >= 100) ? "%.0f" : (value >= 10) ? "%.1f" : "%.3f", value);
	}

	/** A count: no decimals when whole, else one. */
	static String num0(double value) {
		return (value == Math.rint(value)) ? String.format(Locale.ROOT, "%.0f", value)
				: String.format(Locale.ROOT, "%.1f", value);
	}

	/** {@code median (min..max)} of counts, or one number when they are all equal. */
	static String counts(Stats stats) {
		return (stats.min() == stats.max()) ? num0(stats.median())
				: "%s (%s..%s)".formatted(num0(stats.median()), num0(stats.min()), num0(stats.max()));
	}

	/** {@link #counts(Stats)} of one figure of each result. */
	static <T> String counts(List<T> results, Function<T, Double> figure) {
		return counts(Stats.of(results.stream().map(figure).toList()));
	}

	/** A duration as people read it: 4 min 13 s, 2.4 s, 350 ms. */
	static String duration(Duration duration) {
		long seconds = duration.toSeconds();
		if (seconds >= 3600) {
			return "%d h %02d min".formatted(seconds / 3600, (seconds % 3600) / 60);
		}
		if (seconds >= 60) {
			return "%d min %02d s".formatted(seconds / 60, seconds % 60);
		}
		if (seconds >= 1) {
			return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
		}
		return duration.toMillis() + " ms";
	}

	/**
	 * "inconclusive" when the run's noise is larger than the goal, else {@link #atMost}.
	 * @param value the figure
	 * @param goal its upper bound
	 * @param noise how much alike runs differed in this run, in the same unit
	 * @param unit the unit, with a leading space
	 * @return the verdict
	 */
	static String atMostUnlessNoisy(double value, double goal, double noise, String unit) {
		if (noise > goal) {
			return "inconclusive: this run's noise (±%s%s) is larger than the goal".formatted(num(noise), unit);
		}
		return atMost(value, goal, unit);
	}

	/** "met" or "missed by …" for a goal that a figure must not exceed. */
	static String atMost(double value, double goal, String unit) {
		return (value <= goal) ? "met"
				: "missed by %s%s (%s instead of ≤ %s%s)".formatted(num(value - goal), unit, num(value), num(goal),
						unit);
	}

}
