package dev.chatconversation.samples.chatsse.scaleout;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import dev.chatconversation.message.AssistantMessage;
import dev.chatconversation.message.Message;
import dev.chatconversation.message.UserMessage;
import dev.chatconversation.samples.chatsse.demo.DemoModelServer;
import dev.chatconversation.store.ConversationStore;
import dev.chatconversation.store.JdbcConversationStore;
import dev.chatconversation.store.RedisConversationStore;
import dev.chatconversation.testfixture.StoreServers;
import io.lettuce.core.RedisClient;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.postgresql.ds.PGSimpleDataSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances of the sample, each a JVM of its own, on one store and one local model
 * (the demo model, about 100 chunks 20 ms apart per reply): turns spread over both lose
 * and duplicate nothing, a turn through one instance while the other streams the chat's
 * reply is a 409, and when the streaming instance is killed ({@code kill -9}), the other
 * shows the partial reply marked interrupted once the lease expires (2 s here), then
 * takes the next turn.
 *
 * <p>
 * It needs the store's server (see {@link StoreServers}); without it, it is skipped
 * unless {@code CHAT_STORE_TESTS=required}.
 */
class ScaleOutTests {

	private static final int CHATS = 20;

	private static final int TURNS_PER_CHAT = 10;

	// with the demo model's own words, a reply of about 100 chunks
	private static final String WORDS = IntStream.rangeClosed(1, 40)
		.mapToObj((word) -> "w" + word)
		.collect(Collectors.joining(" "));

	@ParameterizedTest(name = "{0}")
	@EnumSource(StoreType.class)
	@Timeout(value = 5, unit = TimeUnit.MINUTES)
	void twoInstancesOnOneStoreLoseNothingRefuseConcurrentTurnsAndRecoverFromAKilledInstance(StoreType type)
			throws Exception {
		String prefix = "chat-scale-out-" + UUID.randomUUID() + ":";
		List<String> storeArguments = type.arguments(prefix);
		DemoModelServer model = DemoModelServer.start(Duration.ofMillis(20));
		List<String> arguments = new ArrayList<>(storeArguments);
		arguments.addAll(List.of("--chat.base-url=" + model.baseUrl(), "--chat.model=" + DemoModelServer.MODEL,
				"--chat.store.lease-duration=2s", "--chat.store.checkpoint-interval=200ms",
				// every turn comes from this one client address: lift the per-client
				// limits
				"--chat-sse.limits.turn-burst=100000", "--chat-sse.limits.turns-per-minute=100000",
				"--chat-sse.limits.max-streams-per-client=1000"));
		InstanceClient client = new InstanceClient();
		try (SampleInstance first = SampleInstance.start(type + "-first", arguments);
				SampleInstance second = SampleInstance.start(type + "-second", arguments)) {
			List<SampleInstance> instances = List.of(first.awaitStarted(), second.awaitStarted());
			List<String> chats = turnsSpreadOverBothInstancesLoseAndDuplicateNothing(client, instances);
			type.read(prefix, (store) -> assertEveryTurnStoredOnce(store, chats));
			String interrupted = aTurnThroughTheOtherInstanceIs409AndAKilledInstancesReplyIsKept(client, first, second);
			type.read(prefix, (store) -> {
				chats.forEach(store::delete);
				return store.delete(interrupted);
			});
		}
		finally {
			model.stop();
		}
	}

	private List<String> turnsSpreadOverBothInstancesLoseAndDuplicateNothing(InstanceClient client,
			List<SampleInstance> instances) throws Exception {
		List<String> chats = IntStream.range(0, CHATS)
			.mapToObj((chat) -> client.create(instances.get(chat % 2)))
			.toList();
		ExecutorService executor = Executors.newFixedThreadPool(CHATS);
		try {
			List<Future<?>> runs = new ArrayList<>();
			for (int chat = 0; chat < CHATS; chat++) {
				int c = chat;
				runs.add(executor.submit(() -> {
					for (int turn = 0; turn < TURNS_PER_CHAT; turn++) {
						// turn after turn, the instances alternate
						client.reply(instances.get((c + turn) % 2), chats.get(c), message(c, turn));
					}
				}));
			}
			for (Future<?> run : runs) {
				run.get(3, TimeUnit.MINUTES);
			}
		}
		finally {
			executor.shutdownNow();
		}
		return chats;
	}

