package dev.chatconversation.testfixture;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

import dev.chatconversation.client.OpenApiRequestSchema;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.concurrent.GlobalEventExecutor;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.Connection;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.test.StepVerifier;
import tools.jackson.databind.json.JsonMapper;

/**
 * A scripted Chat Completions server on 127.0.0.1 and a random port, for tests: it
 * records every request, answers each with the next scripted {@link Reply} (the last one
 * repeats) and lets a test watch connections open and close. Register it with
 * {@code @RegisterExtension}; after each test it closes every connection, stops, and
 * checks that every recorded request body is a valid {@code CreateChatCompletionRequest}.
 * While a test runs, {@code StepVerifier.verify()} gives up after 10 s instead of
 * hanging. Used outside an extension, it is closed with {@link #close()}, which checks no
 * request.
 */
public final class FakeChatServer implements BeforeEachCallback, AfterEachCallback, AutoCloseable {

	private static final JsonMapper JSON = JsonMapper.shared();

	private final ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);

	private final List<Exchange> exchanges = new ArrayList<>();

	private final Sinks.Many<Exchange> arrivals = Sinks.many().replay().all();

	private volatile BiFunction<Integer, Exchange, Reply> router = (index, exchange) -> json(200, completion("Hello"));

	private final DisposableServer server;

	/** Starts the server; it answers every request with {@code completion("Hello")}. */
	public FakeChatServer() {
		this.server = bind(this.channels, this::handle);
	}

	/**
	 * Starts a server of your own on 127.0.0.1 and a random port, such as one that keeps
	 * no record of its requests, whose connections join {@code channels}; the replies
	 * below work with it.
	 * @param channels where each connection is added when it opens
	 * @param handler answers each request
	 * @return the server
	 */
	public static DisposableServer bind(ChannelGroup channels,
			BiFunction<? super HttpServerRequest, ? super HttpServerResponse, ? extends Publisher<Void>> handler) {
		return HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.doOnChannelInit((observer, channel, address) -> channels.add(channel))
			.handle(handler)
			.bindNow();
	}

	/** The base URL a client is given, {@code http://127.0.0.1:<port>/v1}. */
	public String baseUrl() {
		return "http://127.0.0.1:" + this.server.port() + "/v1";
	}

	/** The port the server listens on. */
	public int port() {
		return this.server.port();
	}

	/** Scripts the replies: request n gets reply n, and later requests the last one. */
	public FakeChatServer reply(Reply... replies) {
		List<Reply> script = List.of(replies);
		this.router = (index, exchange) -> script.get(Math.min(index, script.size() - 1));
		return this;
	}

	/** Chooses each reply from the request, such as from its body. */
	public FakeChatServer route(Function<Exchange, Reply> router) {
		this.router = (index, exchange) -> router.apply(exchange);
		return this;
	}

	/** The requests received so far, oldest first. */
	public synchronized List<Exchange> exchanges() {
		return List.copyOf(this.exchanges);
	}

	/** How many requests were received so far. */
	public synchronized int requestCount() {
		return this.exchanges.size();
	}

	/**
	 * Waits, at most {@code timeout} of real time (also under a virtual clock), for
	 * request number {@code number} (from 1).
	 */
	public Exchange awaitRequest(int number, Duration timeout) {
		return arrival(number).block(timeout);
	}

	/** Emits request number {@code number} (from 1) once it has arrived. */
	public Mono<Exchange> arrival(int number) {
		return this.arrivals.asFlux().skip(number - 1L).next();
	}

	/** The connections open now, as the server sees them. */
	public int openConnections() {
		// the group forgets a closed channel a little after its close future completes
		return (int) this.channels.stream().filter(Channel::isOpen).count();
	}

	/**
	 * Waits, at most {@code timeout}, until the client has closed every connection.
	 * @return whether all were closed in time
	 */
	public boolean awaitNoOpenConnections(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		for (Channel channel : List.copyOf(this.channels)) {
			long left = Math.max(0, deadline - System.nanoTime()) / 1_000_000;
			if (!channel.closeFuture().awaitUninterruptibly(left)) {
				return false;
			}
		}
		return true;
	}

	private Publisher<Void> handle(HttpServerRequest request, HttpServerResponse response) {
		Channel[] channel = new Channel[1];
		request.withConnection((connection) -> channel[0] = connection.channel());
		return request.receive().aggregate().asByteArray().defaultIfEmpty(new byte[0]).flatMap((body) -> {
			Exchange exchange = new Exchange(request.method().name(), request.uri(),
					new DefaultHttpHeaders().set(request.requestHeaders()), body, channel[0]);
			Reply reply;
			synchronized (this) {
				reply = this.router.apply(this.exchanges.size(), exchange);
				this.exchanges.add(exchange);
				this.arrivals.emitNext(exchange, Sinks.EmitFailureHandler.busyLooping(Duration.ofSeconds(1)));
			}
			return Mono.from(reply.send(response, channel[0]));
		});
	}

	@Override
	public void beforeEach(ExtensionContext context) {
		// a guard against hangs, not a speed check: a stream written in small pieces
		// takes
		// more than 10 s on a 2-core machine busy with other builds
		StepVerifier.setDefaultTimeout(Duration.ofSeconds(30));
	}

	@Override
	public void afterEach(ExtensionContext context) {
		StepVerifier.resetDefaultTimeout();
		close();
		exchanges().stream()
			.map(Exchange::bodyText)
			.distinct()
			.forEach(OpenApiRequestSchema.chatCompletionRequest()::assertValid);
	}

	/** Closes every connection and stops the server. */
	@Override
	public void close() {
		this.channels.close().awaitUninterruptibly(1000);
		this.server.disposeNow(Duration.ofSeconds(1));
	}

	/**
	 * A non-streaming {@code chat.completion} body whose reply is {@code content}.
	 * Synthetic, in the shape of {@code openai/chat-completion-text.json}.
	 */
	public static String completion(String content) {
		return """
				{"id":"chatcmpl-1","object":"chat.completion","created":1727346168,"model":"gpt-4o-mini",\
				"choices":[{"index":0,"message":{"role":"assistant","content":%s},"finish_reason":"stop"}],\
				"usage":{"prompt_tokens":9,"completion_tokens":2,"total_tokens":11}}"""
			.formatted(JSON.writeValueAsString(content));
	}

	/** A JSON (or any text) reply with a status and {@code name, value} header pairs. */
	public static Reply json(int status, String body, String... headers) {
		return bytes(status, body.getBytes(StandardCharsets.UTF_8), headers);
	}

	/** Like {@link #json}, with the body as bytes. */
	public static Reply bytes(int status, byte[] body, String... headers) {
		return (response, channel) -> {
			response.status(status).header("content-type", "application/json");
			for (int i = 0; i < headers.length; i += 2) {
				response.header(headers[i], headers[i + 1]);
			}
			return response.sendByteArray(Mono.just(body)).then();
		};
	}

	/**
	 * A 200 event stream; each element is flushed on its own, so tests control framing.
	 */
	public static Reply stream(Publisher<String> parts) {
		return (response, channel) -> eventStream(response).send(buffers(parts), (buffer) -> true).then();
	}

	/** Like {@link #stream}, then an abrupt close (TCP reset). */
	public static Reply streamThenReset(Publisher<String> parts) {
		return (response, channel) -> eventStream(response).send(buffers(parts), (buffer) -> true)
			.then()
			.then(Mono.fromRunnable(() -> reset(channel)));
	}

	/** Resets the connection without answering. */
	public static Reply reset() {
		return (response, channel) -> Mono.fromRunnable(() -> reset(channel));
	}

	private static void reset(Channel channel) {
		channel.config().setOption(ChannelOption.SO_LINGER, 0);
		channel.close();
	}

	/**
	 * Like {@link #stream}, then a clean close (FIN) in the middle of the chunked body.
	 */
	public static Reply streamThenClose(Publisher<String> parts) {
		return (response, channel) -> eventStream(response).send(buffers(parts), (buffer) -> true)
			.then()
			.then(Mono.fromRunnable(channel::close));
	}

	/**
	 * A stream without length or chunking, whose end is the server closing the socket.
	 */
	public static Reply streamUntilClose(Publisher<String> parts) {
		return (response, channel) -> eventStream(response).chunkedTransfer(false)
			.keepAlive(false)
			.send(buffers(parts), (buffer) -> true)
			.then();
	}

	/** Answers with {@code reply} once {@code trigger} completes. */
	public static Reply after(Publisher<?> trigger, Reply reply) {
		return (response, channel) -> Flux.from(trigger)
			.then(Mono.defer(() -> Mono.from(reply.send(response, channel))));
	}

	/** Accepts the request and never answers. */
	public static Reply never() {
		return (response, channel) -> Mono.never();
	}

	/** Keep-alive comments every {@code period}, forever (real time). */
	public static Flux<String> pings(Duration period) {
		return Flux.interval(period).map((tick) -> ": ping\n\n");
	}

	private static HttpServerResponse eventStream(HttpServerResponse response) {
		return response.status(200).header("content-type", "text/event-stream");
	}

	private static Flux<ByteBuf> buffers(Publisher<String> parts) {
		return Flux.from(parts).map((part) -> Unpooled.copiedBuffer(part, StandardCharsets.UTF_8));
	}

	/** How the server answers one request. */
	@FunctionalInterface
	public interface Reply {

		Publisher<Void> send(HttpServerResponse response, Channel channel);

	}

	/** One recorded request, with the connection that carried it. */
	public record Exchange(String method, String uri, HttpHeaders headers, byte[] body, Channel channel) {

		/** The body, read as UTF-8. */
		public String bodyText() {
			return new String(this.body, StandardCharsets.UTF_8);
		}

		/** The first value of a request header, or {@code null}. */
		public @Nullable String header(String name) {
			return this.headers.get(name);
		}

		/** Waits, at most {@code timeout}, for the connection to close. */
		public boolean awaitClosed(Duration timeout) {
			return this.channel.closeFuture().awaitUninterruptibly(timeout.toMillis());
		}

		/** Completes when the connection closes. */
		public Mono<Void> closed() {
			return Mono.create((sink) -> this.channel.closeFuture().addListener((future) -> sink.success()));
		}

		/**
		 * Closes the connection abruptly with a TCP reset, from its event loop; call it
		 * once the client has seen the data sent before, as a reset may discard data
		 * still in flight.
		 */
		public void reset() {
			this.channel.eventLoop().execute(() -> FakeChatServer.reset(this.channel));
		}

	}

}
