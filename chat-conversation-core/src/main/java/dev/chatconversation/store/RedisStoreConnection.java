package dev.chatconversation.store;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import org.jspecify.annotations.Nullable;

/**
 * The one connection a {@link RedisConversationStore} sends its commands on: the one it
 * was given (the caller's to close), or one it opens from a client on first use (and
 * closes when the store is closed), so that a store can be built while Redis is down.
 * Lettuce connections are thread safe and reconnect by themselves once open.
 */
final class RedisStoreConnection implements AutoCloseable {

	private final @Nullable RedisClient client;

	private @Nullable StatefulRedisConnection<String, String> connection;

	private boolean closed;

	RedisStoreConnection(RedisClient client) {
		this.client = client;
	}

	RedisStoreConnection(StatefulRedisConnection<String, String> connection) {
		this.client = null;
		this.connection = connection;
	}

	synchronized StatefulRedisConnection<String, String> get() {
		if (this.closed) {
			throw new IllegalStateException("The Redis conversation store is closed");
		}
		if (this.connection == null && this.client != null) {
			this.connection = this.client.connect(StringCodec.UTF8);
		}
		return this.connection;
	}

	@Override
	public synchronized void close() {
		this.closed = true;
		if (this.client != null && this.connection != null) {
			this.connection.close();
		}
	}

}
