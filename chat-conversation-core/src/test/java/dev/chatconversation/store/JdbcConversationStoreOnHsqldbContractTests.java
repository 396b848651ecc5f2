package dev.chatconversation.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import org.hsqldb.jdbc.JDBCDataSource;

/**
 * The store contract on {@link JdbcConversationStore} with HSQLDB in memory: a database
 * the library has no schema script for and whose updates return no rows, so the store
 * takes its generic path. The tables come from {@code schema-postgresql.sql}, changed as
 * its header tells other databases to ({@code TEXT} becomes {@code LONGVARCHAR}, no
 * collation clause).
 */
class JdbcConversationStoreOnHsqldbContractTests extends ConversationStoreContract {

	private JDBCDataSource dataSource;

	@Override
	protected ConversationStore newStore(MutableClock clock) {
		this.dataSource = new JDBCDataSource();
		this.dataSource.setURL("jdbc:hsqldb:mem:" + JdbcTestDatabase.prefix("hsqldb") + ";hsqldb.tx=mvcc");
		this.dataSource.setUser("SA");
		try (Connection connection = this.dataSource.getConnection();
				Statement statement = connection.createStatement()) {
			for (String sql : new JdbcSchema(JdbcSchema.DEFAULT_PREFIX).statements("postgresql")) {
				// as the script's header says: TEXT has another name, ids' collation goes
				statement.execute(sql.replace(" TEXT", " LONGVARCHAR").replace(" COLLATE \"C\"", ""));
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
		return JdbcConversationStore.builder(this.dataSource).clock(clock).build();
	}

	@Override
	protected boolean corruptMessage(String id, int index, String raw) {
		return JdbcTestDatabase.corruptMessage(this.dataSource, "chat_", id, index, raw);
	}

}
