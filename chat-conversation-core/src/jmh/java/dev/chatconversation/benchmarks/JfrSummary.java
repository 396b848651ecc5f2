package dev.chatconversation.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises a JFR recording of the load runner: CPU samples by top frame (self) and by
 * frame anywhere in the stack (total), and sampled allocation by class and by the
 * allocating frame, for the threads whose name starts with a prefix.
 *
 * <p>
 * Usage: {@code JfrSummary recording.jfr [thread-prefix] [rows]}, for example
 * {@code JfrSummary target/benchmarks/s1.jfr reactor-http 30}.
 */
public final class JfrSummary {

	private final Map<String, Long> selfSamples = new HashMap<>();

	private final Map<String, Long> totalSamples = new HashMap<>();

	private final Map<String, Long> allocationByClass = new HashMap<>();

	private final Map<String, Long> allocationBySite = new HashMap<>();

	private long samples;

	private long allocated;

	private JfrSummary() {
	}

	public static void main(String[] args) throws IOException {
		Path file = Path.of(args[0]);
		String prefix = (args.length > 1) ? args[1] : "";
		int rows = (args.length > 2) ? Integer.parseInt(args[2]) : 25;
		JfrSummary summary = new JfrSummary();
		Predicate<RecordedEvent> selected = (event) -> {
			RecordedThread thread = event.getThread(
					(event.getEventType().getName().endsWith("ExecutionSample")) ? "sampledThread" : "eventThread");
			return thread != null && thread.getJavaName() != null && thread.getJavaName().startsWith(prefix);
		};
		for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
			String type = event.getEventType().getName();
			if (type.equals("jdk.ExecutionSample") && selected.test(event)) {
				summary.sample(event.getStackTrace());
			}
			else if (type.equals("jdk.ObjectAllocationSample") && selected.test(event)) {
				summary.allocation(event);
			}
		}
		summary.print(rows);
	}

	private void sample(RecordedStackTrace stack) {
		if (stack == null || stack.getFrames().isEmpty()) {
			return;
		}
		this.samples++;
		List<RecordedFrame> frames = stack.getFrames();
		this.selfSamples.merge(name(frames.get(0)), 1L, Long::sum);
		Set<String> seen = new HashSet<>();
		for (RecordedFrame frame : frames) {
			String name = name(frame);
			if (seen.add(name)) {
				this.totalSamples.merge(name, 1L, Long::sum);
			}
		}
	}

	private void allocation(RecordedEvent event) {
		long weight = event.getLong("weight");
		this.allocated += weight;
		this.allocationByClass.merge(event.getClass("objectClass").getName(), weight, Long::sum);
		RecordedStackTrace stack = event.getStackTrace();
		if (stack != null) {
			this.allocationBySite.merge(site(stack.getFrames()), weight, Long::sum);
		}
	}

	/** The allocating frame and the first caller outside the JDK, which says why. */
	private static String site(List<RecordedFrame> frames) {
		if (frames.isEmpty()) {
			return "?";
		}
		String top = name(frames.get(0));
		for (RecordedFrame frame : frames) {
			String type = frame.getMethod().getType().getName();
			if (!type.startsWith("java.") && !type.startsWith("jdk.") && !type.startsWith("sun.")) {
				String caller = name(frame);
				return caller.equals(top) ? top : top + " <- " + caller;
			}
		}
		return top;
	}

	private static String name(RecordedFrame frame) {
		String type = frame.getMethod().getType().getName();
		return type.substring(type.lastIndexOf('.') + 1) + "." + frame.getMethod().getName();
	}

	private void print(int rows) {
		System.out.printf(Locale.ROOT, "%n%,d CPU samples%n", this.samples);
		table("self", this.selfSamples, this.samples, rows);
		table("total (anywhere in the stack)", this.totalSamples, this.samples, rows);
		System.out.printf(Locale.ROOT, "%nsampled allocation: %,d MB%n", this.allocated / 1024 / 1024);
		table("allocation by class", this.allocationByClass, this.allocated, rows);
		table("allocation by site", this.allocationBySite, this.allocated, rows);
	}

	private static void table(String title, Map<String, Long> counts, long total, int rows) {
		System.out.printf(Locale.ROOT, "%n-- %s%n", title);
		counts.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Long>comparingByValue().reversed())
			.limit(rows)
			.forEach((entry) -> System.out.printf(Locale.ROOT, "%6.2f%%  %s%n", 100.0 * entry.getValue() / total,
					entry.getKey()));
	}

}
