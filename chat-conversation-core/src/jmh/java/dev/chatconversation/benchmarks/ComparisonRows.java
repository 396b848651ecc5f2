package dev.chatconversation.benchmarks;

/**
 * The table rows that set the library beside the other clients measured in the same run:
 * openai-java on every scenario, and a conversation per chat built with the Python-style
 * constructor or on one shared client (S2, S3, S4), with the goals that compare them.
 */
final class ComparisonRows {

	private static final String OPENAI = "  (openai-java, in the same run)";

	private static final String PER_CHAT = "  (ours, new ChatCompletionsConversation(key, url, model) per chat)";

	private static final String SHARED = "  (ours, one shared client, a conversation per chat)";

	private final ResultSet load;

	ComparisonRows(ResultSet load) {
		this.load = load;
	}

	void addTo(BenchmarkReport report) {
		info(report, "S1 throughput (chunks/s)", OPENAI, "s1", "openai-java", "chunksPerSecond");
		for (String[] row : new String[][] { { OPENAI, "openai-java" }, { PER_CHAT, "ours-per-chat" },
				{ SHARED, "ours-shared" } }) {
			info(report, "S2 time to first delta p50 (ms)", row[0], "s2", row[1], "p50Millis");
		}
		for (String[] metric : new String[][] { { "time to complete (s)", "seconds" },
				{ "heap per open stream (KB)", "heapPerStreamKb" }, { "peak live threads", "peakThreads" } }) {
			for (String[] row : new String[][] { { OPENAI, "openai-java" }, { PER_CHAT, "ours-per-chat" },
					{ SHARED, "ours-shared" } }) {
				info(report, "S3 " + metric[0], row[0], "s3", row[1], metric[1]);
			}
		}
		for (String[] metric : new String[][] { { "p50 (ms)", "p50Millis" },
				{ "CPU per request (us)", "cpuMicrosPerRequest" } }) {
			info(report, "S4 " + metric[0], "  ours", "s4", "ours", metric[1]);
			for (String[] row : new String[][] { { OPENAI, "openai-java" }, { PER_CHAT, "ours-per-chat" },
					{ SHARED, "ours-shared" } }) {
				info(report, "S4 " + metric[0], row[0], "s4", row[1], metric[1]);
			}
			against(report, "S4 " + metric[0] + ", ours against openai-java", "s4", "ours", "openai-java", metric[1],
					1.0);
		}
		against(report, "S3 time, constructor per chat against shared client", "s3", "ours-per-chat", "ours-shared",
				"seconds", 1.05);
		against(report, "S4 p50, constructor per chat against shared client", "s4", "ours-per-chat", "ours-shared",
				"p50Millis", 1.05);
	}

	/** A contender's figure beside raw's, with its ratio, held to no goal. */
	private void info(BenchmarkReport report, String metric, String contender, String scenario, String name,
			String key) {
		double raw = this.load.number(scenario + ".raw." + key);
		double value = this.load.number(scenario + "." + name + "." + key);
		if (Double.isNaN(value)) {
			return;
		}
		report.row(metric + " " + contender.trim(), BenchmarkReport.format(raw), BenchmarkReport.format(value),
				BenchmarkReport.ratio(value / raw), "(info)", "");
	}

	/** One contender's figure against another's (lower is better), with a goal. */
	private void against(BenchmarkReport report, String label, String scenario, String name, String baseline,
			String key, double goal) {
		double base = this.load.number(scenario + "." + baseline + "." + key);
		double value = this.load.number(scenario + "." + name + "." + key);
		double ratio = value / base;
		report.row(label, BenchmarkReport.format(base), BenchmarkReport.format(value), BenchmarkReport.ratio(ratio),
				"<= " + goal + "x " + baseline, BenchmarkReport.verdict(ratio <= goal, ratio));
	}

}
