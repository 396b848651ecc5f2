package dev.chatconversation.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.QueryStringDecoder;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * A fast fake Chat Completions server on 127.0.0.1 that answers from pre-encoded bytes:
 * OpenAI-shaped streams (see {@link OpenAiStream} and {@link StreamSpec}) and a 2 KB
 * non-streaming completion. {@code GET /control/release?gate=NAME} lets held streams go
 * on.
 *
 * <p>
 * Run as its own process ({@link #main}) so that the client's heap, threads and
 * allocation are measured alone; it prints its port and stops when its standard input
 * closes.
 */
public final class FakeChatServer implements AutoCloseable {

	static final String PORT_LINE = "FAKE_SERVER_PORT=";

	private static final int BLOCK_CHUNKS = OpenAiStream.PIECES;

	private final ByteBuf role = shared(OpenAiStream.roleEvent());

	private final ByteBuf[] contents = new ByteBuf[OpenAiStream.PIECES];

	private final ByteBuf contentBlock;

	private final ByteBuf end = shared(
			concat(OpenAiStream.finishEvent("stop"), OpenAiStream.usageEvent(), OpenAiStream.doneEvent()));

	private final ByteBuf finish = shared(OpenAiStream.finishEvent("stop"));

	private final ByteBuf usageAndDone = shared(concat(OpenAiStream.usageEvent(), OpenAiStream.doneEvent()));

	private final ByteBuf completion = shared(SampleCompletion.json());

	private final Map<String, Sinks.Empty<Void>> gates = new ConcurrentHashMap<>();

	private final Map<EventLoop, Scheduler> schedulers = new ConcurrentHashMap<>();

	private final DisposableServer server;

	FakeChatServer() {
		List<byte[]> block = new ArrayList<>();
		for (int i = 0; i < OpenAiStream.PIECES; i++) {
			byte[] event = OpenAiStream.contentEvent(i);
			this.contents[i] = shared(event);
			block.add(event);
		}
		this.contentBlock = shared(concat(block.toArray(new byte[0][])));
		this.server = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.route((routes) -> routes.post("/v1/chat/completions", this::completions)
				.get("/control/release", this::release))
			.bindNow();
	}

	public static void main(String[] args) throws IOException {
		try (FakeChatServer server = new FakeChatServer()) {
			System.out.println(PORT_LINE + server.port());
			System.out.flush();
			InputStream in = System.in;
			while (in.read() != -1) {
				// runs until the parent process closes our standard input or dies
			}
		}
		System.exit(0);
	}

	int port() {
		return this.server.port();
	}

	@Override
	public void close() {
		this.server.disposeNow(Duration.ofSeconds(5));
	}

	private Publisher<Void> completions(HttpServerRequest request, HttpServerResponse response) {
		StreamSpec spec = StreamSpec.fromQuery(new QueryStringDecoder(request.uri()).parameters());
		boolean streaming = request.requestHeaders().get(HttpHeaderNames.ACCEPT, "").contains("text/event-stream");
		Mono<Void> drained = request.receive().then();
		response.header("x-request-id", "req_bench").header("openai-processing-ms", "1");
		if (!streaming) {
			return drained.then(response.header(HttpHeaderNames.CONTENT_TYPE, "application/json")
				.header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(this.completion.readableBytes()))
				.send(Mono.fromSupplier(this.completion::duplicate))
				.then());
		}
		response.header(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8");
		Flux<ByteBuf> body = (spec.delayMillis() > 0) ? paced(spec, scheduler(response)) : whole(spec);
		return drained.then(Mono.defer(() -> response.send(body).then()));
	}

	/** The whole body at once, content in blocks of pre-encoded chunks. */
	private Flux<ByteBuf> whole(StreamSpec spec) {
		int contentChunks = spec.deltas();
		int blocks = contentChunks / BLOCK_CHUNKS;
		int rest = contentChunks % BLOCK_CHUNKS;
		return Flux.concat(Mono.fromSupplier(this.role::duplicate),
				Flux.range(0, blocks).map((i) -> this.contentBlock.duplicate()),
				Flux.range(0, rest).map((i) -> this.contents[i].duplicate()), Mono.fromSupplier(this.end::duplicate));
	}

	/**
	 * One chunk at a time, a delay before each, waiting at the hold point for the gate.
	 */
	private Flux<ByteBuf> paced(StreamSpec spec, Scheduler scheduler) {
		Duration delay = Duration.ofMillis(spec.delayMillis());
		int contentChunks = spec.deltas();
		int hold = (spec.holdAt() > 1) ? Math.min(spec.holdAt() - 1, contentChunks) : contentChunks;
		Mono<ByteBuf> gate = (spec.holdAt() > 1) ? gate(spec.gate()).asMono().then(Mono.empty()) : Mono.empty();
		return Flux.concat(Mono.fromSupplier(this.role::duplicate),
				Flux.range(0, hold).delayElements(delay, scheduler).map(this::content), gate,
				Flux.range(hold, contentChunks - hold).delayElements(delay, scheduler).map(this::content),
				Mono.delay(delay, scheduler).map((tick) -> this.finish.duplicate()),
				Mono.fromSupplier(this.usageAndDone::duplicate));
	}

	private ByteBuf content(int index) {
		return this.contents[index % OpenAiStream.PIECES].duplicate();
	}

	private Publisher<Void> release(HttpServerRequest request, HttpServerResponse response) {
		String name = new QueryStringDecoder(request.uri()).parameters().getOrDefault("gate", List.of("")).get(0);
		gate(name).tryEmitEmpty();
		return response.sendString(Mono.just("released " + name)).then();
	}

	private Sinks.Empty<Void> gate(String name) {
		return this.gates.computeIfAbsent(name, (key) -> Sinks.empty());
	}

	/** Timers on the connection's own event loop, so pacing costs no thread hop. */
	private Scheduler scheduler(HttpServerResponse response) {
		EventLoop[] loop = new EventLoop[1];
		response.withConnection((connection) -> loop[0] = connection.channel().eventLoop());
		return this.schedulers.computeIfAbsent(loop[0], Schedulers::fromExecutorService);
	}

	private static ByteBuf shared(byte[] bytes) {
		return Unpooled.unreleasableBuffer(Unpooled.directBuffer(bytes.length).writeBytes(bytes));
	}

	private static byte[] concat(byte[]... parts) {
		int length = 0;
		for (byte[] part : parts) {
			length += part.length;
		}
		byte[] all = new byte[length];
		int offset = 0;
		for (byte[] part : parts) {
			System.arraycopy(part, 0, all, offset, part.length);
			offset += part.length;
		}
		return all;
	}

}
