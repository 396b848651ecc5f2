package dev.chatconversation.benchmarks.endpoint;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The fake model server of S5 on 127.0.0.1: every {@code POST /v1/chat/completions}
 * streams an OpenAI-shaped reply of pre-encoded chunks (role, content, finish, usage,
 * {@code [DONE]}), a pause before each content and finish chunk, and, when a hold is set,
 * waits after that many chunks until {@link #release()}.
 */
final class ModelServer implements AutoCloseable {

	private static final String HEAD = "{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"created\":1756318460,"
			+ "\"model\":\"gpt-4o-mini-2024-07-18\",\"system_fingerprint\":\"fp_bench\",\"choices\":[";

	private final ByteBuf role = event("{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},"
			+ "\"finish_reason\":null}],\"usage\":null}");

	private final ByteBuf content = event(
			"{\"index\":0,\"delta\":{\"content\":\" token\"},\"finish_reason\":null}],\"usage\":null}");

	private final ByteBuf finish = event("{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],\"usage\":null}");

	private final ByteBuf usageAndDone = shared(("data: " + HEAD
			+ "],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":97,\"total_tokens\":109}}\n\ndata: [DONE]\n\n")
		.getBytes(StandardCharsets.UTF_8));

	private final AtomicInteger atHold = new AtomicInteger();

	private final DisposableServer server;

	private volatile Reply reply = new Reply(100, Duration.ofMillis(20), 0);

	private volatile Sinks.Empty<Void> gate = Sinks.empty();

	ModelServer() {
		this.server = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.route((routes) -> routes.post("/v1/chat/completions", this::completions))
			.bindNow();
	}

	String baseUrl() {
		return "http://127.0.0.1:" + this.server.port() + "/v1";
	}

	/**
	 * Sets what the following requests get.
	 * @param next the reply
	 */
	void reply(Reply next) {
		this.gate = Sinks.empty();
		this.atHold.set(0);
		this.reply = next;
	}

	/** How many streams wait at the hold point. */
	int atHold() {
		return this.atHold.get();
	}

	/** Lets the held streams go on. */
	void release() {
		this.gate.tryEmitEmpty();
	}

	@Override
	public void close() {
		this.server.disposeNow(Duration.ofSeconds(10));
	}

	private Publisher<Void> completions(HttpServerRequest request, HttpServerResponse response) {
		Reply current = this.reply;
		Mono<ByteBuf> wait = this.gate.asMono()
			.doOnSubscribe((subscription) -> this.atHold.incrementAndGet())
			.then(Mono.empty());
		int deltas = current.chunks() - 3;
		int beforeHold = (current.holdAt() > 1) ? current.holdAt() - 1 : deltas;
		Flux<ByteBuf> body = Flux.concat(Mono.fromSupplier(this.role::duplicate), contents(beforeHold, current),
				(current.holdAt() > 1) ? wait : Mono.empty(), contents(deltas - beforeHold, current),
				Mono.delay(current.pause()).map((tick) -> this.finish.duplicate()),
				Mono.fromSupplier(this.usageAndDone::duplicate));
		return request.receive()
			.then()
			.then(Mono
				.defer(() -> response.header(HttpHeaderNames.CONTENT_TYPE, "text/event-stream").send(body).then()));
	}

	private Flux<ByteBuf> contents(int count, Reply current) {
		return Flux.range(0, count).delayElements(current.pause()).map((i) -> this.content.duplicate());
	}

	private static ByteBuf event(String choice) {
		return shared(("data: " + HEAD + choice + "\n\n").getBytes(StandardCharsets.UTF_8));
	}

	private static ByteBuf shared(byte[] bytes) {
		return Unpooled.unreleasableBuffer(Unpooled.directBuffer(bytes.length).writeBytes(bytes));
	}

	/**
	 * One reply shape.
	 *
	 * @param chunks chunks in all, role, finish and usage included
	 * @param pause the pause before each content and finish chunk
	 * @param holdAt chunks sent before waiting for {@link #release()}, or 0
	 */
	record Reply(int chunks, Duration pause, int holdAt) {

		/** The text deltas of a reply. */
		int deltas() {
			return this.chunks - 3;
		}

	}

}
