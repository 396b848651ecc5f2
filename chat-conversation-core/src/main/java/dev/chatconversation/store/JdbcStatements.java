package dev.chatconversation.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The SQL of a {@link JdbcConversationStore}, run on the connection of a transaction:
 * plain SQL that databases other than PostgreSQL run too.
 */
final class JdbcStatements {

	/**
	 * Every column but the checkpoint, which only a write needs (a load repeats these per
	 * message).
	 */
	private static final String COLUMNS = "c.id, c.owner, c.title, c.model, c.created_at, c.updated_at, c.version, "
			+ "c.message_count, c.lease_token, c.lease_expires_at";

	private final JdbcSchema schema;

	private final JdbcTransactions transactions;

	private final String lock;

	private final String read;

	private final String insertConversation;

	private final String update;

	private final String renew;

	private final String deleteMessages;

	private final String insertMessage;

	JdbcStatements(JdbcSchema schema, JdbcTransactions transactions) {
		this.schema = schema;
		this.transactions = transactions;
		String conversations = schema.conversations();
		String messages = schema.messages();
		this.lock = "SELECT " + COLUMNS + ", c.checkpoint FROM " + conversations + " c WHERE c.id = ? FOR UPDATE";
		this.read = "SELECT " + COLUMNS + ", m.idx, m.json FROM " + conversations + " c LEFT JOIN " + messages
				+ " m ON m.conversation_id = c.id WHERE c.id = ? ORDER BY m.idx";
		this.insertConversation = "INSERT INTO " + conversations + " (id, owner, title, model, created_at, updated_at, "
				+ "version, message_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
		this.update = "UPDATE " + conversations + " SET title = ?, updated_at = ?, version = ?, message_count = ?, "
				+ "lease_token = ?, lease_expires_at = ?, checkpoint = ? WHERE id = ?";
		this.renew = "UPDATE " + conversations + " SET lease_expires_at = ?, checkpoint = COALESCE(?, checkpoint) "
				+ "WHERE id = ? AND lease_token = ? AND version = ?";
		this.deleteMessages = "DELETE FROM " + messages + " WHERE conversation_id = ? AND idx >= ?";
		this.insertMessage = "INSERT INTO " + messages + " (conversation_id, idx, json) VALUES (?, ?, ?)";
	}

	/**
	 * Runs the platform's schema script. On PostgreSQL, where two {@code CREATE TABLE IF
	 * NOT EXISTS} of one table at once can both go ahead and one then fails on the
	 * catalog's unique index, it first takes an advisory lock of the prefix for the rest
	 * of the transaction, so instances starting together create the tables one after the
	 * other.
	 */
	void createSchema(Connection connection) throws SQLException {
		String platform = JdbcSchema.platform(connection.getMetaData().getDatabaseProductName());
		if (platform.equals("postgresql")) {
			try (PreparedStatement statement = connection
				.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
				statement.setString(1, JdbcConversationStore.class.getName() + ":" + this.schema.prefix());
				statement.execute();
			}
		}
		for (String sql : this.schema.statements(platform)) {
			try (Statement statement = connection.createStatement()) {
				statement.execute(sql);
			}
		}
	}

	/** The conversation's row, locked until the transaction ends, or null. */
	@Nullable JdbcConversationRow lock(Connection connection, String id) throws SQLException {
		try (PreparedStatement statement = this.transactions.prepare(connection, this.lock)) {
			statement.setString(1, id);
			try (ResultSet rows = statement.executeQuery()) {
				return rows.next() ? row(rows, rows.getString("checkpoint")) : null;
			}
		}
	}

	/**
	 * The conversation's row and messages, read in one statement (one snapshot), or null.
	 */
	@Nullable JdbcSnapshot read(Connection connection, String id) throws SQLException {
		try (PreparedStatement statement = this.transactions.prepare(connection, this.read)) {
			statement.setString(1, id);
			try (ResultSet rows = statement.executeQuery()) {
				if (!rows.next()) {
					return null;
				}
				JdbcConversationRow row = row(rows, null);
				List<String> json = new ArrayList<>(row.messageCount());
				do {
					int index = rows.getInt("idx");
					if (!rows.wasNull()) {
						json.add(JdbcSnapshot.checkIndex(id, json.size(), index, rows.getString("json")));
					}
				}
				while (rows.next());
				return new JdbcSnapshot(row, json);
			}
		}
	}

