package dev.chatconversation.testfixture;

import java.net.SocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToIntFunction;

import reactor.netty.resources.ConnectionPoolMetrics;
import reactor.netty.resources.ConnectionProvider;

/**
 * The metrics of a Reactor Netty connection pool, summed over its remote addresses: pass
 * it to {@code ConnectionProvider.builder(..).metrics(true, () -> metrics)}.
 */
public final class PoolMetrics implements ConnectionProvider.MeterRegistrar {

	private final List<ConnectionPoolMetrics> pools = new CopyOnWriteArrayList<>();

	@Override
	public void registerMetrics(String poolName, String id, SocketAddress remoteAddress,
			ConnectionPoolMetrics metrics) {
		this.pools.add(metrics);
	}

	/** Connections in use now. */
	public int acquired() {
		return sum(ConnectionPoolMetrics::acquiredSize);
	}

	/** Callers waiting for a connection now. */
	public int pending() {
		return sum(ConnectionPoolMetrics::pendingAcquireSize);
	}

	/** Connections open and free for reuse now. */
	public int idle() {
		return sum(ConnectionPoolMetrics::idleSize);
	}

	private int sum(ToIntFunction<ConnectionPoolMetrics> metric) {
		return this.pools.stream().mapToInt(metric).sum();
	}

}
