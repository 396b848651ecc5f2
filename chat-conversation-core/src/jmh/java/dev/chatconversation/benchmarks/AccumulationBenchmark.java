package dev.chatconversation.benchmarks;

import java.util.concurrent.TimeUnit;

import dev.chatconversation.client.model.ChatCompletion;
import dev.chatconversation.client.model.ChatCompletionChunk;
import dev.chatconversation.client.stream.ChatCompletionAccumulator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@link ChatCompletionAccumulator#add} of a whole stream's chunks, then the completion;
 * one operation is one chunk.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AccumulationBenchmark {

	@Param({ "text", "tool_calls" })
	public String shape;

	private StreamChunks stream;

	@Setup
	public void prepare() {
		this.stream = new StreamChunks(this.shape);
	}

	@Benchmark
	@OperationsPerInvocation(StreamChunks.CHUNKS)
	public ChatCompletion accumulate() {
		ChatCompletionAccumulator accumulator = new ChatCompletionAccumulator();
		for (ChatCompletionChunk chunk : this.stream.chunks) {
			accumulator.add(chunk);
		}
		return accumulator.toCompletion();
	}

}