	/** Inserts a new conversation's row; an id that exists is a conflict. */
	void insert(Connection connection, JdbcConversationRow row) throws SQLException {
		try (PreparedStatement statement = this.transactions.prepare(connection, this.insertConversation)) {
			statement.setString(1, row.id());
			statement.setString(2, row.owner());
			statement.setString(3, row.title());
			statement.setString(4, row.model());
			statement.setLong(5, row.createdAt().toEpochMilli());
			statement.setLong(6, row.updatedAt().toEpochMilli());
			statement.setLong(7, row.version());
			statement.setInt(8, row.messageCount());
			statement.executeUpdate();
		}
		catch (SQLException ex) {
			if (duplicateKey(ex)) {
				throw new ConversationConflictException(row.id(),
						"Conversation '" + row.id() + "' already exists in the store");
			}
			throw ex;
		}
	}

	/** Writes the row's changing columns back. */
	void update(Connection connection, JdbcConversationRow row) throws SQLException {
		try (PreparedStatement statement = this.transactions.prepare(connection, this.update)) {
			statement.setString(1, row.title());
			statement.setLong(2, row.updatedAt().toEpochMilli());
			statement.setLong(3, row.version());
			statement.setInt(4, row.messageCount());
			statement.setString(5, row.leaseToken());
			setInstant(statement, 6, row.leaseExpiresAt());
			statement.setString(7, row.checkpoint());
			statement.setString(8, row.id());
			statement.executeUpdate();
		}
	}

	/**
	 * Renews a lease, and replaces its checkpoint if one is given, if the lease holds the
	 * conversation at its version: one statement, which needs no lock taken before it.
	 * @return whether it did
	 */
	boolean renew(Connection connection, ConversationLease lease, Instant expiresAt, @Nullable String checkpoint)
			throws SQLException {
		try (PreparedStatement statement = this.transactions.prepare(connection, this.renew)) {
			statement.setLong(1, expiresAt.toEpochMilli());
			statement.setString(2, checkpoint);
			statement.setString(3, lease.conversationId());
			statement.setString(4, lease.token());
			statement.setLong(5, lease.version());
			return statement.executeUpdate() == 1;
		}
	}

	/**
	 * Replaces the messages from index {@code keep} on: one delete of those after it (if
	 * any), one batch of inserts of the new ones.
	 */
	void replaceMessages(Connection connection, String id, int keep, int count, List<String> json) throws SQLException {
		if (keep < count) {
			try (PreparedStatement statement = this.transactions.prepare(connection, this.deleteMessages)) {
				statement.setString(1, id);
				statement.setInt(2, keep);
				statement.executeUpdate();
			}
		}
		insertMessages(connection, id, keep, json);
	}

	/**
	 * Inserts messages from index {@code from} on: one statement, a batch if there are
	 * several.
	 */
	void insertMessages(Connection connection, String id, int from, List<String> json) throws SQLException {
		if (json.isEmpty()) {
			return;
		}
		try {
			insertMessageRows(connection, id, from, json);
		}
		catch (SQLException ex) {
			// a message index taken already: another writer appended at the same time,
			// on a database whose FOR UPDATE did not make the two wait for each other
			if (duplicateKey(ex)) {
				throw new ConversationConflictException(id, "Conversation '" + id + "' changed in the store: "
						+ "another writer stored message " + from + " at the same time; load it again");
			}
			throw ex;
		}
	}

	/**
	 * Whether a statement failed on a key that is taken already, not on another broken
	 * constraint (a {@code CHECK}, a {@code NOT NULL}): the standard unique violation
	 * state, or the bare integrity class that MySQL, MariaDB, Oracle and SQL Server give
	 * their duplicate keys.
	 */
	private static boolean duplicateKey(SQLException ex) {
		String state = ex.getSQLState();
		return "23505".equals(state) || "23000".equals(state);
	}

