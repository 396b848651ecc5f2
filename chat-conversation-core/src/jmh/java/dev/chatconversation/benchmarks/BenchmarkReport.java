package dev.chatconversation.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prints one table of every result with its ratio to the raw Reactor Netty floor measured
 * in the same run, the goal from the performance issue, and whether it is met.
 */
public final class BenchmarkReport {

	private final List<String[]> rows = new ArrayList<>();

	private BenchmarkReport() {
	}

	public static void main(String[] args) {
		BenchmarkSettings settings = BenchmarkSettings.fromSystemProperties();
		BenchmarkReport report = new BenchmarkReport();
		ResultSet soak = ResultSet.read(settings.soakResults());
		for (FakeServerKind server : FakeServerKind.all()) {
			ResultSet load = ResultSet.read(settings.loadResults(server));
			if (load.text("mode") != null) {
				report.row("-- " + server.label() + " --", "", "", "", "", "");
				new EndToEndRows(load, soak).addTo(report);
			}
		}
		report.row("-- soak, " + FakeServerKind.REACTOR.label() + " --", "", "", "", "", "");
		new EndToEndRows(new ResultSet(), soak).addSoakTo(report);
		report.addMicrobenchmarks(JmhResults.read(settings.jmhResults()));
		report.print(settings);
	}

	void row(String scenario, String raw, String ours, String ratio, String goal, String verdict) {
		this.rows.add(new String[] { scenario, raw, ours, ratio, goal, verdict });
	}

	private void addMicrobenchmarks(JmhResults jmh) {
		for (Map.Entry<String, JmhResults.Score> entry : jmh.scores().entrySet()) {
			JmhResults.Score score = entry.getValue();
			String name = "JMH " + entry.getKey();
			String value = format(score.value()) + " " + score.unit() + ", " + format(score.bytesPerOp()) + " B/op";
			if (entry.getKey().startsWith("PersistenceBenchmark.")) {
				row(name, "-", value, "-", "< 100 ms", verdict(score.value() < 100, score.value()));
			}
			else if (entry.getKey().startsWith("StreamPipelineBenchmark.")) {
				row(name, "-", value.replace("/op", "/chunk"), "-", "<= 1,024 B/chunk",
						verdict(score.bytesPerOp() <= 1024, score.bytesPerOp()));
			}
			else {
				row(name, "-",
						value.replace("ns/op", "ns/chunk")
							.replace(" B/op", (score.unit().equals("ns/op") ? " B/chunk" : " B/op")),
						"-", "(info)", "");
			}
		}
	}

	private void print(BenchmarkSettings settings) {
		String[] header = { "Scenario", "Raw Reactor Netty", "Ours", "Ratio", "Goal", "Result" };
		int[] widths = new int[header.length];
		for (String[] row : withHeader(header)) {
			for (int i = 0; i < row.length; i++) {
				widths[i] = Math.max(widths[i], row[i].length());
			}
		}
		System.out.println();
		System.out.println("chat-conversation benchmarks (" + settings.mode() + " run; results in "
				+ settings.folder().toAbsolutePath() + ")");
		System.out.println(line(header, widths));
		StringBuilder rule = new StringBuilder("|");
		for (int width : widths) {
			rule.append("-".repeat(width + 2)).append('|');
		}
		System.out.println(rule);
		for (String[] row : this.rows) {
			System.out.println(line(row, widths));
		}
		System.out.println();
	}

	private List<String[]> withHeader(String[] header) {
		List<String[]> all = new ArrayList<>(this.rows);
		all.add(header);
		return all;
	}

	private static String line(String[] cells, int[] widths) {
		StringBuilder line = new StringBuilder("|");
		for (int i = 0; i < cells.length; i++) {
			line.append(' ').append(cells[i]).append(" ".repeat(widths[i] - cells[i].length())).append(" |");
		}
		return line.toString();
	}

	static String verdict(boolean met, double value) {
		if (Double.isNaN(value)) {
			return "NO DATA";
		}
		return met ? "PASS" : "MISS";
	}

	static String ratio(double ratio) {
		return Double.isNaN(ratio) || Double.isInfinite(ratio) ? "n/a" : String.format(Locale.ROOT, "%.2fx", ratio);
	}

	static String format(double value) {
		if (Double.isNaN(value)) {
			return "n/a";
		}
		if (Math.abs(value) >= 100) {
			return String.format(Locale.ROOT, "%,.0f", value);
		}
		if (Math.abs(value) >= 1) {
			return String.format(Locale.ROOT, "%.2f", value);
		}
		return String.format(Locale.ROOT, "%.3f", value);
	}

}
