package dev.chatconversation.benchmarks;

import java.time.Duration;

import dev.chatconversation.client.LibraryPools;
import dev.chatconversation.client.model.ChatCompletionRequest;
import dev.chatconversation.client.model.WireJson;
import dev.chatconversation.message.Message;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.util.ByteProcessor;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * The practical floor: Reactor Netty's {@link HttpClient} posting pre-encoded bytes and
 * counting {@code data:} lines in the response without any JSON parsing, on a pool with
 * the library's settings.
 */
final class RawReactorNetty implements Contender {

	private final ConnectionProvider pool;

	private final HttpClient streaming;

	private final HttpClient plain;

	private final byte[] streamBody;

	private final byte[] createBody;

	RawReactorNetty(String baseUrl, int maxConnections) {
		this.pool = LibraryPools.create(maxConnections);
		HttpClient http = HttpClient.create(this.pool)
			.baseUrl(baseUrl)
			.headers((headers) -> headers.set(HttpHeaderNames.CONTENT_TYPE, "application/json")
				.set(HttpHeaderNames.AUTHORIZATION, "Bearer sk-bench"));
		this.streaming = http.headers((headers) -> headers.set(HttpHeaderNames.ACCEPT, "text/event-stream"));
		this.plain = http.headers((headers) -> headers.set(HttpHeaderNames.ACCEPT, "application/json"));
		this.streamBody = body(true);
		this.createBody = body(false);
	}

	/**
	 * The pre-encoded request body of the baselines.
	 * @param stream whether it asks for a stream
	 * @return the JSON bytes
	 */
	static byte[] body(boolean stream) {
		ChatCompletionRequest request = ChatCompletionRequest.builder()
			.model("gpt-4o-mini")
			.message(Message.user(LibraryClient.PROMPT))
			.build();
		return WireJson.mapper().writeValueAsBytes(stream ? request.mutate().stream(true).build() : request);
	}

	@Override
	public String name() {
		return "raw";
	}

	@Override
	public Mono<Long> stream(StreamSpec spec, StreamProbe probe) {
		return Mono.defer(() -> {
			DataLineCounter counter = new DataLineCounter(probe);
			return this.streaming.post()
				.uri("/v1/chat/completions" + spec.queryString())
				.send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(this.streamBody)))
				.responseContent()
				.doOnNext((buffer) -> buffer.forEachByte(counter))
				.then(Mono.fromCallable(() -> counter.check(spec)));
		});
	}

	@Override
	public Mono<Integer> complete() {
		return this.plain.post()
			.uri("/v1/chat/completions")
			.send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(this.createBody)))
			.responseSingle((response, body) -> body.asByteArray())
			.map((bytes) -> bytes.length);
	}

	@Override
	public void close() {
		this.pool.disposeLater().block(Duration.ofSeconds(30));
	}

	/**
	 * Counts lines that start with {@code data:}, across buffer boundaries.
	 */
	static final class DataLineCounter implements ByteProcessor {

		private static final byte[] PREFIX = { 'd', 'a', 't', 'a', ':' };

		private final StreamProbe probe;

		private long lines;

		private int matched;

		DataLineCounter(StreamProbe probe) {
			this.probe = probe;
		}

		@Override
		public boolean process(byte value) {
			if (value == '\n') {
				this.matched = 0;
			}
			else if (this.matched >= 0 && this.matched < PREFIX.length) {
				if (value == PREFIX[this.matched]) {
					this.matched++;
					if (this.matched == PREFIX.length) {
						line();
					}
				}
				else {
					this.matched = -1;
				}
			}
			return true;
		}

		private void line() {
			this.lines++;
			this.probe.chunk(this.lines);
			if (this.lines == 2) {
				// the first line is the role chunk: the second carries the first delta
				this.probe.firstDelta();
			}
		}

		long check(StreamSpec spec) {
			if (this.lines != spec.dataLines()) {
				throw new IllegalStateException("Expected " + spec.dataLines() + " data lines but got " + this.lines);
			}
			return this.lines - 1;
		}

		long lines() {
			return this.lines;
		}

	}

}