	private void insertMessageRows(Connection connection, String id, int from, List<String> json) throws SQLException {
		try (PreparedStatement statement = this.transactions.prepare(connection, this.insertMessage)) {
			if (json.size() == 1) {
				statement.setString(1, id);
				statement.setInt(2, from);
				statement.setString(3, json.get(0));
				statement.executeUpdate();
				return;
			}
			for (int i = 0; i < json.size(); i++) {
				statement.setString(1, id);
				statement.setInt(2, from + i);
				statement.setString(3, json.get(i));
				statement.addBatch();
			}
			statement.executeBatch();
		}
	}

	/** Deletes a conversation (its messages go with it); whether it existed. */
	boolean delete(Connection connection, String id) throws SQLException {
		return execute(connection, "DELETE FROM " + this.schema.conversations() + " WHERE id = ?", id) > 0;
	}

	/** Clears the lease and checkpoint if the token still holds the lease. */
	void release(Connection connection, String id, String token) throws SQLException {
		execute(connection, "UPDATE " + this.schema.conversations() + " SET lease_token = NULL, "
				+ "lease_expires_at = NULL, checkpoint = NULL WHERE id = ? AND lease_token = ?", id, token);
	}

	/**
	 * Records in list order (updated time, then id, both descending), after the cursor.
	 * @param limit the most records to read
	 */
	List<ConversationRecord> list(Connection connection, @Nullable String owner, @Nullable PageCursor after, int limit)
			throws SQLException {
		List<Object> parameters = new ArrayList<>();
		StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM " + this.schema.conversations() + " c");
		String where = " WHERE ";
		if (owner != null) {
			sql.append(where).append("c.owner = ?");
			parameters.add(owner);
			where = " AND ";
		}
		if (after != null) {
			sql.append(where).append("(c.updated_at < ? OR (c.updated_at = ? AND c.id < ?))");
			long time = after.updatedAt().toEpochMilli();
			parameters.addAll(List.of(time, time, after.id()));
		}
		sql.append(" ORDER BY c.updated_at DESC, c.id DESC FETCH FIRST ").append(limit).append(" ROWS ONLY");
		try (PreparedStatement statement = this.transactions.prepare(connection, sql.toString())) {
			for (int i = 0; i < parameters.size(); i++) {
				statement.setObject(i + 1, parameters.get(i));
			}
			try (ResultSet rows = statement.executeQuery()) {
				List<ConversationRecord> records = new ArrayList<>();
				while (rows.next()) {
					records.add(row(rows, null).record());
				}
				return records;
			}
		}
	}

	private int execute(Connection connection, String sql, String... parameters) throws SQLException {
		try (PreparedStatement statement = this.transactions.prepare(connection, sql)) {
			for (int i = 0; i < parameters.length; i++) {
				statement.setString(i + 1, parameters[i]);
			}
			return statement.executeUpdate();
		}
	}

	private static JdbcConversationRow row(ResultSet rows, @Nullable String checkpoint) throws SQLException {
		long leaseExpiresAt = rows.getLong("lease_expires_at");
		Instant leaseExpiry = rows.wasNull() ? null : Instant.ofEpochMilli(leaseExpiresAt);
		return new JdbcConversationRow(rows.getString("id"), rows.getString("owner"), rows.getString("title"),
				rows.getString("model"), Instant.ofEpochMilli(rows.getLong("created_at")),
				Instant.ofEpochMilli(rows.getLong("updated_at")), rows.getLong("version"), rows.getInt("message_count"),
				rows.getString("lease_token"), leaseExpiry, checkpoint);
	}

	static void setInstant(PreparedStatement statement, int index, @Nullable Instant instant) throws SQLException {
		if (instant != null) {
			statement.setLong(index, instant.toEpochMilli());
		}
		else {
			statement.setNull(index, Types.BIGINT);
		}
	}

}
