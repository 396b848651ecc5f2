package dev.chatconversation.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import dev.chatconversation.message.Message;
import org.jspecify.annotations.Nullable;

/**
 * The steps of a {@link JdbcConversationStore} write inside its transaction, on the
 * conversation's row locked until the transaction ends: finding the row, checking the
 * lease, recovering an expired lease's checkpoint, replacing messages, saving the row.
 */
final class JdbcRowWriter {

	private final JdbcStatements statements;

	private final Clock clock;

	JdbcRowWriter(JdbcStatements statements, Clock clock) {
		this.statements = statements;
		this.clock = clock;
	}

	Instant now() {
		return StoredMessages.now(this.clock);
	}

	/** The locked row, once an expired lease on it is recovered. */
	JdbcConversationRow locked(Connection connection, String id) throws SQLException {
		JdbcConversationRow row = this.statements.lock(connection, id);
		if (row == null) {
			throw new ConversationNotFoundException(id);
		}
		return recover(connection, row);
	}

	/** The locked row, if the lease still holds it. */
	JdbcConversationRow held(Connection connection, ConversationLease lease) throws SQLException {
		JdbcConversationRow row = this.statements.lock(connection, lease.conversationId());
		if (row == null) {
			throw new ConversationLeaseLostException(lease.conversationId());
		}
		row.checkHeld(lease);
		return row;
	}

	/**
	 * Renews the lease on the locked row, if it still holds it, and replaces its
	 * checkpoint if one is given.
	 */
	JdbcConversationRow renew(Connection connection, ConversationLease lease, @Nullable String checkpoint)
			throws SQLException {
		JdbcConversationRow renewed = held(connection, lease).withLease(lease.token(), now().plus(lease.duration()));
		return save(connection, (checkpoint != null) ? renewed.withCheckpoint(checkpoint) : renewed);
	}

	/** Ends an expired lease: its checkpoint joins the messages. */
	private JdbcConversationRow recover(Connection connection, JdbcConversationRow row) throws SQLException {
		Instant now = now();
		if (!row.leaseExpired(now)) {
			return row;
		}
		JdbcConversationRow recovered = row.withoutLease();
		String checkpoint = row.checkpoint();
		if (checkpoint != null) {
			int count = row.messageCount();
			this.statements.replaceMessages(connection, row.id(), count, count, List.of(checkpoint));
			recovered = recovered.written(count + 1, row.title(), now);
		}
		return save(connection, recovered);
	}

	/** Replaces the messages from {@code keep} on; the new row is not saved yet. */
	JdbcConversationRow replace(Connection connection, JdbcConversationRow row, int keep,
			List<? extends Message> messages, List<String> json) throws SQLException {
		StoredMessages.checkKeep(row.id(), keep, row.messageCount());
		this.statements.replaceMessages(connection, row.id(), keep, row.messageCount(), json);
		return row.written(keep + json.size(), StoredMessages.title(row.title(), messages), now());
	}

	/** Writes the row back. */
	JdbcConversationRow save(Connection connection, JdbcConversationRow row) throws SQLException {
		this.statements.update(connection, row);
		return row;
	}

}
