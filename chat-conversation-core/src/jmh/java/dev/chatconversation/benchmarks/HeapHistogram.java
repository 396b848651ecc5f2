package dev.chatconversation.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import javax.management.JMException;
import javax.management.ObjectName;

/**
 * Live objects by class, from the JVM's own class histogram (which collects garbage
 * first), to attribute the heap an open stream holds.
 */
final class HeapHistogram {

	private final Map<String, long[]> classes;

	private HeapHistogram(Map<String, long[]> classes) {
		this.classes = classes;
	}

	static HeapHistogram take() {
		try {
			String text = (String) ManagementFactory.getPlatformMBeanServer()
				.invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
						new Object[] { new String[0] }, new String[] { String[].class.getName() });
			Map<String, long[]> classes = new HashMap<>();
			for (String line : text.split("\n")) {
				String[] fields = line.trim().split("\\s+");
				if (fields.length >= 4 && fields[0].endsWith(":")) {
					classes.put(fields[3], new long[] { Long.parseLong(fields[1]), Long.parseLong(fields[2]) });
				}
			}
			return new HeapHistogram(classes);
		}
		catch (JMException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Prints the classes whose live bytes grew most since an earlier histogram, per
	 * stream.
	 * @param before the earlier histogram
	 * @param streams the streams opened in between
	 * @param rows how many classes to print
	 */
	void printGrowthSince(HeapHistogram before, int streams, int rows) {
		Map<String, long[]> growth = new HashMap<>();
		this.classes.forEach((name, now) -> {
			long[] then = before.classes.getOrDefault(name, new long[2]);
			growth.put(name, new long[] { now[0] - then[0], now[1] - then[1] });
		});
		long total = growth.values().stream().mapToLong((delta) -> delta[1]).sum();
		System.out.printf(Locale.ROOT, "    live heap growth per stream: %,.0f B%n", (double) total / streams);
		growth.entrySet()
			.stream()
			.sorted((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1]))
			.limit(rows)
			.forEach((entry) -> System.out.printf(Locale.ROOT, "    %8.1f B %6.2f objects  %s%n",
					(double) entry.getValue()[1] / streams, (double) entry.getValue()[0] / streams, entry.getKey()));
	}

}
