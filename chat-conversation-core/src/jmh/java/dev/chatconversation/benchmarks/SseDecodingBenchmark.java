package dev.chatconversation.benchmarks;

import java.util.concurrent.TimeUnit;

import dev.chatconversation.client.internal.SseDecoder;
import dev.chatconversation.client.internal.SseEvent;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@link SseDecoder} over a pre-encoded OpenAI stream cut into 8 KB reads; one operation
 * is one chunk.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SseDecodingBenchmark {

	private StreamChunks stream;

	@Setup
	public void prepare() {
		this.stream = new StreamChunks("text");
	}

	@Benchmark
	@OperationsPerInvocation(StreamChunks.CHUNKS)
	public void decode(Blackhole blackhole) {
		SseDecoder decoder = new SseDecoder(StreamChunks.MAX_EVENT_SIZE);
		SseDecoder.Listener listener = (SseEvent event) -> blackhole.consume(event.dataLength());
		for (byte[] read : this.stream.reads) {
			decoder.feed(read, 0, read.length, listener);
		}
		decoder.finish(listener);
	}

}
