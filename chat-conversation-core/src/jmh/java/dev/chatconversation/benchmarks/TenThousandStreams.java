package dev.chatconversation.benchmarks;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The soak: 10,000 concurrent paced streams through the library in this JVM, which the
 * Maven profile starts with {@code -Xmx256m}; then the same through the raw baseline for
 * reference. Writes {@code soak.json} for {@link BenchmarkReport}.
 */
public final class TenThousandStreams {

	private static final Duration TIMEOUT = Duration.ofMinutes(5);

	private TenThousandStreams() {
	}

	public static void main(String[] args) throws Exception {
		BenchmarkSettings settings = BenchmarkSettings.fromSystemProperties();
		LoadPlan plan = LoadPlan.of(settings);
		StreamSpec spec = StreamSpec.paced(plan.soakChunks(), plan.delayMillis());
		ResultSet results = new ResultSet();
		results.put("soak.streams", plan.soakStreams());
		results.put("soak.maxHeapMb", Runtime.getRuntime().maxMemory() / 1024.0 / 1024.0);
		System.out.println("Soak: " + plan.soakStreams() + " concurrent streams of " + spec.chunks() + " chunks "
				+ spec.delayMillis() + " ms apart, max heap " + Runtime.getRuntime().maxMemory() / 1024 / 1024 + " MB");
		try (FakeServerProcess server = FakeServerProcess.start()) {
			try (LibraryClient ours = new LibraryClient(server.baseUrl());
					RawReactorNetty raw = new RawReactorNetty(server.baseUrl(), plan.soakStreams())) {
				// both contenders JIT-compiled before either is timed
				warmUp(ours);
				warmUp(raw);
				soak(ours, spec, plan.soakStreams(), results);
				JvmMeters.usedHeapAfterGc();
				soak(raw, spec, plan.soakStreams(), results);
			}
		}
		results.write(settings.soakResults());
		System.exit(0);
	}

	private static void warmUp(Contender contender) {
		new ConcurrentStreams(contender, StreamSpec.DEFAULT, 2000).run().block(TIMEOUT);
		JvmMeters.usedHeapAfterGc();
	}

	private static void soak(Contender contender, StreamSpec spec, int count, ResultSet results) {
		String prefix = "soak." + contender.name();
		AtomicLong peakHeap = new AtomicLong();
		Thread sampler = new Thread(() -> {
			while (!Thread.currentThread().isInterrupted()) {
				peakHeap.accumulateAndGet(JvmMeters.usedHeap(), Math::max);
				try {
					Thread.sleep(20);
				}
				catch (InterruptedException ex) {
					return;
				}
			}
		}, "heap-sampler");
		sampler.setDaemon(true);
		sampler.start();
		ConcurrentStreams streams = new ConcurrentStreams(contender, spec, count);
		long start = System.nanoTime();
		long completed = 0;
		try {
			completed = streams.run().block(TIMEOUT);
		}
		catch (RuntimeException | Error ex) {
			results.put(prefix + ".error", ex.toString());
		}
		finally {
			sampler.interrupt();
		}
		results.put(prefix + ".seconds", (System.nanoTime() - start) / 1e9);
		results.put(prefix + ".completed", completed);
		results.put(prefix + ".failed", streams.failed());
		results.put(prefix + ".firstFailure", streams.firstFailure());
		results.put(prefix + ".peakHeapMb", peakHeap.get() / 1024.0 / 1024.0);
	}

}
