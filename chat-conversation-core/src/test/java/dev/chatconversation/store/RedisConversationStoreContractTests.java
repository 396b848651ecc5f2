package dev.chatconversation.store;

import dev.chatconversation.testfixture.StoreServers;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterAll;

/**
 * The store contract on {@link RedisConversationStore}, against the test Redis server
 * ({@link StoreServers#redisUrl()}), under a key prefix of its own that is emptied before
 * each test.
 */
class RedisConversationStoreContractTests extends ConversationStoreContract {

	private static final String PREFIX = RedisTestKeys.uniquePrefix(RedisConversationStoreContractTests.class);

	private static RedisClient client;

	private static StatefulRedisConnection<String, String> connection;

	@AfterAll
	static void disconnect() {
		if (connection != null) {
			RedisTestKeys.flush(connection.sync(), PREFIX);
			connection.close();
			client.shutdown();
		}
	}

	@Override
	protected ConversationStore newStore(MutableClock clock) {
		if (connection == null) {
			// here rather than in @BeforeAll, so that each test reports why it is skipped
			client = RedisClient.create(StoreServers.redisUrl());
			connection = client.connect();
		}
		RedisTestKeys.flush(connection.sync(), PREFIX);
		return RedisConversationStore.builder(connection).keyPrefix(PREFIX).clock(clock).build();
	}

	@Override
	protected boolean corruptMessage(String id, int index, String raw) {
		connection.sync().lset(PREFIX + "msgs:" + id, index, raw);
		return true;
	}

}
