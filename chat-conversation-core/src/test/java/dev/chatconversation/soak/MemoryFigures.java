package dev.chatconversation.soak;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;

/**
 * Memory in use after a garbage collection: direct and heap memory of Netty's default
 * allocator (the one Reactor Netty reads and writes with), the JVM's direct buffers, and
 * the heap.
 *
 * @param allocatorDirect direct memory Netty's default allocator holds
 * @param allocatorHeap heap memory Netty's default allocator holds
 * @param jvmDirect memory of the JVM's direct buffers (Netty's included)
 * @param heap used heap
 */
record MemoryFigures(long allocatorDirect, long allocatorHeap, long jvmDirect, long heap) {

	static MemoryFigures now() {
		System.gc();
		long allocatorDirect = -1;
		long allocatorHeap = -1;
		if (ByteBufAllocator.DEFAULT instanceof ByteBufAllocatorMetricProvider provider) {
			allocatorDirect = provider.metric().usedDirectMemory();
			allocatorHeap = provider.metric().usedHeapMemory();
		}
		long jvmDirect = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)
			.stream()
			.filter((pool) -> pool.getName().equals("direct"))
			.mapToLong(BufferPoolMXBean::getMemoryUsed)
			.sum();
		long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
		return new MemoryFigures(allocatorDirect, allocatorHeap, jvmDirect, heap);
	}

	@Override
	public String toString() {
		return "allocator direct " + kib(this.allocatorDirect) + ", allocator heap " + kib(this.allocatorHeap)
				+ ", JVM direct buffers " + kib(this.jvmDirect) + ", heap " + kib(this.heap) + " ("
				+ ByteBufAllocator.DEFAULT.getClass().getSimpleName() + ")";
	}

	private static String kib(long bytes) {
		return (bytes < 0) ? "n/a" : (bytes / 1024) + " KiB";
	}

}
