package dev.chatconversation.benchmarks;

import java.io.ByteArrayOutputStream;
import java.util.concurrent.TimeUnit;

import dev.chatconversation.client.model.WireJson;
import dev.chatconversation.client.internal.ChunkReader;
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
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * {@link ChunkReader} reading each event's JSON into a chunk, one reader per stream: one
 * event at a time with a parser each ({@link ChunkReader#read}), and the events of one
 * network read with one parser, as the client reads them ({@link ChunkReader#readAll});
 * one operation is one chunk.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ChunkReadingBenchmark {

	@Param({ "text", "tool_calls" })
	public String shape;

	private StreamChunks stream;

	private byte[] together;

	private int[] bounds;

	@Setup
	public void prepare() {
		this.stream = new StreamChunks(this.shape);
		// the events' data one after the other, each followed by a line feed
		this.bounds = new int[2 * this.stream.eventData.length];
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (int i = 0; i < this.stream.eventData.length; i++) {
			byte[] data = this.stream.eventData[i];
			this.bounds[2 * i] = out.size();
			out.writeBytes(data);
			this.bounds[2 * i + 1] = out.size();
			out.write('\n');
		}
		this.together = out.toByteArray();
	}

	@Benchmark
	@OperationsPerInvocation(StreamChunks.CHUNKS)
	public void read(Blackhole blackhole) {
		ChunkReader reader = new ChunkReader();
		for (byte[] data : this.stream.eventData) {
			blackhole.consume(reader.read(data, 0, data.length));
		}
	}

	@Benchmark
	@OperationsPerInvocation(StreamChunks.CHUNKS)
	public void readAll(Blackhole blackhole) {
		new ChunkReader().readAll(this.together, this.bounds, this.stream.eventData.length, blackhole::consume);
	}

	/**
	 * The floor of {@link #read}: a parser per event, as the reader creates, and no
	 * tokens.
	 */
	@Benchmark
	@OperationsPerInvocation(StreamChunks.CHUNKS)
	public void parserPerEventOnly(Blackhole blackhole) {
		for (byte[] data : this.stream.eventData) {
			try (JsonParser parser = WireJson.mapper().createParser(data, 0, data.length)) {
				blackhole.consume(parser.nextToken());
			}
		}
	}

	/** The floor of {@link #read}: every token of every event, building nothing. */
	@Benchmark
	@OperationsPerInvocation(StreamChunks.CHUNKS)
	public void tokensOnly(Blackhole blackhole) {
		for (byte[] data : this.stream.eventData) {
			try (JsonParser parser = WireJson.mapper().createParser(data, 0, data.length)) {
				JsonToken token;
				while ((token = parser.nextToken()) != null) {
					blackhole.consume(token);
				}
			}
		}
	}

}
