package dev.chatconversation.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The writes of a streamed turn's start and complete when they need no read first: the
 * conversation row's {@code UPDATE} with the lease, version and message count as its
 * condition, which changes no row when the turn cannot go on as usual. In a transaction
 * the messages' insert follows it; on PostgreSQL both are one statement (a data-modifying
 * {@code WITH}) that can run in auto-commit, inserting the messages only if the update
 * changed the row.
 */
final class JdbcTurnStatements {

	private static final String RETURNED = "owner, title, model, created_at";

	private final JdbcTransactions transactions;

	private final String messages;

	private final String start;

	private final String complete;

	private final String completed;

	/** The complete as a query of the completed row's columns, once a call knows how. */
	private volatile @Nullable String completeReturning;

	private volatile @Nullable String platform;

	JdbcTurnStatements(JdbcSchema schema, JdbcTransactions transactions) {
		this.transactions = transactions;
		this.messages = schema.messages();
		String written = "UPDATE " + schema.conversations() + " SET title = COALESCE(title, ?), updated_at = ?, "
				+ "version = version + 1, message_count = ?, lease_token = ?, lease_expires_at = ?, checkpoint = NULL "
				+ "WHERE id = ? AND version = ? AND message_count = ? AND ";
		this.start = written + "lease_token IS NULL";
		this.complete = written + "lease_token = ?";
		this.completed = "SELECT " + RETURNED + " FROM " + schema.conversations() + " WHERE id = ?";
	}

	/**
	 * Starts a turn on a conversation that no lease holds, at the expected version and
	 * message count, without reading its row first: one statement that writes the row,
	 * locks it until the transaction ends and adds the version, new count, title and
	 * lease; the messages are for {@link JdbcStatements#insertMessages} to add.
	 * @return whether it did (if not, the row is to be read to say why, or to recover an
	 * expired lease)
	 */
	boolean start(Connection connection, String id, long expectedVersion, int count, int newCount,
			@Nullable String title, Instant now, String token, Instant expiresAt) throws SQLException {
		try (PreparedStatement statement = this.transactions.prepare(connection, this.start)) {
			setWritten(statement, id, title, now, newCount, token, expiresAt, expectedVersion, count);
			return statement.executeUpdate() == 1;
		}
	}

	/**
	 * Completes a turn if its lease still holds the conversation at the lease's version
	 * and message count, without reading the row first: one statement that writes the row
	 * without its lease, locks it until the transaction ends and returns the record's
	 * other columns (where the database cannot, a read of them follows).
	 * @return the completed record, or null if it did not (the row is then to be read to
	 * say why)
	 */
	@Nullable ConversationRecord complete(Connection connection, ConversationLease lease, int newCount, @Nullable String title,
			Instant now) throws SQLException {
		String sql = completeReturning(connection);
		String id = lease.conversationId();
		try (PreparedStatement statement = this.transactions.prepare(connection, sql)) {
			setWritten(statement, id, title, now, newCount, null, null, lease.version(), lease.messageCount());
			statement.setString(9, lease.token());
			if (sql.equals(this.complete)) {
				return (statement.executeUpdate() == 1) ? completed(connection, lease, newCount, now) : null;
			}
			try (ResultSet rows = statement.executeQuery()) {
				return rows.next() ? completed(rows, lease, newCount, now) : null;
			}
		}
	}

	private String completeReturning(Connection connection) throws SQLException {
		String sql = this.completeReturning;
		if (sql == null) {
			String returning = JdbcSchema.returning(platform(connection), this.complete, RETURNED);
			sql = (returning != null) ? returning : this.complete;
			this.completeReturning = sql;
		}
		return sql;
	}

	/**
	 * The platform of the database ({@code postgresql}, {@code h2}...), read from a
	 * connection of its own the first time.
	 * @param conversationId the conversation of the call that asks, for errors
	 * @param what what the call does, for errors
	 */
	String platform(@Nullable String conversationId, String what) {
		String platform = this.platform;
		return (platform != null) ? platform : this.transactions.runAlone(conversationId, what, this::platform);
	}

	private String platform(Connection connection) throws SQLException {
		String platform = this.platform;
		if (platform == null) {
			platform = JdbcSchema.platform(connection.getMetaData().getDatabaseProductName());
			this.platform = platform;
		}
		return platform;
	}

	private ConversationRecord completed(Connection connection, ConversationLease lease, int count, Instant now)
			throws SQLException {
		try (PreparedStatement statement = this.transactions.prepare(connection, this.completed)) {
			statement.setString(1, lease.conversationId());
			try (ResultSet rows = statement.executeQuery()) {
				rows.next();
				return completed(rows, lease, count, now);
			}
		}
	}

	private static ConversationRecord completed(ResultSet rows, ConversationLease lease, int count, Instant now)
			throws SQLException {
		return new ConversationRecord(lease.conversationId(), rows.getString("owner"), rows.getString("title"),
				rows.getString("model"), Instant.ofEpochMilli(rows.getLong("created_at")), now, lease.version() + 1,
				count);
	}

	private static void setWritten(PreparedStatement statement, String id, @Nullable String title, Instant now,
			int newCount, @Nullable String token, @Nullable Instant expiresAt, long version, int count)
			throws SQLException {
		statement.setString(1, title);
		statement.setLong(2, now.toEpochMilli());
		statement.setInt(3, newCount);
		statement.setString(4, token);
		JdbcStatements.setInstant(statement, 5, expiresAt);
		statement.setString(6, id);
		statement.setLong(7, version);
		statement.setInt(8, count);
	}

	/**
	 * Starts a turn as {@link #start} does, with its messages, in one statement.
	 * @return whether it did (if not, nothing changed)
	 */
	boolean startAlone(Connection connection, String id, long expectedVersion, int keep, @Nullable String title,
			Instant now, String token, Instant expiresAt, List<String> json) throws SQLException {
		String update = this.start;
		String sql = json.isEmpty() ? update
				: "WITH u AS (" + update + " RETURNING id) " + insert() + " FROM u CROSS JOIN " + values(json.size());
		try (PreparedStatement statement = this.transactions.prepare(connection, sql)) {
			setWritten(statement, id, title, now, keep + json.size(), token, expiresAt, expectedVersion, keep);
			setMessages(statement, 9, keep, json);
			return statement.executeUpdate() == Math.max(1, json.size());
		}
	}

	/**
	 * Completes a turn as {@link #complete} does, with its messages after those of the
	 * lease, in one statement.
	 * @return the completed record, or null if it did not (nothing changed then)
	 */
	@Nullable ConversationRecord completeAlone(Connection connection, ConversationLease lease, @Nullable String title,
			Instant now, List<String> json) throws SQLException {
		String update = this.complete + " RETURNING id, " + RETURNED;
		String sql = json.isEmpty() ? update : "WITH u AS (" + update + "), i AS (" + insert() + " FROM u CROSS JOIN "
				+ values(json.size()) + ") SELECT " + RETURNED + " FROM u";
		int count = lease.messageCount() + json.size();
		try (PreparedStatement statement = this.transactions.prepare(connection, sql)) {
			setWritten(statement, lease.conversationId(), title, now, count, null, null, lease.version(),
					lease.messageCount());
			statement.setString(9, lease.token());
			setMessages(statement, 10, lease.messageCount(), json);
			try (ResultSet rows = statement.executeQuery()) {
				return rows.next() ? completed(rows, lease, count, now) : null;
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
