package dev.chatconversation.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;

/**
 * What this JVM can tell about itself: bytes allocated by all threads, heap used after
 * garbage collection, and live threads.
 */
final class JvmMeters {

	private static final com.sun.management.ThreadMXBean THREADS = (com.sun.management.ThreadMXBean) ManagementFactory
		.getThreadMXBean();

	private JvmMeters() {
	}

	/**
	 * A snapshot of the bytes each live thread has allocated, and the CPU time it used,
	 * so far.
	 * @return the snapshot
	 */
	static ThreadCounters threadCounters() {
		long[] ids = THREADS.getAllThreadIds();
		long[] bytes = THREADS.getThreadAllocatedBytes(ids);
		long[] cpu = THREADS.getThreadCpuTime(ids);
		Map<Long, Long> allocated = new HashMap<>(ids.length * 2);
		Map<Long, Long> cpuNanos = new HashMap<>(ids.length * 2);
		for (int i = 0; i < ids.length; i++) {
			if (bytes[i] >= 0) {
				allocated.put(ids[i], bytes[i]);
			}
			if (cpu[i] >= 0) {
				cpuNanos.put(ids[i], cpu[i]);
			}
		}
		return new ThreadCounters(allocated, cpuNanos);
	}

	/**
	 * The heap used after a few full collections.
	 * @return the bytes in use
	 */
	static long usedHeapAfterGc() {
		long used = Long.MAX_VALUE;
		for (int i = 0; i < 4; i++) {
			System.gc();
			sleep(100);
			used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
		}
		return used;
	}

	static long usedHeap() {
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

	static void resetPeakThreads() {
		THREADS.resetPeakThreadCount();
	}

	static int peakThreads() {
		return THREADS.getPeakThreadCount();
	}

	static int liveThreads() {
		return THREADS.getThreadCount();
	}

	/**
	 * Waits, up to ten seconds, for the live threads to fall back to a count: a client
	 * closed just before (openai-java's thread per stream) must not weigh on the next
	 * one.
	 * @param count the count to wait for, give or take a few
	 */
	static void awaitLiveThreadsAtMost(int count) {
		long deadline = System.nanoTime() + 10_000_000_000L;
		while (liveThreads() > count + 4 && System.nanoTime() < deadline) {
			sleep(50);
		}
	}

	static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Bytes allocated and CPU time used per thread at one moment.
	 *
	 * @param allocated allocated bytes by thread id
	 * @param cpuNanos CPU time by thread id
	 */
	record ThreadCounters(Map<Long, Long> allocated, Map<Long, Long> cpuNanos) {

		/**
		 * The bytes all threads allocated since this snapshot; threads started since
		 * count in full, threads that ended since are lost.
		 * @return the bytes
		 */
		long allocatedSince() {
			return since(threadCounters().allocated(), this.allocated);
		}

		/**
		 * The CPU time all threads used since this snapshot.
		 * @return the time in nanoseconds
		 */
		long cpuNanosSince() {
			return since(threadCounters().cpuNanos(), this.cpuNanos);
		}

		private static long since(Map<Long, Long> now, Map<Long, Long> before) {
			long total = 0;
			for (Map.Entry<Long, Long> thread : now.entrySet()) {
				total += thread.getValue() - before.getOrDefault(thread.getKey(), 0L);
			}
			return total;
		}

	}

}
