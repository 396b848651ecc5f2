package dev.chatconversation.benchmarks;

import java.util.Locale;

/**
 * The table rows of the end-to-end scenarios, from the load runner's and the soak's
 * results.
 */
final class EndToEndRows {

	/**
	 * The label of the rows that show plain {@code WebClient} without JSON in the "ours"
	 * column: the floor of any {@code WebClient}-backed client, for reading the rows
	 * above.
	 */
	private static final String WEB_CLIENT_FLOOR = "  (plain WebClient, no JSON, in the same run)";

	private final ResultSet load;

	private final ResultSet soak;

	EndToEndRows(ResultSet load, ResultSet soak) {
		this.load = load;
		this.soak = soak;
	}

	void addTo(BenchmarkReport report) {
		higherIsBetter(report, "S1 throughput, Flux<String> + accumulator (chunks/s)", "s1", "ours", "chunksPerSecond",
				0.5);
		higherIsBetter(report, "S1 throughput, conversation.sendAndStreamResponse (chunks/s)", "s1", "conversation",
				"chunksPerSecond", Double.NaN);
		higherIsBetter(report, WEB_CLIENT_FLOOR, "s1", "webclient", "chunksPerSecond", Double.NaN);
		absolute(report, "S1 allocation per chunk, all threads (B)", "s1", "bytesPerChunk", 1024, "<= 1,024 B");
		lowerIsBetter(report, "S2 time to first delta p50 (ms)", "s2", "ours", "p50Millis", 1.2);
		lowerIsBetter(report, WEB_CLIENT_FLOOR, "s2", "webclient", "p50Millis", Double.NaN);
		lowerIsBetter(report, "S2 time to first delta p99 (ms)", "s2", "ours", "p99Millis", Double.NaN);
		lowerIsBetter(report, "S3 " + streams() + " streams, time to complete (s)", "s3", "ours", "seconds", 1.2);
		lowerIsBetter(report, WEB_CLIENT_FLOOR, "s3", "webclient", "seconds", Double.NaN);
		absolute(report, "S3 heap per open stream (KB)", "s3", "heapPerStreamKb", 10, "<= 10 KB");
		lowerIsBetter(report, WEB_CLIENT_FLOOR, "s3", "webclient", "heapPerStreamKb", Double.NaN);
		absolute(report, "S3 peak live threads", "s3", "peakThreads", 64, "no thread per stream (< 64)");
		lowerIsBetter(report, "S4 non-streaming 2 KB p50 (ms)", "s4", "ours", "p50Millis", 1.1);
		lowerIsBetter(report, WEB_CLIENT_FLOOR, "s4", "webclient", "p50Millis", Double.NaN);
		lowerIsBetter(report, "S4 non-streaming 2 KB p99 (ms)", "s4", "ours", "p99Millis", Double.NaN);
		new ComparisonRows(this.load).addTo(report);
		for (String scenario : new String[] { "s1", "s2", "s3", "s4" }) {
			String error = this.load.text(scenario + ".error");
			if (error != null) {
				report.row(scenario.toUpperCase(Locale.ROOT) + " failed", "", error, "", "", "ERROR");
			}
		}
	}

	/**
	 * The soak's row, once per report: the soak runs against one server.
	 * @param report the report
	 */
	void addSoakTo(BenchmarkReport report) {
		soakRow(report);
	}

	private String streams() {
		return String.format(Locale.ROOT, "%,.0f", this.load.number("s3.streams"));
	}

	private void higherIsBetter(BenchmarkReport report, String label, String scenario, String name, String metric,
			double goal) {
		double raw = this.load.number(scenario + ".raw." + metric);
		double ours = this.load.number(scenario + "." + name + "." + metric);
		double ratio = ours / raw;
		report.row(label, BenchmarkReport.format(raw), BenchmarkReport.format(ours), BenchmarkReport.ratio(ratio),
				Double.isNaN(goal) ? "(info)" : ">= " + goal + "x raw",
				Double.isNaN(goal) ? "" : BenchmarkReport.verdict(ratio >= goal, ratio));
	}

	private void lowerIsBetter(BenchmarkReport report, String label, String scenario, String name, String metric,
			double goal) {
		double raw = this.load.number(scenario + ".raw." + metric);
		double ours = this.load.number(scenario + "." + name + "." + metric);
		double ratio = ours / raw;
		report.row(label, BenchmarkReport.format(raw), BenchmarkReport.format(ours), BenchmarkReport.ratio(ratio),
				Double.isNaN(goal) ? "(info)" : "<= " + goal + "x raw",
				Double.isNaN(goal) ? "" : BenchmarkReport.verdict(ratio <= goal, ratio));
	}

	private void absolute(BenchmarkReport report, String label, String scenario, String metric, double limit,
			String goal) {
		double raw = this.load.number(scenario + ".raw." + metric);
		double ours = this.load.number(scenario + ".ours." + metric);
		report.row(label, BenchmarkReport.format(raw), BenchmarkReport.format(ours), BenchmarkReport.ratio(ours / raw),
				goal, BenchmarkReport.verdict(ours <= limit, ours));
	}

	private void soakRow(BenchmarkReport report) {
		double streams = this.soak.number("soak.streams");
		String label = String.format(Locale.ROOT, "%,.0f streams in -Xmx%.0fm: completed, time (s), peak heap (MB)",
				streams, this.soak.number("soak.maxHeapMb"));
		double ours = this.soak.number("soak.ours.completed");
		boolean met = ours == streams && this.soak.number("soak.ours.failed") == 0
				&& this.soak.text("soak.ours.error") == null;
		report.row(label, soakCell("raw"), soakCell("ours"),
				BenchmarkReport.ratio(this.soak.number("soak.ours.seconds") / this.soak.number("soak.raw.seconds")),
				"all complete, no error", BenchmarkReport.verdict(met, ours));
		String failure = this.soak.text("soak.ours.firstFailure");
		if (failure != null && !failure.equals("none")) {
			report.row("  first failure (ours)", "", failure, "", "", "");
		}
	}

	private String soakCell(String name) {
		String prefix = "soak." + name;
		return String.format(Locale.ROOT, "%,.0f, %s s, %s MB", this.soak.number(prefix + ".completed"),
				BenchmarkReport.format(this.soak.number(prefix + ".seconds")),
				BenchmarkReport.format(this.soak.number(prefix + ".peakHeapMb")));
	}

}
