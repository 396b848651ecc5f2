package dev.chatconversation.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The start and the complete of a streamed turn on PostgreSQL as one statement each, run
 * in auto-commit: a data-modifying {@code WITH} makes the conversation row's guarded
 * {@code UPDATE} and the messages' {@code INSERT} one atomic statement, with no
 * transaction to begin or commit. The messages are inserted only if the update changed
 * the row.
 */
final class JdbcTurnStatements {

	private static final String RETURNED = "owner, title, model, created_at";

	private final JdbcStatements statements;

	private final JdbcTransactions transactions;

	private final String messages;

	JdbcTurnStatements(JdbcSchema schema, JdbcStatements statements, JdbcTransactions transactions) {
		this.statements = statements;
		this.transactions = transactions;
		this.messages = schema.messages();
	}

	/**
	 * Starts a turn as {@link JdbcStatements#start} does, with its messages, in one
	 * statement.
	 * @return whether it did (if not, nothing changed)
	 */
	boolean start(Connection connection, String id, long expectedVersion, int keep, @Nullable String title, Instant now,
			String token, Instant expiresAt, List<String> json) throws SQLException {
		String update = this.statements.startSql();
		String sql = json.isEmpty() ? update
				: "WITH u AS (" + update + " RETURNING id) " + insert() + " FROM u CROSS JOIN " + values(json.size());
		try (PreparedStatement statement = this.transactions.prepare(connection, sql)) {
			JdbcStatements.setWritten(statement, id, title, now, keep + json.size(), token, expiresAt, expectedVersion,
					keep);
			setMessages(statement, 9, keep, json);
			return statement.executeUpdate() == Math.max(1, json.size());
		}
	}

	/**
	 * Completes a turn as {@link JdbcStatements#complete} does, with its messages after
	 * those of the lease, in one statement.
	 * @return the completed record, or null if it did not (nothing changed then)
	 */
	@Nullable ConversationRecord complete(Connection connection, ConversationLease lease, @Nullable String title, Instant now,
			List<String> json) throws SQLException {
		String update = this.statements.completeSql() + " RETURNING id, " + RETURNED;
		String sql = json.isEmpty() ? update : "WITH u AS (" + update + "), i AS (" + insert() + " FROM u CROSS JOIN "
				+ values(json.size()) + ") SELECT " + RETURNED + " FROM u";
		int count = lease.messageCount() + json.size();
		try (PreparedStatement statement = this.transactions.prepare(connection, sql)) {
			JdbcStatements.setWritten(statement, lease.conversationId(), title, now, count, null, null, lease.version(),
					lease.messageCount());
			statement.setString(9, lease.token());
			setMessages(statement, 10, lease.messageCount(), json);
			try (ResultSet rows = statement.executeQuery()) {
				return rows.next() ? JdbcStatements.completed(rows, lease, count, now) : null;
			}
		}
	}

	private String insert() {
		return "INSERT INTO " + this.messages + " (conversation_id, idx, json) SELECT u.id, v.idx, v.json";
	}

	private static String values(int count) {
		StringBuilder values = new StringBuilder("(VALUES ");
		for (int i = 0; i < count; i++) {
			values.append((i > 0) ? ", (?, ?)" : "(?, ?)");
		}
		return values.append(") AS v (idx, json)").toString();
	}

	private static void setMessages(PreparedStatement statement, int first, int from, List<String> json)
			throws SQLException {
		for (int i = 0; i < json.size(); i++) {
			statement.setInt(first + 2 * i, from + i);
			statement.setString(first + 2 * i + 1, json.get(i));
		}
	}

}
