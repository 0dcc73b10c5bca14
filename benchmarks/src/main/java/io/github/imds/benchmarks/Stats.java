package io.github.imds.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Min, median and max of a few measurements.
 *
 * @param min the smallest value
 * @param median the median (mean of the two middle values for an even count)
 * @param max the largest value
 * @param count how many values
 */
record Stats(double min, double median, double max, int count) {

	static Stats of(List<Double> values) {
		if (values.isEmpty()) {
			throw new IllegalArgumentException("no values");
		}
		List<Double> sorted = new ArrayList<>(values);
		Collections.sort(sorted);
		int n = sorted.size();
		double median = (n % 2 == 1) ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
		return new Stats(sorted.get(0), median, sorted.get(n - 1), n);
	}

	/**
	 * {@code median (min..max)} with the given number format.
	 * @param format a {@link String#format} pattern for one number
	 * @return the text
	 */
	String format(String format) {
		return String.format(Locale.ROOT, format + " (" + format + ".." + format + ")", this.median, this.min,
				this.max);
	}

}
