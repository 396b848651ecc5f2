package dev.chatconversation.client;

import java.time.Duration;

import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * Connection pools sized for streaming: a stream holds its connection for the whole
 * reply, so the pool allows many connections rather than Reactor Netty's default of a few
 * hundred, and callers beyond the limit wait instead of failing.
 *
 * <p>
 * Pooled connections run on the library's own daemon event loops, not on Reactor Netty's
 * global ones: Spring Boot disposes the global loops when an application context closes,
 * which would leave the shared pool with connections on dead loops (a later context's
 * requests would then hang).
 *
 * <p>
 * A pooled connection idle for {@link #MAX_IDLE_TIME} is closed rather than reused.
 * Servers close idle keep-alive connections without telling the client: after 5 s for
 * Node.js ({@code server.keepAliveTimeout}), uvicorn (which serves vLLM and most Python
 * OpenAI-compatible servers) and Apache httpd, 60 s for AWS load balancers, 75 s for
 * nginx. A request sent on such a connection as the server closes it fails with
 * "Connection prematurely closed BEFORE response" and spends a retry. Reactor Netty keeps
 * idle connections for ever by default, and this pool kept them 30 s; 4 s stays below the
 * shortest of those limits with a second to spare for the response's last bytes, the same
 * choice as the Python SDK's HTTP client (httpx keeps connections 5 s). A reply that
 * follows within 4 s still reuses its connection.
 */
final class ConnectionPools {

	/** How long a pooled connection may stay idle before it is closed. */
	static final Duration MAX_IDLE_TIME = Duration.ofSeconds(4);

	private ConnectionPools() {
	}

	static ConnectionProvider shared() {
		return Shared.POOL;
	}

	static LoopResources loops() {
		return Shared.LOOPS;
	}

	static ConnectionProvider create(int maxConnections) {
		return create(maxConnections, MAX_IDLE_TIME);
	}

	static ConnectionProvider create(int maxConnections, Duration maxIdleTime) {
		return ConnectionProvider.builder("chat-completions")
			.maxConnections(maxConnections)
			.pendingAcquireMaxCount(-1)
			.pendingAcquireTimeout(Duration.ofSeconds(60))
			.maxIdleTime(maxIdleTime)
			.evictInBackground(Duration.ofSeconds(30))
			.build();
	}

	/**
	 * The pool shared by clients with default settings, created on first use.
	 */
	private static final class Shared {

		static final ConnectionProvider POOL = create(ClientSettings.DEFAULT_MAX_CONNECTIONS);

		static final LoopResources LOOPS = LoopResources.create("chat-completions",
				LoopResources.DEFAULT_IO_WORKER_COUNT, true);

	}

}
