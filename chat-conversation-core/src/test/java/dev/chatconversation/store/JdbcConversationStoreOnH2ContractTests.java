package dev.chatconversation.store;

import org.h2.jdbcx.JdbcDataSource;

/**
 * The store contract on {@link JdbcConversationStore} with H2 in memory: the same SQL on
 * a second database (and the tables of {@code schema-h2.sql}), with no server needed.
 */
class JdbcConversationStoreOnH2ContractTests extends ConversationStoreContract {

	private JdbcDataSource dataSource;

	@Override
	protected ConversationStore newStore(MutableClock clock) {
		this.dataSource = new JdbcDataSource();
		this.dataSource
			.setURL("jdbc:h2:mem:" + JdbcTestDatabase.prefix("h2") + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=30000");
		JdbcConversationStore store = JdbcConversationStore.builder(this.dataSource).clock(clock).build();
		store.initializeSchema();
		return store;
	}

	@Override
	protected boolean corruptMessage(String id, int index, String raw) {
		return JdbcTestDatabase.corruptMessage(this.dataSource, "chat_", id, index, raw);
	}

}
