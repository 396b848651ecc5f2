package dev.chatconversation.benchmarks;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.chatconversation.ChatCompletionsConversation;
import dev.chatconversation.client.model.StreamOptions;

/**
 * S1: one long stream as fast as the server can send it; chunks per second and bytes
 * allocated per chunk (all threads of this JVM), for the raw baseline, the client's
 * {@code Flux<String>} of deltas with an accumulator, a conversation's
 * {@code sendAndStreamResponse}, plain {@code WebClient} without JSON, and openai-java.
 */
final class ThroughputScenario {

	private static final Duration TIMEOUT = Duration.ofMinutes(2);

	private final LoadPlan plan;

	private final Map<String, Callable<Long>> runs = new LinkedHashMap<>();

	ThroughputScenario(LoadPlan plan, RawReactorNetty raw, LibraryClient ours, PlainWebClient webClient,
			Contender openAi, Contender... prototypes) {
		this.plan = plan;
		StreamSpec spec = StreamSpec.fast(plan.s1Chunks());
		this.runs.put("raw", () -> raw.stream(spec, StreamProbe.NONE).block(TIMEOUT));
		this.runs.put("ours", () -> ours.stream(spec, StreamProbe.NONE).block(TIMEOUT));
		this.runs.put("conversation", () -> conversation(ours, spec));
		this.runs.put(webClient.name(), () -> webClient.stream(spec, StreamProbe.NONE).block(TIMEOUT));
		this.runs.put(openAi.name(), () -> openAi.stream(spec, StreamProbe.NONE).block(TIMEOUT));
		for (Contender prototype : prototypes) {
			this.runs.put(prototype.name(), () -> prototype.stream(spec, StreamProbe.NONE).block(TIMEOUT));
		}
		this.runs.keySet().removeIf((name) -> !BenchmarkSettings.selected(name));
	}

	void run(ResultSet results) throws Exception {
		System.out.println("S1: one stream of " + this.plan.s1Chunks() + " chunks");
		for (int i = 0; i < this.plan.s1Warmups(); i++) {
			for (Callable<Long> run : this.runs.values()) {
				run.call();
			}
		}
		Map<String, Samples> rates = new LinkedHashMap<>();
		Map<String, Samples> allocations = new LinkedHashMap<>();
		for (int i = 0; i < this.plan.s1Runs(); i++) {
			for (Map.Entry<String, Callable<Long>> run : this.runs.entrySet()) {
				JvmMeters.ThreadCounters before = JvmMeters.threadCounters();
				long start = System.nanoTime();
				long chunks = run.getValue().call();
				double seconds = (System.nanoTime() - start) / 1e9;
				double bytes = before.allocatedSince();
				rates.computeIfAbsent(run.getKey(), (key) -> new Samples()).add(chunks / seconds);
				allocations.computeIfAbsent(run.getKey(), (key) -> new Samples()).add(bytes / chunks);
			}
		}
		rates.forEach((name, samples) -> results.put("s1." + name + ".chunksPerSecond", samples.median()));
		allocations.forEach((name, samples) -> results.put("s1." + name + ".bytesPerChunk", samples.median()));
	}

	private static long conversation(LibraryClient ours, StreamSpec spec) {
		ChatCompletionsConversation conversation = ChatCompletionsConversation.builder()
			.client(ours.client())
			.model("gpt-4o-mini")
			.build();
		Long deltas = conversation
			.sendAndStreamResponse(LibraryClient.PROMPT,
					(options) -> options.extraQuery(spec.query()).streamOptions(StreamOptions.withUsage()))
			.count()
			.block(TIMEOUT);
		if (deltas == null || deltas != spec.deltas()) {
			throw new IllegalStateException("Expected " + spec.deltas() + " deltas but got " + deltas);
		}
		return spec.chunks();
	}

}
