package dev.chatconversation.store;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;

/**
 * The store contract on {@link JdbcConversationStore} against a real PostgreSQL, in
 * tables of this class's own, dropped and made again before each test.
 */
class JdbcConversationStoreContractTests extends ConversationStoreContract {

	private static final String PREFIX = JdbcTestDatabase.prefix("contract");

	private static DataSource dataSource;

	@Override
	protected ConversationStore newStore(MutableClock clock) {
		dataSource = JdbcTestDatabase.dataSource();
		JdbcTestDatabase.drop(dataSource, PREFIX);
		JdbcConversationStore store = JdbcConversationStore.builder(dataSource)
			.tablePrefix(PREFIX)
			.clock(clock)
			.build();
		store.initializeSchema();
		return store;
	}

	@Override
	protected boolean corruptMessage(String id, int index, String raw) {
		return JdbcTestDatabase.corruptMessage(dataSource, PREFIX, id, index, raw);
	}

	@AfterAll
	static void dropTables() {
		if (dataSource != null) {
			JdbcTestDatabase.drop(dataSource, PREFIX);
		}
	}

}
