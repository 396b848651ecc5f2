package dev.chatconversation.benchmarks;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.openai.client.OpenAIClientAsync;
import com.openai.client.okhttp.OpenAIOkHttpClientAsync;
import com.openai.core.http.AsyncStreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * openai-java (the official OpenAI Java library, OkHttp transport) as a comparison
 * contender, on its defaults: its asynchronous client's {@code createStreaming} with a
 * handler for streams, its blocking client's {@code create} for non-streaming calls. A
 * test dependency of the {@code benchmarks} profile only.
 */
final class OpenAiJava implements Contender {

	private final OpenAIClientAsync client;

	private final Map<StreamSpec, ChatCompletionCreateParams> streamed = new ConcurrentHashMap<>();

	private final ChatCompletionCreateParams plain;

	OpenAiJava(String baseUrl) {
		this.client = OpenAIOkHttpClientAsync.builder().apiKey("sk-bench").baseUrl(baseUrl + "/v1").build();
		this.plain = ChatCompletionCreateParams.builder()
			.model("gpt-4o-mini")
			.addUserMessage(LibraryClient.PROMPT)
			.build();
	}

	@Override
	public String name() {
		return "openai-java";
	}

	@Override
	public Mono<Long> stream(StreamSpec spec, StreamProbe probe) {
		ChatCompletionCreateParams params = this.streamed.computeIfAbsent(spec, this::streamParams);
		return Mono.create((sink) -> {
			AsyncStreamResponse<ChatCompletionChunk> response = this.client.chat()
				.completions()
				.createStreaming(params);
			sink.onCancel(response::close);
			response.subscribe(new Counter(spec, probe, sink));
		});
	}

	private ChatCompletionCreateParams streamParams(StreamSpec spec) {
		ChatCompletionCreateParams.Builder params = this.plain.toBuilder()
			.streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
			.putAdditionalHeader("Accept", "text/event-stream");
		spec.query().forEach(params::putAdditionalQueryParam);
		return params.build();
	}

	/**
	 * One call of its blocking client on the subscribing thread, as its README shows
	 * first: its asynchronous {@code create} adds a hop through OkHttp's dispatcher
	 * threads that the other contenders' sequential calls do not pay.
	 */
	@Override
	public Mono<Integer> complete() {
		return Mono.fromCallable(() -> this.client.sync().chat().completions().create(this.plain))
			.map((completion) -> completion.choices().get(0).message().content().orElse("").length());
	}

	@Override
	public void close() {
		this.client.close();
	}

	/** Counts the chunks and text of one stream, then checks them against the spec. */
	private static final class Counter implements AsyncStreamResponse.Handler<ChatCompletionChunk> {

		private final StreamSpec spec;

		private final StreamProbe probe;

		private final MonoSink<Long> sink;

		private long chunks;

		private long deltas;

		private long textLength;

		Counter(StreamSpec spec, StreamProbe probe, MonoSink<Long> sink) {
			this.spec = spec;
			this.probe = probe;
			this.sink = sink;
		}

		@Override
		public void onNext(ChatCompletionChunk chunk) {
			this.chunks++;
			this.probe.chunk(this.chunks);
			String text = chunk.choices().isEmpty() ? "" : chunk.choices().get(0).delta().content().orElse("");
			if (!text.isEmpty()) {
				if (this.deltas++ == 0) {
					this.probe.firstDelta();
				}
				this.textLength += text.length();
			}
		}

		@Override
		public void onComplete(Optional<Throwable> failure) {
			if (failure.isPresent()) {
				this.sink.error(failure.get());
			}
			else if (this.chunks != this.spec.chunks() || this.deltas != this.spec.deltas()
					|| this.textLength != OpenAiStream.textLength(this.spec.chunks())) {
				this.sink.error(new IllegalStateException("Expected " + this.spec.chunks() + " chunks and "
						+ this.spec.deltas() + " deltas but got " + this.chunks + " and " + this.deltas));
			}
			else {
				this.sink.success(this.chunks);
			}
		}

	}

}
