package dev.chatconversation.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

import dev.chatconversation.message.AssistantMessage;
import dev.chatconversation.message.Message;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.jspecify.annotations.Nullable;

/**
 * A conversation store in Redis, through the Lettuce driver: conversations survive
 * restarts and any number of instances can share them.
 *
 * <p>
 * Keys, all under a prefix ({@code chat:} by default): a hash {@code conv:<id>} (owner,
 * title, model, created and updated times, version, lease token and expiry, checkpoint),
 * a list {@code msgs:<id>} with one JSON message per entry, and the sorted sets
 * {@code by-updated} and {@code owner:<owner>} that list conversations newest first.
 * Every call is one run of one Lua script that checks the version, lease and expiry and
 * makes the change, so each call is atomic: another instance never sees half of a write,
 * and a failed call leaves the conversation as it was. A turn's write pushes only the
 * messages it adds (and trims the list if it keeps fewer): its cost does not grow with
 * the history. Times, and lease expiry, come from the store's clock: instances sharing a
 * Redis should have clocks that agree to well within a lease duration.
 *
 * <p>
 * Methods block for at most the command timeout; a Redis that is down or slow fails the
 * call with a {@link ConversationStoreException} naming the conversation. A write that
 * timed out may still be made once Redis answers (it is then made whole): load the
 * conversation again to see. The scripts use keys they derive from the data (an owner's
 * set, the conversations of a page), so the store needs a standalone Redis (or Sentinel),
 * not Redis Cluster.
 */
public final class RedisConversationStore implements ConversationStore, AutoCloseable {

	private static final String[] METADATA = { "owner", "title", "model" };

	private final RedisStoreConnection connection;

	private final RedisStoreScript script;

	private final RedisStoreKeys keys;

	private final Clock clock;

	private RedisConversationStore(Builder builder) {
		this.connection = builder.connection;
		this.script = new RedisStoreScript(builder.connection, builder.commandTimeout);
		this.keys = new RedisStoreKeys(builder.keyPrefix);
		this.clock = builder.clock;
	}

	/**
	 * A builder for a store that opens one connection from the client on first use and
	 * closes it when the store is {@link #close() closed}; shutting the client down stays
	 * the caller's job. Opening that connection waits up to the client's connect timeout
	 * (its socket options), not the command timeout.
	 * @param client the Lettuce client, its URI naming the Redis server
	 * @return the builder
	 */
	public static Builder builder(RedisClient client) {
		return new Builder(new RedisStoreConnection(client));
	}

	/**
	 * A builder for a store that sends its commands on the given connection (Lettuce
	 * connections are thread safe and can be shared); the connection stays the caller's
	 * to close, {@link #close()} leaves it open.
	 * @param connection a connection with the UTF-8 string codec
	 * @return the builder
	 */
	public static Builder builder(StatefulRedisConnection<String, String> connection) {
		return new Builder(new RedisStoreConnection(connection));
	}

	@Override
	public ConversationRecord create(NewConversation conversation) {
		String id = (conversation.id() != null) ? conversation.id() : StoredMessages.newId();
		RedisScriptCall call = call("create", id).arg(conversation.messages().isEmpty() ? 0 : 1)
			.fields(METADATA, conversation.owner(), StoredMessages.title(conversation.title(), conversation.messages()),
					conversation.model())
			.messages(conversation.messages());
		return RedisStoreReplies.record(id, RedisStoreReplies.ok(id, run(call), 0, 0));
	}

	@Override
	public StoredConversation load(String id) {
		List<Object> reply = RedisStoreReplies.ok(id, run(call("load", id)), 0, 0);
		return new StoredConversation(RedisStoreReplies.record(id, reply),
				StoredMessages.fromJson(id, RedisStoreReplies.messages(reply)));
	}

	@Override
	public ConversationPage list(ConversationQuery query) {
		String max = "+";
		if (query.after() != null) {
			PageCursor after = PageCursor.parse(query.after());
			max = "(" + RedisStoreKeys.member(after.updatedAt(), after.id());
		}
		String index = (query.owner() != null) ? this.keys.owner(query.owner()) : this.keys.byUpdated();
		String[] args = { "list", this.keys.prefix(), max, Integer.toString(query.limit() + 1) };
		List<Object> reply = this.script.run(null, "list conversations", false, new String[] { index }, args);
		List<ConversationRecord> records = RedisStoreReplies.records(reply);
		if (reply.size() - 1 <= query.limit()) {
			return new ConversationPage(records, null);
		}
		List<ConversationRecord> page = records.subList(0, Math.min(query.limit(), records.size()));
		return new ConversationPage(page, PageCursor.after(page.get(page.size() - 1)).toString());
	}

	@Override
	public boolean delete(String id) {
		return "OK".equals(run(call("delete", id)).get(0));
	}

	@Override
	public ConversationRecord append(String id, long expectedVersion, int keep, List<? extends Message> messages) {
		RedisScriptCall call = call("append", id).arg(expectedVersion).arg(keep).titleAndMessages(messages);
		return RedisStoreReplies.record(id, RedisStoreReplies.ok(id, run(call), expectedVersion, keep));
	}

