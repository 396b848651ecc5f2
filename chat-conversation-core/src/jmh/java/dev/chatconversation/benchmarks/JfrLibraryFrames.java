package dev.chatconversation.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Attributes a JFR recording's CPU samples and sampled allocation to the innermost frame
 * of the library's main code in each stack (or to "no library frame"), and prints the
 * heaviest stacks of a few frames: a flame graph in text, to tell what the library adds
 * per request from what {@code WebClient} and Reactor Netty cost on their own.
 *
 * <p>
 * Usage: {@code JfrLibraryFrames recording.jfr [rows] [depth]}.
 */
public final class JfrLibraryFrames {

	private static final String LIBRARY = "dev.chatconversation.";

	private static final String BENCHMARKS = "dev.chatconversation.benchmarks.";

	private final Map<String, Long> cpuByLibraryFrame = new HashMap<>();

	private final Map<String, Long> cpuByStack = new HashMap<>();

	private final Map<String, Long> allocationByLibraryFrame = new HashMap<>();

	private final Map<String, Long> allocationByStack = new HashMap<>();

	private final int depth;

	private JfrLibraryFrames(int depth) {
		this.depth = depth;
	}

	public static void main(String[] args) throws IOException {
		int rows = (args.length > 1) ? Integer.parseInt(args[1]) : 25;
		JfrLibraryFrames frames = new JfrLibraryFrames((args.length > 2) ? Integer.parseInt(args[2]) : 4);
		for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(args[0]))) {
			String type = event.getEventType().getName();
			if (type.equals("jdk.ExecutionSample")) {
				frames.add(event.getStackTrace(), 1, frames.cpuByLibraryFrame, frames.cpuByStack);
			}
			else if (type.equals("jdk.ObjectAllocationSample")) {
				frames.add(event.getStackTrace(), event.getLong("weight"), frames.allocationByLibraryFrame,
						frames.allocationByStack);
			}
		}
		print("CPU samples by innermost library frame", frames.cpuByLibraryFrame, rows);
		print("CPU samples by top frames", frames.cpuByStack, rows);
		print("sampled allocation by innermost library frame", frames.allocationByLibraryFrame, rows);
		print("sampled allocation by top frames", frames.allocationByStack, rows);
	}

	private void add(RecordedStackTrace stack, long weight, Map<String, Long> byLibrary, Map<String, Long> byStack) {
		if (stack == null || stack.getFrames().isEmpty()) {
			return;
		}
		List<RecordedFrame> list = stack.getFrames();
		String library = "(no library frame)";
		for (RecordedFrame frame : list) {
			String type = frame.getMethod().getType().getName();
			if (type.startsWith(LIBRARY) && !type.startsWith(BENCHMARKS)) {
				library = name(frame);
				break;
			}
		}
		byLibrary.merge(library, weight, Long::sum);
		StringBuilder top = new StringBuilder();
		for (int i = 0; i < Math.min(this.depth, list.size()); i++) {
			top.append((i > 0) ? " <- " : "").append(name(list.get(i)));
		}
		byStack.merge(top.toString(), weight, Long::sum);
	}

	private static String name(RecordedFrame frame) {
		String type = frame.getMethod().getType().getName();
		return type.substring(type.lastIndexOf('.') + 1) + "." + frame.getMethod().getName();
	}

	private static void print(String title, Map<String, Long> values, int rows) {
		long total = values.values().stream().mapToLong(Long::longValue).sum();
		System.out.printf(Locale.ROOT, "%n-- %s (total %,d)%n", title, total);
		values.entrySet()
			.stream()
			.sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
			.limit(rows)
			.forEach((entry) -> System.out.printf(Locale.ROOT, "%6.2f%%  %s%n", 100.0 * entry.getValue() / total,
					entry.getKey()));
	}

}
