package dev.chatconversation.samples.chatsse.demo;

import java.time.Duration;

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

	private final DisposableServer server;

	private DemoModelServer(LoopResources loops, DisposableServer server) {
		this.loops = loops;
		this.server = server;
	}

	/**
	 * Starts a server on a free port.
	 * @param wordDelay the pause before each streamed word, so that streaming shows
	 * @return the running server
	 */
	public static DemoModelServer start(Duration wordDelay) {
		LoopResources loops = LoopResources.create("demo-model", 1, true);
		DemoCompletions completions = new DemoCompletions(wordDelay);
		DisposableServer server = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.runOn(loops)
			.route((routes) -> routes.post("/v1/chat/completions", completions::handle))
			.bindNow(Duration.ofSeconds(10));
		return new DemoModelServer(loops, server);
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
