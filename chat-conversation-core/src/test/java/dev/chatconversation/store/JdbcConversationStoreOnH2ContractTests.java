package dev.chatconversation.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

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
		try (Connection connection = this.dataSource.getConnection();
				PreparedStatement statement = connection
					.prepareStatement("UPDATE chat_messages SET json = ? WHERE conversation_id = ? AND idx = ?")) {
			statement.setString(1, raw);
			statement.setString(2, id);
			statement.setInt(3, index);
			return statement.executeUpdate() == 1;
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
