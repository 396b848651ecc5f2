package dev.chatconversation.benchmarks;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.chatconversation.client.ChatCompletionsClient;
import dev.chatconversation.client.Timeouts;
import dev.chatconversation.client.model.ChatCompletion;
import dev.chatconversation.client.model.ChatCompletionChunk;
import dev.chatconversation.client.model.ChatCompletionRequest;
import dev.chatconversation.client.model.StreamOptions;
import dev.chatconversation.client.stream.ChatCompletionAccumulator;
import dev.chatconversation.message.Message;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The library's public API as an application uses it:
 * {@link ChatCompletionsClient#stream} mapped to a {@code Flux<String>} of text deltas,
 * with a {@link ChatCompletionAccumulator} building the reply, and
 * {@link ChatCompletionsClient#create} for non-streaming calls.
 */
final class LibraryClient implements Contender {

	static final String PROMPT = "Write a long story about streaming.";

	private final ChatCompletionsClient client;

	private final ChatCompletionRequest request;

	private final Map<StreamSpec, ChatCompletionRequest> requests = new ConcurrentHashMap<>();

	/**
	 * A client with the default settings, on the shared connection pool.
	 * @param baseUrl the server's URL
	 */
	LibraryClient(String baseUrl) {
		this(ChatCompletionsClient.builder()
			.baseUrl(baseUrl + "/v1")
			.apiKey("sk-bench")
			.timeouts(Boolean.getBoolean("bench.noTimeouts") ? Timeouts.NONE : Timeouts.DEFAULTS)
			.build());
	}

	/**
	 * A client with a connection pool of its own, released by {@link #close()}.
	 * @param baseUrl the server's URL
	 * @param maxConnections the pool size
	 */
	LibraryClient(String baseUrl, int maxConnections) {
		this(ChatCompletionsClient.builder()
			.baseUrl(baseUrl + "/v1")
			.apiKey("sk-bench")
			.maxConnections(maxConnections)
			.build());
	}

	private LibraryClient(ChatCompletionsClient client) {
		this.client = client;
		this.request = ChatCompletionRequest.builder()
			.model("gpt-4o-mini")
			.message(Message.user(PROMPT))
			.streamOptions(StreamOptions.withUsage())
			.build();
	}

	@Override
	public String name() {
		return "ours";
	}

	ChatCompletionsClient client() {
		return this.client;
	}

	@Override
	public Mono<Long> stream(StreamSpec spec, StreamProbe probe) {
		ChatCompletionRequest streamed = this.requests.computeIfAbsent(spec,
				(key) -> this.request.mutate().extraQuery(key.query()).build());
		return Mono.defer(() -> {
			ChatCompletionAccumulator accumulator = new ChatCompletionAccumulator();
			long[] deltas = new long[1];
			return deltas(streamed, accumulator, probe).doOnNext((text) -> {
				if (deltas[0]++ == 0) {
					probe.firstDelta();
				}
			}).then(Mono.fromCallable(() -> check(spec, accumulator, deltas[0])));
		});
	}

	/** The S1 path: text deltas, with the accumulator building the reply. */
	private Flux<String> deltas(ChatCompletionRequest streamed, ChatCompletionAccumulator accumulator,
			StreamProbe probe) {
		return this.client.stream(streamed).doOnNext((chunk) -> {
			accumulator.add(chunk);
			probe.chunk(accumulator.chunkCount());
		}).map(ChatCompletionChunk::text).filter((text) -> !text.isEmpty());
	}

	private static long check(StreamSpec spec, ChatCompletionAccumulator accumulator, long deltas) {
		ChatCompletion completion = accumulator.toCompletion();
		if (accumulator.chunkCount() != spec.chunks() || deltas != spec.deltas()
				|| completion.text().length() != OpenAiStream.textLength(spec.chunks())) {
			throw new IllegalStateException("Expected " + spec.chunks() + " chunks and " + spec.deltas()
					+ " deltas but got " + accumulator.chunkCount() + " and " + deltas);
		}
		return accumulator.chunkCount();
	}

	@Override
	public Mono<Integer> complete() {
		return this.client.create(this.request).map((completion) -> completion.text().length());
	}

	@Override
	public void close() {
		this.client.close();
	}

}
