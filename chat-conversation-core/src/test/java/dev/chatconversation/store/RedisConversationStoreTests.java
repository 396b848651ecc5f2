package dev.chatconversation.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.chatconversation.ConversationBusyException;
import dev.chatconversation.message.Message;
import dev.chatconversation.testfixture.StoreServers;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.event.command.CommandListener;
import io.lettuce.core.event.command.CommandStartedEvent;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What the contract does not cover on {@link RedisConversationStore}: damaged keys, a
 * Redis that is down, stopped or paused, and how writes use the message list. The shared
 * test server is used under a prefix of this class's own; whatever pauses or stops Redis
 * runs on a {@link PrivateRedisServer}.
 */
class RedisConversationStoreTests {

	private static final String PREFIX = RedisTestKeys.uniquePrefix(RedisConversationStoreTests.class);

	private static final Duration PAUSE = Duration.ofSeconds(10);

	private static final Duration LEASE = Duration.ofSeconds(30);

	private static RedisClient client;

	private static StatefulRedisConnection<String, String> connection;

	private final MutableClock clock = MutableClock.atNow();

	private RedisCommands<String, String> redis;

	private RedisConversationStore store;

	@AfterAll
	static void disconnect() {
		if (connection != null) {
			RedisTestKeys.flush(connection.sync(), PREFIX);
			connection.close();
			client.shutdown();
		}
	}

	@BeforeEach
	void emptyStore() {
		if (connection == null) {
			// here rather than in @BeforeAll, so that each test reports why it is skipped
			client = RedisClient.create(StoreServers.redisUrl());
			connection = client.connect();
		}
		this.redis = connection.sync();
		RedisTestKeys.flush(this.redis, PREFIX);
		this.store = RedisConversationStore.builder(connection).keyPrefix(PREFIX).clock(this.clock).build();
	}

	private String created(String id, Message... messages) {
		return this.store.create(NewConversation.create().withId(id).withMessages(List.of(messages))).id();
	}

	@Test
	void aDamagedRecordFailsTheLoadNamingTheConversationAndTheField() {
		String id = created("damaged", Message.user("Hi"));
		this.redis.hset(PREFIX + "conv:" + id, "version", "seven");

		assertThatExceptionOfType(ConversationStoreException.class).isThrownBy(() -> this.store.load(id))
			.withMessageContaining("'damaged'")
			.withMessageContaining("version is seven")
			.satisfies((ex) -> assertThat(ex.conversationId()).isEqualTo(id));
	}

	@Test
	void aWriteThatRedisRefusesMidwayLeavesTheConversationAsItWas() {
		String id = created("wrong-type", Message.user("Hi"), Message.assistant("Hello"));
		this.redis.set(PREFIX + "msgs:" + id, "not a list");
		Map<String, String> before = this.redis.hgetall(PREFIX + "conv:" + id);
		List<String> indexBefore = this.redis.zrange(PREFIX + "by-updated", 0, -1);
		this.clock.advance(Duration.ofSeconds(1));

		assertThatExceptionOfType(ConversationStoreException.class)
			.isThrownBy(() -> this.store.append(id, 1, 2, List.of(Message.user("More"))))
			.withMessageContaining("Could not append to conversation 'wrong-type'")
			.withMessageContaining("WRONGTYPE");
		assertThat(this.redis.hgetall(PREFIX + "conv:" + id)).isEqualTo(before);
		assertThat(this.redis.zrange(PREFIX + "by-updated", 0, -1)).isEqualTo(indexBefore);
		assertThat(this.redis.get(PREFIX + "msgs:" + id)).isEqualTo("not a list");
	}

	@Test
	void writesPushTheNewMessagesAndNeverRewriteTheStoredOnes() {
		String id = created("push-only", Message.user("Hi"), Message.assistant("Hello"));
		String edited = StoredMessages.toJson(Message.user("Edited outside the store"));
		this.redis.lset(PREFIX + "msgs:" + id, 0, edited);

		this.store.append(id, 1, 2, List.of(Message.user("More")));
		ConversationLease lease = this.store.acquire(id, Duration.ofSeconds(30));
		lease = this.store.append(lease, 3, List.of(Message.user("And more")));
		this.store.complete(lease, 4, List.of(Message.assistant("Done")));

		assertThat(this.redis.lrange(PREFIX + "msgs:" + id, 0, -1)).containsExactly(edited,
				StoredMessages.toJson(Message.assistant("Hello")), StoredMessages.toJson(Message.user("More")),
				StoredMessages.toJson(Message.user("And more")), StoredMessages.toJson(Message.assistant("Done")));
	}