	@Override
	public ConversationLease acquire(String id, Duration duration) {
		String token = StoredMessages.newToken();
		Instant expiry = StoredMessages.now(this.clock).plus(duration);
		List<Object> reply = run(call("acquire", id).arg(token).arg(expiry.toEpochMilli()));
		return RedisStoreReplies.lease(id, token, RedisStoreReplies.ok(id, reply, 0, 0), expiry, duration);
	}

	@Override
	public ConversationLease acquire(String id, Duration duration, long expectedVersion, int keep,
			List<? extends Message> messages) {
		String token = StoredMessages.newToken();
		Instant expiry = StoredMessages.now(this.clock).plus(duration);
		RedisScriptCall call = call("start", id).arg(token)
			.arg(expiry.toEpochMilli())
			.arg(expectedVersion)
			.arg(keep)
			.titleAndMessages(messages);
		List<Object> reply = RedisStoreReplies.ok(id, run(call), expectedVersion, keep);
		return RedisStoreReplies.lease(id, token, reply, expiry, duration);
	}

	@Override
	public ConversationLease append(ConversationLease lease, int keep, List<? extends Message> messages) {
		Instant expiry = StoredMessages.now(this.clock).plus(lease.duration());
		List<Object> reply = turn("turn-append", lease, keep, expiry, messages);
		return RedisStoreReplies.lease(lease.conversationId(), lease.token(), reply, expiry, lease.duration());
	}

	@Override
	public ConversationLease checkpoint(ConversationLease lease, @Nullable AssistantMessage partial) {
		String id = lease.conversationId();
		Instant expiry = StoredMessages.now(this.clock).plus(lease.duration());
		RedisScriptCall call = call("checkpoint", id).arg(lease.token()).arg(expiry.toEpochMilli());
		if (partial != null) {
			call.messages(List.of(partial));
		}
		List<Object> reply = RedisStoreReplies.ok(id, run(call), 0, 0);
		return RedisStoreReplies.lease(id, lease.token(), reply, expiry, lease.duration());
	}

	@Override
	public ConversationRecord complete(ConversationLease lease, int keep, List<? extends Message> messages) {
		List<Object> reply = turn("complete", lease, keep, lease.expiresAt(), messages);
		return RedisStoreReplies.record(lease.conversationId(), reply);
	}

	@Override
	public void release(ConversationLease lease) {
		run(call("release", lease.conversationId()).arg(lease.token()));
	}

	/**
	 * Closes the connection the store opened from a client; a connection it was given is
	 * left open. The store cannot be used afterwards.
	 */
	@Override
	public void close() {
		this.connection.close();
	}

	@Override
	public String toString() {
		return "RedisConversationStore[prefix '" + this.keys.prefix() + "']";
	}

	private List<Object> turn(String op, ConversationLease lease, int keep, Instant expiry,
			List<? extends Message> messages) {
		RedisScriptCall call = call(op, lease.conversationId()).arg(lease.token())
			.arg(lease.version())
			.arg(keep)
			.arg(expiry.toEpochMilli())
			.titleAndMessages(messages);
		return RedisStoreReplies.ok(lease.conversationId(), run(call), lease.version(), keep);
	}

	private RedisScriptCall call(String op, String id) {
		return RedisScriptCall.of(op, this.keys, id, StoredMessages.now(this.clock));
	}

	private List<Object> run(RedisScriptCall call) {
		return this.script.run(call.id(), call.what(), call.writes(), this.keys.of(call.id()), call.args());
	}

	/**
	 * Builds a {@link RedisConversationStore}.
	 */
	public static final class Builder {

		private final RedisStoreConnection connection;

		private String keyPrefix = "chat:";

		private Duration commandTimeout = Duration.ofSeconds(5);

		private Clock clock = Clock.systemUTC();

		private Builder(RedisStoreConnection connection) {
			this.connection = connection;
		}

		/**
		 * Sets the prefix of every key the store writes, {@code chat:} by default; stores
		 * with different prefixes share a Redis without seeing each other.
		 * @param keyPrefix the prefix
		 * @return this builder
		 */
		public Builder keyPrefix(String keyPrefix) {
			this.keyPrefix = Objects.requireNonNull(keyPrefix, "keyPrefix");
			return this;
		}

		/**
		 * Sets how long a call waits for Redis before it fails, 5 seconds by default.
		 * @param commandTimeout the timeout, positive
		 * @return this builder
		 */
		public Builder commandTimeout(Duration commandTimeout) {
			if (commandTimeout.isNegative() || commandTimeout.isZero()) {
				throw new IllegalArgumentException("The command timeout must be positive, not " + commandTimeout);
			}
			this.commandTimeout = commandTimeout;
			return this;
		}

		/**
		 * Sets the clock of times and lease expiry, the system's UTC clock by default.
		 * @param clock the clock
		 * @return this builder
		 */
		public Builder clock(Clock clock) {
			this.clock = Objects.requireNonNull(clock, "clock");
			return this;
		}

		/**
		 * Builds the store; it connects on first use, so Redis need not be up yet.
		 * @return the store
		 */
		public RedisConversationStore build() {
			return new RedisConversationStore(this);
		}

	}

}
