package dev.chatconversation.benchmarks;

import java.util.Arrays;

/**
 * Timings or rates collected over repeated runs.
 */
final class Samples {

	private double[] values = new double[64];

	private int size;

	void add(double value) {
		if (this.size == this.values.length) {
			this.values = Arrays.copyOf(this.values, this.size * 2);
		}
		this.values[this.size++] = value;
	}

	int size() {
		return this.size;
	}

	double median() {
		return percentile(50);
	}

	double percentile(double percent) {
		if (this.size == 0) {
			return Double.NaN;
		}
		double[] sorted = Arrays.copyOf(this.values, this.size);
		Arrays.sort(sorted);
		int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
		return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
	}

	double max() {
		return percentile(100);
	}

	double min() {
		return percentile(0);
	}

}
