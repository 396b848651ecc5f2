package dev.chatconversation.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.chatconversation.client.LibraryPools;
import dev.chatconversation.client.model.ChatCompletionChunk;
import dev.chatconversation.client.model.ChatCompletionRequest;
import dev.chatconversation.client.model.StreamOptions;
import dev.chatconversation.client.model.WireJson;
import dev.chatconversation.client.stream.ChatCompletionAccumulator;
import dev.chatconversation.client.internal.ChunkReader;
import dev.chatconversation.client.internal.SseDecoder;
import dev.chatconversation.client.internal.SseEvent;
import dev.chatconversation.message.Message;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.util.concurrent.FastThreadLocal;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Not a contender of the goals: a prototype of the proposed streaming path, measured only
 * with {@code -Dbench.prototype=true} to estimate what the proposals gain. It keeps the
 * library's decoding ({@link SseDecoder}, {@link ChunkReader},
 * {@link ChatCompletionAccumulator}) but calls Reactor Netty's {@link HttpClient}
 * directly instead of {@code WebClient}, decodes from a per-thread scratch array instead
 * of an 8 KB array per stream, and lets the response end after {@code [DONE]} instead of
 * cancelling it, so the connection goes back to the pool. It has no retries, timeouts or
 * error mapping.
 */
final class DirectPrototype implements Contender {

	private static final FastThreadLocal<byte[]> SCRATCH = new FastThreadLocal<>() {
		@Override
		protected byte[] initialValue() {
			return new byte[64 * 1024];
		}
	};

	private final ConnectionProvider pool;

	private final HttpClient http;

	private final byte[] body;

	DirectPrototype(String baseUrl, int maxConnections) {
		this.pool = LibraryPools.create(maxConnections);
		this.http = HttpClient.create(this.pool)
			.baseUrl(baseUrl)
			.headers((headers) -> headers.set(HttpHeaderNames.CONTENT_TYPE, "application/json")
				.set(HttpHeaderNames.AUTHORIZATION, "Bearer sk-bench")
				.set(HttpHeaderNames.ACCEPT, "text/event-stream"));
		ChatCompletionRequest request = ChatCompletionRequest.builder()
			.model("gpt-4o-mini")
			.message(Message.user(LibraryClient.PROMPT))
			.stream(true)
			.streamOptions(StreamOptions.withUsage())
			.build();
		this.body = WireJson.mapper().writeValueAsBytes(request);
	}

	@Override
	public String name() {
		return "prototype";
	}

	@Override
	public Mono<Long> stream(StreamSpec spec, StreamProbe probe) {
		return Mono.defer(() -> {
			Decoding decoding = new Decoding(probe);
			return this.http.post()
				.uri("/v1/chat/completions" + spec.queryString())
				.send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(this.body)))
				.responseContent()
				.map(decoding::decode)
				.concatMapIterable((texts) -> texts)
				.doOnNext((text) -> decoding.delta())
				.then(Mono.fromCallable(() -> decoding.check(spec)));
		});
	}

	@Override
	public Mono<Integer> complete() {
		return Mono.error(new UnsupportedOperationException("The prototype only streams"));
	}

	@Override
	public void close() {
		this.pool.disposeLater().block(Duration.ofSeconds(30));
	}

	/**
	 * The state of one stream.
	 */
	private static final class Decoding implements SseDecoder.Listener {

		private final SseDecoder decoder = new SseDecoder(16 * 1024 * 1024);

		private final ChunkReader reader = new ChunkReader();

		private final ChatCompletionAccumulator accumulator = new ChatCompletionAccumulator();

		private final StreamProbe probe;

		private List<String> texts = new ArrayList<>();

		private boolean done;

		private long deltas;

		Decoding(StreamProbe probe) {
			this.probe = probe;
		}

		List<String> decode(ByteBuf buffer) {
			this.texts = new ArrayList<>(4);
			int length = buffer.readableBytes();
			byte[] scratch = SCRATCH.get();
			for (int offset = 0; offset < length && !this.done; offset += scratch.length) {
				int part = Math.min(scratch.length, length - offset);
				buffer.getBytes(buffer.readerIndex() + offset, scratch, 0, part);
				this.decoder.feed(scratch, 0, part, this);
			}
			return this.texts;
		}

		@Override
		public void onEvent(SseEvent event) {
			if (this.done) {
				return;
			}
			if (event.dataEquals("[DONE]")) {
				this.done = true;
				return;
			}
			ChatCompletionChunk chunk = this.reader.read(event.dataArray(), event.dataOffset(), event.dataLength());
			this.accumulator.add(chunk);
			this.probe.chunk(this.accumulator.chunkCount());
			String text = chunk.text();
			if (!text.isEmpty()) {
				this.texts.add(text);
			}
		}

		void delta() {
			if (this.deltas++ == 0) {
				this.probe.firstDelta();
			}
		}

		long check(StreamSpec spec) {
			if (this.accumulator.chunkCount() != spec.chunks() || this.deltas != spec.deltas()
					|| this.accumulator.toCompletion().text().length() != OpenAiStream.textLength(spec.chunks())) {
				throw new IllegalStateException("Expected " + spec.chunks() + " chunks but got "
						+ this.accumulator.chunkCount() + " and " + this.deltas + " deltas");
			}
			return this.accumulator.chunkCount();
		}

	}

}
