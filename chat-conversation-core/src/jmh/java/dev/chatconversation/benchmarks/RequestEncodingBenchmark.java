package dev.chatconversation.benchmarks;

import java.util.concurrent.TimeUnit;

import dev.chatconversation.client.model.ChatCompletionRequest;
import dev.chatconversation.client.model.WireJson;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Jackson serialisation of a streaming request with a 50-message mixed history, two tools
 * and the usual options, as the client encodes every request body.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RequestEncodingBenchmark {

	private ChatCompletionRequest request;

	@Setup
	public void prepare() {
		this.request = SampleConversations.request(50);
	}

	@Benchmark
	public byte[] encode() {
		return WireJson.mapper().writeValueAsBytes(this.request);
	}

}
