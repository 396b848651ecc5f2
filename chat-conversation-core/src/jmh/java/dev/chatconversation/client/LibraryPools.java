package dev.chatconversation.client;

import reactor.netty.resources.ConnectionProvider;

/**
 * The client's connection pool settings, opened to the benchmarks so that their baselines
 * run on a pool configured exactly as the client's rather than on a copy of its settings.
 * A test source of the client's package (built only with {@code -Pbenchmarks}), never
 * part of the library jar.
 */
public final class LibraryPools {

	private LibraryPools() {
	}

	/**
	 * A pool configured as the client's own.
	 * @param maxConnections its size
	 * @return the pool
	 */
	public static ConnectionProvider create(int maxConnections) {
		return ConnectionPools.create(maxConnections);
	}

}