	@Test
	void startingATurnInOneStepSendsOneCommand() {
		String id = created("one-step", Message.user("Hi"));
		List<String> sent = new CopyOnWriteArrayList<>();
		RedisClient counted = RedisClient.create(StoreServers.redisUrl());
		counted.addListener(new CommandListener() {

			@Override
			public void commandStarted(CommandStartedEvent event) {
				sent.add(event.getCommand().getType().toString());
			}

		});
		try (RedisConversationStore store = RedisConversationStore.builder(counted)
			.keyPrefix(PREFIX)
			.clock(this.clock)
			.build()) {
			store.load(id);
			sent.clear();

			ConversationLease lease = store.acquire(id, LEASE, 1, 1, List.of(Message.user("Tell me")));

			assertThat(sent).containsExactly("EVALSHA");
			assertThat(lease.version()).isEqualTo(2);
			assertThat(lease.messageCount()).isEqualTo(2);
		}
		finally {
			counted.shutdown();
		}
	}

	@Test
	void aRefusedOneStepStartWritesNothingNotEvenTheCheckpointOfAnExpiredLease() {
		String id = created("refused", Message.user("Hi"));
		ConversationLease dead = this.store.acquire(id, LEASE, 1, 1, List.of(Message.user("Tell me")));
		this.store.checkpoint(dead, ConversationStoreContract.partial("Once"));
		List<Object> before = keys(id);

		assertThatExceptionOfType(ConversationBusyException.class)
			.isThrownBy(() -> this.store.acquire(id, LEASE, 2, 2, List.of(Message.user("Go on"))));
		this.clock.advance(LEASE.plusMillis(1));
		assertThatExceptionOfType(ConversationConflictException.class)
			.isThrownBy(() -> this.store.acquire(id, LEASE, 2, 2, List.of(Message.user("Go on"))))
			.withMessageContaining("expected version 2, found 3");
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> this.store.acquire(id, LEASE, 3, 4, List.of(Message.user("Go on"))))
			.withMessageContaining("it holds 3");
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> this.store.acquire(id, LEASE, 3, -1, List.of(Message.user("Go on"))));

		assertThat(keys(id)).isEqualTo(before);
		assertThat(this.store.acquire(id, LEASE, 3, 3, List.of(Message.user("Go on"))).version()).isEqualTo(4);
	}

	/** The conversation's hash and message list and the index of updated times. */
	private List<Object> keys(String id) {
		return List.of(this.redis.hgetall(PREFIX + "conv:" + id), this.redis.lrange(PREFIX + "msgs:" + id, 0, -1),
				this.redis.zrange(PREFIX + "by-updated", 0, -1));
	}

	@Test
	void listingOrdersIdsAsJavaComparesThemBeyondTheBasicPlaneToo() {
		List<String> ids = new ArrayList<>(List.of("a", "ab", "a\uFF5E", "a\uD83D\uDE00", "b", "a\u00E9"));
		ids.forEach(this::created);
		ids.sort(Comparator.reverseOrder());

		List<String> listed = new ArrayList<>();
		ConversationQuery query = ConversationQuery.all().withLimit(4);
		while (query != null) {
			ConversationPage page = this.store.list(query);
			page.conversations().forEach((record) -> listed.add(record.id()));
			query = query.next(page);
		}

		assertThat(listed).isEqualTo(ids);
	}

	@Test
	void aStoreOnAClosedPortFailsNamingTheConversationAndNotThePassword() throws Exception {
		RedisClient closed = RedisClient
			.create("redis://reader:s3cret-pass@127.0.0.1:" + PrivateRedisServer.freePort());
		try (RedisConversationStore down = RedisConversationStore.builder(closed).build()) {
			assertThatExceptionOfType(ConversationStoreException.class).isThrownBy(() -> down.load("c-1"))
				.withMessageContaining("Could not load conversation 'c-1': Redis failed")
				.withMessageNotContaining("s3cret-pass")
				.satisfies((ex) -> assertThat(ex.conversationId()).isEqualTo("c-1"));
			assertThatExceptionOfType(ConversationStoreException.class)
				.isThrownBy(() -> down.create(NewConversation.create().withId("c-2")))
				.withMessageContaining("'c-2'");
			assertThat(down.toString()).doesNotContain("s3cret-pass");
		}
		finally {
			closed.shutdown();
		}
	}

	@Test
	void aPausedRedisFailsTheCallAtTheTimeoutAndTheWriteIsLaterMadeWhole() throws Exception {
		try (PrivateRedisServer server = PrivateRedisServer.start()) {
			RedisClient own = RedisClient.create(server.url());
			try (StatefulRedisConnection<String, String> admin = own.connect();
					RedisConversationStore slow = RedisConversationStore.builder(own)
						.commandTimeout(Duration.ofMillis(300))
						.clock(this.clock)
						.build()) {
				String id = slow
					.create(NewConversation.create()
						.withMessages(List.of(Message.user("Hi"), Message.assistant("Hello"))))
					.id();
				// WRITE pauses the scripts (they write) but not CLIENT UNPAUSE, which ALL
				// would hold too
				client(admin, "PAUSE", Long.toString(PAUSE.toMillis()), "WRITE");
				long start = System.nanoTime();

				assertThatExceptionOfType(ConversationStoreException.class)
					.isThrownBy(() -> slow.append(id, 1, 2, List.of(Message.user("More"), Message.assistant("Sure"))))
					.withMessageContaining("Could not append to conversation '" + id + "'")
					.withMessageContaining("Redis did not answer within 300 ms")
					.withMessageContaining("load the conversation again");
				assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(PAUSE);
				client(admin, "UNPAUSE");

				StoredConversation after = slow.load(id);
				assertThat(after.messages()).containsExactly(Message.user("Hi"), Message.assistant("Hello"),
						Message.user("More"), Message.assistant("Sure"));
				assertThat(after.record().version()).isEqualTo(2);
			}
			finally {
				own.shutdown();
			}
		}
	}

	@Test
	void aRedisThatStopsFailsTheNextCallNamingTheConversation() throws Exception {
		PrivateRedisServer server = PrivateRedisServer.start();
		RedisClient own = RedisClient.create(server.url());
		try (RedisConversationStore store = RedisConversationStore.builder(own)
			.commandTimeout(Duration.ofMillis(500))
			.build()) {
			String id = store.create(NewConversation.create().withMessages(List.of(Message.user("Hi")))).id();
			server.close();

			assertThatExceptionOfType(ConversationStoreException.class).isThrownBy(() -> store.load(id))
				.withMessageContaining("Could not load conversation '" + id + "'")
				.satisfies((ex) -> assertThat(ex.conversationId()).isEqualTo(id));
		}
		finally {
			server.close();
			own.shutdown();
		}
	}

	@Test
	void aRedisThatLostTheScriptIsSentItAgain() throws Exception {
		try (PrivateRedisServer server = PrivateRedisServer.start()) {
			RedisClient own = RedisClient.create(server.url());
			try (StatefulRedisConnection<String, String> admin = own.connect();
					RedisConversationStore store = RedisConversationStore.builder(own).clock(this.clock).build()) {
				String id = store.create(NewConversation.create().withMessages(List.of(Message.user("Hi")))).id();
				admin.sync().scriptFlush();

				ConversationRecord after = store.append(id, 1, 1, List.of(Message.assistant("Hello")));

				assertThat(after.version()).isEqualTo(2);
				assertThat(store.load(id).messages()).containsExactly(Message.user("Hi"), Message.assistant("Hello"));
			}
			finally {
				own.shutdown();
			}
		}
	}

	private static void client(StatefulRedisConnection<String, String> admin, String... args) {
		CommandArgs<String, String> command = new CommandArgs<>(StringCodec.UTF8);
		for (String arg : args) {
			command.add(arg);
		}
		admin.sync().dispatch(CommandType.CLIENT, new StatusOutput<>(StringCodec.UTF8), command);
	}

}
