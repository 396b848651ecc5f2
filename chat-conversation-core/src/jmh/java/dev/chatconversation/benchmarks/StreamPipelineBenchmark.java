package dev.chatconversation.benchmarks;

import java.util.concurrent.TimeUnit;

import dev.chatconversation.client.BodyDecoding;
import dev.chatconversation.client.model.ChatCompletion;
import dev.chatconversation.client.stream.ChatCompletionAccumulator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
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

import org.springframework.core.io.buffer.NettyDataBufferFactory;

/**
 * The client's per-chunk work without the network: its body decoding (SSE decoding and
 * chunk reading, as the client runs it) from 8 KB pooled direct buffers, the text delta
 * and accumulation, to the completion. One operation is one chunk, so the score is the
 * CPU floor of the streaming path and its allocation per chunk.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class StreamPipelineBenchmark {

	private static final NettyDataBufferFactory BUFFERS = new NettyDataBufferFactory(PooledByteBufAllocator.DEFAULT);

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
		BodyDecoding decoding = new BodyDecoding(StreamChunks.MAX_EVENT_SIZE);
		ChatCompletionAccumulator accumulator = new ChatCompletionAccumulator();
		for (byte[] read : this.stream.reads) {
			ByteBuf buffer = PooledByteBufAllocator.DEFAULT.directBuffer(read.length).writeBytes(read);
			decoding.decode(BUFFERS.wrap(buffer), (chunk) -> {
				accumulator.add(chunk);
				blackhole.consume(chunk.text());
			});
		}
		decoding.finish(accumulator::add);
		return accumulator.toCompletion();
	}

}