	private static Void assertEveryTurnStoredOnce(ConversationStore store, List<String> chats) {
		for (int chat = 0; chat < CHATS; chat++) {
			List<Message> messages = store.load(chats.get(chat)).messages();
			assertThat(messages).hasSize(2 * TURNS_PER_CHAT);
			for (int turn = 0; turn < TURNS_PER_CHAT; turn++) {
				assertThat(messages.get(2 * turn)).isEqualTo(Message.user(message(chat, turn)));
				AssistantMessage reply = (AssistantMessage) messages.get(2 * turn + 1);
				// the demo model counts the user messages it was sent: the whole history
				assertThat(reply.text()).contains("This is message " + (turn + 1) + " of our conversation");
				assertThat(reply.incomplete()).isNull();
			}
		}
		return null;
	}

	private String aTurnThroughTheOtherInstanceIs409AndAKilledInstancesReplyIsKept(InstanceClient client,
			SampleInstance streaming, SampleInstance other) throws Exception {
		String id = client.create(other);
		HttpResponse<Stream<String>> reply = client.send(streaming, id, "Will you finish? " + WORDS);
		assertThat(reply.statusCode()).isEqualTo(200);
		Iterator<String> lines = reply.body().iterator();
		InstanceClient.readDeltas(lines, 5);

		HttpResponse<Stream<String>> refused = client.send(other, id, "Me too");
		assertThat(refused.statusCode()).isEqualTo(409);
		assertThat(refused.body().collect(Collectors.joining())).contains("A reply is still being written");

		// well past a checkpoint (every 200 ms), well before the end (about 100 chunks)
		InstanceClient.readDeltas(lines, 30);
		streaming.kill();
		reply.body().close();

		JsonNode kept = await("the interrupted reply").atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> client.messages(other, id), (messages) -> messages.size() == 2);
		assertThat(kept.get(0).path("role").asString()).isEqualTo("user");
		assertThat(kept.get(0).path("content").asString()).startsWith("Will you finish?");
		assertThat(kept.get(1).path("role").asString()).isEqualTo("assistant");
		assertThat(kept.get(1).path("content").asString()).startsWith("(Demo model, offline) You said:");
		assertThat(kept.get(1).path("incomplete").path("reason").asString()).isEqualTo("interrupted");

		client.reply(other, id, "Are you back?");
		JsonNode after = client.messages(other, id);
		assertThat(after).hasSize(4);
		assertThat(after.get(2).path("content").asString()).isEqualTo("Are you back?");
		assertThat(after.get(3).path("content").asString()).contains("This is message 2 of our conversation");
		assertThat(after.get(3).has("incomplete")).isFalse();
		return id;
	}

	private static String message(int chat, int turn) {
		return "Turn " + turn + " of chat " + chat + ": " + WORDS;
	}

	/**
	 * The stores the sample can share between instances.
	 */
	enum StoreType {

		REDIS {
			@Override
			List<String> arguments(String prefix) {
				return List.of("--chat.store.type=redis", "--spring.data.redis.url=" + StoreServers.redisUrl(),
						"--chat.store.redis.key-prefix=" + prefix);
			}

			@Override
			<T> T read(String prefix, Function<ConversationStore, T> reading) {
				RedisClient client = RedisClient.create(StoreServers.redisUrl());
				try (RedisConversationStore store = RedisConversationStore.builder(client).keyPrefix(prefix).build()) {
					return reading.apply(store);
				}
				finally {
					client.shutdown();
				}
			}
		},

		JDBC {
			@Override
			List<String> arguments(String prefix) {
				return List.of("--chat.store.type=jdbc", "--spring.datasource.url=" + StoreServers.postgresUrl(),
						"--spring.datasource.username=" + StoreServers.postgresUser(),
						"--chat.store.jdbc.initialize-schema=always",
						"--chat.store.jdbc.table-prefix=" + tables(prefix));
			}

			@Override
			<T> T read(String prefix, Function<ConversationStore, T> reading) {
				PGSimpleDataSource dataSource = new PGSimpleDataSource();
				dataSource.setURL(StoreServers.postgresUrl());
				dataSource.setUser(StoreServers.postgresUser());
				// the tables stay (empty once the test deleted its chats): their prefix
				// is
				// this run's own, and CI's database is thrown away
				return reading.apply(JdbcConversationStore.builder(dataSource).tablePrefix(tables(prefix)).build());
			}

			/** A table prefix of this run: a letter, hex digits and an underscore. */
			String tables(String prefix) {
				return "s" + Integer.toHexString(prefix.hashCode()) + "_";
			}
		};

		/**
		 * The instances' arguments that put them on this store.
		 * @param prefix a prefix that keeps this run's data apart
		 * @return the arguments
		 */
		abstract List<String> arguments(String prefix);

		/**
		 * Reads the store directly, as the instances write it.
		 * @param prefix the run's prefix
		 * @param reading what to read
		 * @return what was read
		 */
		abstract <T> T read(String prefix, Function<ConversationStore, T> reading);

	}

}
