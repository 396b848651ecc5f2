package dev.chatconversation.benchmarks.endpoint;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * The S5 table: per N, the pass-through floor and the library's endpoint measured in the
 * same run, the library's figures against the floor, and the goals of the performance
 * issue (completion at most 1.2 times the pass-through, at most 1 ms added to the median
 * time to first text, at most 30 KB of heap per open chat, no errors, CPU per relayed
 * chunk at most 1.5 times the pass-through).
 */
final class EndpointReport {

	private final List<EndpointResult> results;

	EndpointReport(List<EndpointResult> results) {
		this.results = results;
	}

	void print(boolean quick) {
		System.out.println();
		System.out.println("S5, the SSE endpoint end to end (" + (quick ? "quick" : "full") + " run): " + "chats of "
				+ EndpointBenchmark.CHUNKS + " chunks 20 ms apart");
		System.out.println("| N | app | completion (s) | first text p50 (ms) | heap per open chat (KB) | errors "
				+ "| CPU per relayed chunk (us) | goals |");
		System.out.println("|---|---|---|---|---|---|---|---|");
		for (EndpointResult floor : this.results) {
			if (!floor.app().equals(EndpointApp.PASS_THROUGH.id())) {
				continue;
			}
			System.out.println(row(floor, "", "", "", ""));
			for (EndpointResult ours : this.results) {
				if (ours.chats() == floor.chats() && ours.app().equals(EndpointApp.LIBRARY.id())) {
					System.out.println(libraryRow(ours, floor));
				}
			}
		}
		for (EndpointResult result : this.results) {
			if (!result.firstFailure().equals("none")) {
				System.out
					.println("first failure, " + result.app() + " at " + result.chats() + ": " + result.firstFailure());
			}
		}
		System.out.println();
	}

	private static String libraryRow(EndpointResult ours, EndpointResult floor) {
		double completion = ours.seconds() / floor.seconds();
		double added = ours.firstTextP50Millis() - floor.firstTextP50Millis();
		double cpu = ours.cpuMicrosPerChunk() / floor.cpuMicrosPerChunk();
		List<String> missed = new ArrayList<>();
		check(completion <= 1.2, "completion", missed);
		check(added <= 1.0, "first text", missed);
		check(ours.heapKbPerChat() <= 30, "heap", missed);
		check(ours.errors() == 0, "errors", missed);
		check(cpu <= 1.5, "CPU", missed);
		String goals = missed.isEmpty() ? "PASS" : "MISS: " + String.join(", ", missed);
		return row(ours, String.format(Locale.ROOT, " (%.2fx)", completion),
				String.format(Locale.ROOT, " (%+.2f ms)", added), String.format(Locale.ROOT, " (%.2fx)", cpu), goals);
	}

	private static void check(boolean met, String goal, List<String> missed) {
		if (!met) {
			missed.add(goal);
		}
	}

	private static String row(EndpointResult result, String completion, String firstText, String cpu, String goals) {
		return String.format(Locale.ROOT, "| %,d | %s | %.2f%s | %.2f%s | %.1f | %d | %.1f%s | %s |", result.chats(),
				result.app().equals(EndpointApp.LIBRARY.id()) ? "library endpoint" : "WebFlux pass-through",
				result.seconds(), completion, result.firstTextP50Millis(), firstText, result.heapKbPerChat(),
				result.errors(), result.cpuMicrosPerChunk(), cpu, goals);
	}

	static double median(Collection<Long> values) {
		if (values.isEmpty()) {
			return Double.NaN;
		}
		long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
		return sorted[sorted.length / 2];
	}

}
