package dev.chatconversation.samples.chatsse.demo;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.channel.Channel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.LoopResources;

/**
 * A small Chat Completions server on 127.0.0.1 that answers every message with a labelled
 * echo: {@code POST /v1/chat/completions}, streaming or not.
 *
 * <p>
 * It runs on its own event loop, so that it neither depends on nor disturbs the
 * application's web server.
 */
public final class DemoModelServer {

	/** The model name the demo server reports. */
	public static final String MODEL = "demo-echo";

	private final LoopResources loops;

	private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);

	private final AtomicInteger repliesInProgress = new AtomicInteger();

	private final DisposableServer server;

	private DemoModelServer(LoopResources loops, Duration wordDelay) {
		this.loops = loops;
		DemoCompletions completions = new DemoCompletions(wordDelay);
		this.server = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.runOn(loops)
			.doOnConnection((connection) -> this.connections.add(connection.channel()))
			.route((routes) -> routes.post("/v1/chat/completions", (request, response) -> Mono.defer(() -> {
				this.repliesInProgress.incrementAndGet();
				return Mono.from(completions.handle(request, response));
			}).doFinally((signal) -> this.repliesInProgress.decrementAndGet())))
			.bindNow(Duration.ofSeconds(10));
	}

	/**
	 * Starts a server on a free port.
	 * @param wordDelay the pause before each streamed word, so that streaming shows
	 * @return the running server
	 */
	public static DemoModelServer start(Duration wordDelay) {
		return new DemoModelServer(LoopResources.create("demo-model", 1, true), wordDelay);
	}

	/**
	 * The connections clients hold open to this server now, idle or not.
	 * @return their number
	 */
	public int openConnections() {
		return (int) this.connections.stream().filter(Channel::isOpen).count();
	}

	/**
	 * The requests being answered now: a streamed reply counts until it is sent or its
	 * client closes the connection.
	 * @return their number
	 */
	public int repliesInProgress() {
		return this.repliesInProgress.get();
	}

	/**
	 * The base URL to configure as {@code chat.base-url}.
	 * @return the URL, with its {@code /v1} path
	 */
	public String baseUrl() {
		return "http://127.0.0.1:" + this.server.port() + "/v1";
	}

	/**
	 * Stops the server, closing open streams; later calls do nothing.
	 */
	public void stop() {
		if (!this.server.isDisposed()) {
			this.server.disposeNow(Duration.ofSeconds(5));
		}
		this.loops.disposeLater(Duration.ZERO, Duration.ofSeconds(5)).block(Duration.ofSeconds(10));
	}

}
