package dev.chatconversation.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
	 * the caller's job.
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
		List<String> json = StoredMessages.toJson(conversation.messages());
		List<String> args = args("create", id);
		args.add(json.isEmpty() ? "0" : "1");
		List<String> fields = new ArrayList<>();
		field(fields, "owner", conversation.owner());
		field(fields, "title", StoredMessages.title(conversation.title(), conversation.messages()));
		field(fields, "model", conversation.model());
		args.add(Integer.toString(fields.size()));
		args.addAll(fields);
		args.addAll(json);
		return record(id, run(id, "create conversation", true, args), 0, 0);
	}

	@Override
	public StoredConversation load(String id) {
		List<Object> reply = run(id, "load conversation", false, args("load", id));
		ConversationRecord record = record(id, reply, 0, 0);
		return new StoredConversation(record, StoredMessages.fromJson(id, RedisStoreReplies.messages(reply)));
	}

	@Override
	public ConversationPage list(ConversationQuery query) {
		String max = (query.after() != null) ? "(" + member(PageCursor.parse(query.after())) : "+";
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
		List<Object> reply = run(id, "delete conversation", true, args("delete", id));
		return "OK".equals(reply.get(0));
	}

	@Override
	public ConversationRecord append(String id, long expectedVersion, int keep, List<? extends Message> messages) {
		List<String> json = StoredMessages.toJson(messages);
		List<String> args = args("append", id);
		args.add(Long.toString(expectedVersion));
		args.add(Integer.toString(keep));
		args.add(titleFrom(messages));
		args.addAll(json);
		return record(id, run(id, "append to conversation", true, args), expectedVersion, keep);
	}

	@Override
	public ConversationLease acquire(String id, Duration duration) {
		String token = StoredMessages.newToken();
		Instant expiry = StoredMessages.now(this.clock).plus(duration);
		List<String> args = args("acquire", id);
		args.add(token);
		args.add(Long.toString(expiry.toEpochMilli()));
		List<Object> reply = run(id, "acquire the lease of conversation", true, args);
		return RedisStoreReplies.lease(id, token, RedisStoreReplies.ok(id, reply, 0, 0), expiry, duration);
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
		List<String> args = args("checkpoint", id);
		args.add(lease.token());
		args.add(Long.toString(expiry.toEpochMilli()));
		if (partial != null) {
			args.add(StoredMessages.toJson(partial));
		}
		List<Object> reply = RedisStoreReplies.ok(id, run(id, "checkpoint conversation", true, args), 0, 0);
		return RedisStoreReplies.lease(id, lease.token(), reply, expiry, lease.duration());
	}

	@Override
	public ConversationRecord complete(ConversationLease lease, int keep, List<? extends Message> messages) {
		List<Object> reply = turn("complete", lease, keep, lease.expiresAt(), messages);
		return RedisStoreReplies.record(lease.conversationId(), reply);
	}

	@Override
	public void release(ConversationLease lease) {
		List<String> args = args("release", lease.conversationId());
		args.add(lease.token());
		run(lease.conversationId(), "release the lease of conversation", true, args);
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
		String id = lease.conversationId();
		List<String> json = StoredMessages.toJson(messages);
		List<String> args = args(op, id);
		args.add(lease.token());
		args.add(Long.toString(lease.version()));
		args.add(Integer.toString(keep));
		args.add(Long.toString(expiry.toEpochMilli()));
		args.add(titleFrom(messages));
		args.addAll(json);
		String what = op.equals("complete") ? "complete the turn of conversation" : "append to conversation";
		return RedisStoreReplies.ok(id, run(id, what, true, args), lease.version(), keep);
	}

	private List<Object> run(String id, String what, boolean writes, List<String> args) {
		return this.script.run(id, what + " '" + id + "'", writes, this.keys.of(id), args.toArray(String[]::new));
	}

	private List<String> args(String op, String id) {
		List<String> args = new ArrayList<>();
		args.add(op);
		args.add(this.keys.prefix());
		args.add(id);
		args.add(RedisStoreKeys.sortId(id));
		args.add(Long.toString(StoredMessages.now(this.clock).toEpochMilli()));
		return args;
	}

	private static ConversationRecord record(String id, List<Object> reply, long expectedVersion, int keep) {
		return RedisStoreReplies.record(id, RedisStoreReplies.ok(id, reply, expectedVersion, keep));
	}

	private static String member(PageCursor cursor) {
		return RedisStoreKeys.member(cursor.updatedAt(), cursor.id());
	}

	private static String titleFrom(List<? extends Message> messages) {
		String title = StoredMessages.title(null, messages);
		return (title != null) ? title : "";
	}

	private static void field(List<String> fields, String name, @Nullable String value) {
		if (value != null) {
			fields.add(name);
			fields.add(value);
		}
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
