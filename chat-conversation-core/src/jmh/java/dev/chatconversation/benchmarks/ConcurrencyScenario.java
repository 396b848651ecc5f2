package dev.chatconversation.benchmarks;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * S3: thousands of paced streams at once. Each contender gets a fresh connection pool per
 * round, so every stream pays for its connection. One run measures the wall time to
 * completion and the peak of live threads; another holds every stream half-way on the
 * server, measures the heap after garbage collection against the heap before the streams
 * opened, then lets them finish.
 */
final class ConcurrencyScenario {

	private static final Duration TIMEOUT = Duration.ofMinutes(5);

	private final LoadPlan plan;

	private final FakeServerProcess server;

	private final Map<String, Supplier<Contender>> contenders = new LinkedHashMap<>();

	ConcurrencyScenario(LoadPlan plan, FakeServerProcess server, boolean prototype) {
		this.plan = plan;
		this.server = server;
		int poolSize = 2 * plan.s3Streams();
		this.contenders.put("raw", () -> new RawReactorNetty(server.baseUrl(), poolSize));
		this.contenders.put("ours", () -> new LibraryClient(server.baseUrl(), poolSize));
		this.contenders.put("webclient", () -> new PlainWebClient(server.baseUrl(), poolSize));
		this.contenders.put("ours-per-chat", () -> ConversationContender.perChat(server.baseUrl()));
		this.contenders.put("ours-shared", () -> ConversationContender.shared(server.baseUrl(), poolSize));
		if (prototype) {
			this.contenders.put("prototype", () -> new DirectPrototype(server.baseUrl(), poolSize));
		}
		// last, and each contender waits for the threads of the one before to exit: its
		// thousand threads per run would weigh on whichever came next (they did on the
		// per-chat constructor)
		this.contenders.put("openai-java", () -> new OpenAiJava(server.baseUrl()));
		this.contenders.keySet().removeIf((name) -> !BenchmarkSettings.selected(name));
	}

	void run(ResultSet results) throws Exception {
		StreamSpec spec = StreamSpec.paced(this.plan.pacedChunks(), this.plan.delayMillis());
		System.out.println("S3: " + this.plan.s3Streams() + " concurrent streams of " + spec.chunks() + " chunks "
				+ spec.delayMillis() + " ms apart");
		results.put("s3.streams", this.plan.s3Streams());
		Map<String, Samples> seconds = new LinkedHashMap<>();
		Map<String, Samples> threads = new LinkedHashMap<>();
		int threadsAtStart = JvmMeters.liveThreads();
		for (int round = 0; round < this.plan.s3Rounds(); round++) {
			for (Map.Entry<String, Supplier<Contender>> contender : this.contenders.entrySet()) {
				JvmMeters.awaitLiveThreadsAtMost(threadsAtStart);
				try (Contender client = contender.getValue().get()) {
					JvmMeters.resetPeakThreads();
					long start = System.nanoTime();
					ConcurrentStreams streams = new ConcurrentStreams(client, spec, this.plan.s3Streams());
					long completed = streams.run().block(TIMEOUT);
					seconds.computeIfAbsent(contender.getKey(), (key) -> new Samples())
						.add((System.nanoTime() - start) / 1e9);
					threads.computeIfAbsent(contender.getKey(), (key) -> new Samples()).add(JvmMeters.peakThreads());
					check(contender.getKey(), completed, streams);
				}
			}
		}
		seconds.forEach((name, samples) -> results.put("s3." + name + ".seconds", samples.median()));
		threads.forEach((name, samples) -> results.put("s3." + name + ".peakThreads", samples.max()));
		for (Map.Entry<String, Supplier<Contender>> contender : this.contenders.entrySet()) {
			JvmMeters.awaitLiveThreadsAtMost(threadsAtStart);
			heldStreams(contender.getKey(), contender.getValue(), spec, results);
		}
	}

	private void heldStreams(String name, Supplier<Contender> factory, StreamSpec paced, ResultSet results)
			throws Exception {
		StreamSpec spec = paced.heldAt(this.plan.holdAt(), name + "-" + System.nanoTime());
		try (Contender client = factory.get()) {
			long before = JvmMeters.usedHeapAfterGc();
			// -Dbench.histogram=true prints what a held stream keeps alive
			HeapHistogram histograms = Boolean.getBoolean("bench.histogram") ? HeapHistogram.take() : null;
			ConcurrentStreams streams = new ConcurrentStreams(client, spec, this.plan.s3Streams());
			CompletableFuture<Long> completed = streams.run().toFuture();
			if (!streams.awaitHold(TIMEOUT)) {
				throw new IllegalStateException(name + ": the streams did not all reach the hold point");
			}
			long during = JvmMeters.usedHeapAfterGc();
			int live = JvmMeters.liveThreads();
			if (histograms != null) {
				System.out.println("  " + name + ": live objects per held stream, by class");
				HeapHistogram.take()
					.printGrowthSince(histograms, this.plan.s3Streams(),
							Integer.getInteger("bench.histogramLines", 30));
			}
			this.server.release(spec.gate());
			check(name, completed.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS), streams);
			results.put("s3." + name + ".heapPerStreamKb", (during - before) / 1024.0 / this.plan.s3Streams());
			results.put("s3." + name + ".liveThreadsHeld", live);
		}
	}

	private void check(String name, long completed, ConcurrentStreams streams) {
		if (completed != this.plan.s3Streams()) {
			throw new IllegalStateException(name + ": " + completed + " of " + this.plan.s3Streams()
					+ " streams completed; first failure: " + streams.firstFailure());
		}
	}

}
