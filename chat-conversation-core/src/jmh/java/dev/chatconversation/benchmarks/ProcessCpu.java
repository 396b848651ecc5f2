package dev.chatconversation.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU time used so far by this JVM, by one other process, or by every process of a name
 * (PostgreSQL's backends, Redis), read from {@code /proc} on Linux: what a load run costs
 * each party, so that a stored run's extra time can be traced to whoever spent it.
 * Elsewhere, or for processes that cannot be read, the figures are 0.
 */
final class ProcessCpu {

	/** Clock ticks per second of {@code /proc/<pid>/stat}: 100 on Linux. */
	private static final double TICKS_PER_SECOND = 100;

	private ProcessCpu() {
	}

	/** This JVM's CPU time, in milliseconds. */
	static double self() {
		if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
			return os.getProcessCpuTime() / 1e6;
		}
		return 0;
	}

	/** A process's CPU time, in milliseconds. */
	static double of(long pid) {
		return millis(Path.of("/proc", Long.toString(pid), "stat"));
	}

	/**
	 * The CPU time of every process whose command name is {@code name}, in milliseconds.
	 */
	static double named(String name) {
		double total = 0;
		try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
			for (Path process : (Iterable<Path>) processes::iterator) {
				if (!process.getFileName().toString().chars().allMatch(Character::isDigit)) {
					continue;
				}
				try {
					if (Files.readString(process.resolve("comm")).strip().equals(name)) {
						total += millis(process.resolve("stat"));
					}
				}
				catch (IOException ex) {
					// the process ended meanwhile
				}
			}
		}
		catch (IOException ex) {
			return 0;
		}
		return total;
	}

	private static double millis(Path stat) {
		try {
			String text = Files.readString(stat);
			// fields after the command name, which is in parentheses and may hold spaces
			String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
			// utime and stime are fields 14 and 15 of the line, 12 and 13 after the name
			return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 1000 / TICKS_PER_SECOND;
		}
		catch (IOException | RuntimeException ex) {
			return 0;
		}
	}

}
