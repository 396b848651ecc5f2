package dev.chatconversation.benchmarks;

import java.util.concurrent.TimeUnit;

import dev.chatconversation.client.model.ChatCompletion;
import dev.chatconversation.client.model.ChatCompletionChunk;
import dev.chatconversation.client.stream.ChatCompletionAccumulator;
import dev.chatconversation.client.stream.ChunkReader;
import dev.chatconversation.client.stream.SseDecoder;
import dev.chatconversation.client.stream.SseEvent;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The client's per-chunk work without the network: SSE decoding, chunk reading, the text
 * delta and accumulation, from 8 KB reads to the completion. One operation is one chunk,
 * so the score is the CPU floor of the streaming path and its allocation per chunk.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class StreamPipelineBenchmark {

	@Param({ "text", "tool_calls" })
	public String shape;

	private StreamChunks stream;

	@Setup
	public void prepare() {
		this.stream = new StreamChunks(this.shape);
	}

	@Benchmark
	@OperationsPerInvocation(StreamChunks.CHUNKS)
	public ChatCompletion decodeReadAccumulate(Blackhole blackhole) {
		SseDecoder decoder = new SseDecoder(StreamChunks.MAX_EVENT_SIZE);
		ChunkReader reader = new ChunkReader();
		ChatCompletionAccumulator accumulator = new ChatCompletionAccumulator();
		SseDecoder.Listener listener = (SseEvent event) -> {
			if (!event.dataEquals("[DONE]")) {
				ChatCompletionChunk chunk = reader.read(event.dataArray(), event.dataOffset(), event.dataLength());
				accumulator.add(chunk);
				blackhole.consume(chunk.text());
			}
		};
		for (byte[] read : this.stream.reads) {
			decoder.feed(read, 0, read.length, listener);
		}
		decoder.finish(listener);
		return accumulator.toCompletion();
	}

}
