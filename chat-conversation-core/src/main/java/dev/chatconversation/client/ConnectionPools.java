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
 */
final class ConnectionPools {

	private ConnectionPools() {
	}

	static ConnectionProvider shared() {
		return Shared.POOL;
	}

	static LoopResources loops() {
		return Shared.LOOPS;
	}

	static ConnectionProvider create(int maxConnections) {
		return ConnectionProvider.builder("chat-completions")
			.maxConnections(maxConnections)
			.pendingAcquireMaxCount(-1)
			.pendingAcquireTimeout(Duration.ofSeconds(60))
			.maxIdleTime(Duration.ofSeconds(30))
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
