package dev.chatconversation.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

/**
 * Runs each store call as one transaction on a connection of its own (auto-commit off,
 * rolled back on any failure), or as a single statement in auto-commit, and turns the
 * driver's failures into {@link ConversationStoreException}s that name the conversation
 * and what failed.
 */
final class JdbcTransactions {

	private static final Pattern SECRET = Pattern.compile("(?i)(password|passwd|pwd)=[^&;\\s]*");

	private final DataSource dataSource;

	private final @Nullable Duration queryTimeout;

	JdbcTransactions(DataSource dataSource, @Nullable Duration queryTimeout) {
		this.dataSource = dataSource;
		this.queryTimeout = queryTimeout;
	}

	/**
	 * Runs the work in one transaction.
	 * @param conversationId the conversation concerned, or {@code null} for the store
	 * @param what what the work does, for error messages ("load conversation 'x'")
	 * @param work the work
	 * @return what the work returns
	 */
	<T> T run(@Nullable String conversationId, String what, Work<T> work) {
		try (Connection connection = this.dataSource.getConnection()) {
			return inTransaction(connection, work);
		}
		catch (SQLException ex) {
			throw translate(conversationId, what, ex);
		}
	}

	/**
	 * Runs work of one statement in auto-commit, where the statement is a transaction of
	 * its own and no commit waits for the database; on a connection the data source hands
	 * out with auto-commit off, it runs in a transaction as {@link #run} does.
	 * @param conversationId the conversation concerned, or {@code null} for the store
	 * @param what what the work does, for error messages ("load conversation 'x'")
	 * @param work the work: at most one statement that writes
	 * @return what the work returns
	 */
	<T> T runAlone(@Nullable String conversationId, String what, Work<T> work) {
		try (Connection connection = this.dataSource.getConnection()) {
			return connection.getAutoCommit() ? work.run(connection) : inTransaction(connection, work);
		}
		catch (SQLException ex) {
			throw translate(conversationId, what, ex);
		}
	}

	/**
	 * Prepares a statement with the store's query timeout.
	 * @param connection the connection
	 * @param sql the statement
	 * @return the prepared statement
	 * @throws SQLException if the driver refuses it
	 */
	PreparedStatement prepare(Connection connection, String sql) throws SQLException {
		PreparedStatement statement = connection.prepareStatement(sql);
		if (this.queryTimeout != null) {
			long seconds = Math.max(1, (this.queryTimeout.toMillis() + 999) / 1000);
			statement.setQueryTimeout((int) Math.min(seconds, Integer.MAX_VALUE));
		}
		return statement;
	}

	private static <T> T inTransaction(Connection connection, Work<T> work) throws SQLException {
		boolean autoCommit = connection.getAutoCommit();
		if (autoCommit) {
			connection.setAutoCommit(false);
		}
		try {
			T result = work.run(connection);
			connection.commit();
			return result;
		}
		catch (SQLException | RuntimeException ex) {
			rollback(connection, ex);
			throw ex;
		}
		finally {
			if (autoCommit) {
				restoreAutoCommit(connection);
			}
		}
	}

	private static void rollback(Connection connection, Exception failure) {
		try {
			connection.rollback();
		}
		catch (SQLException ex) {
			failure.addSuppressed(ex);
		}
	}

	private static void restoreAutoCommit(Connection connection) {
		try {
			connection.setAutoCommit(true);
		}
		catch (SQLException ex) {
			// the connection is closed next: a pool discards or resets it
		}
	}

	private ConversationStoreException translate(@Nullable String conversationId, String what, SQLException ex) {
		String detail = redact(String.valueOf(ex.getMessage())) + " (SQL state " + ex.getSQLState() + ")";
		String reason;
		if (ex instanceof SQLTimeoutException || "57014".equals(ex.getSQLState()) || "HYT00".equals(ex.getSQLState())) {
			reason = "the database did not answer "
					+ ((this.queryTimeout != null) ? "within the query timeout of " + this.queryTimeout : "in time")
					+ ": " + detail;
		}
		else if (ex instanceof SQLTransientConnectionException || ex instanceof SQLNonTransientConnectionException
				|| String.valueOf(ex.getSQLState()).startsWith("08")) {
			reason = "cannot reach the database: " + detail;
		}
		else {
			reason = detail;
		}
		return new ConversationStoreException(conversationId, "Could not " + what + " in the JDBC store: " + reason,
				ex);
	}

	static String redact(String text) {
		return SECRET.matcher(text).replaceAll("$1=***");
	}

	/**
	 * Work on one connection, inside a transaction.
	 *
	 * @param <T> what the work returns
	 */
	@FunctionalInterface
	interface Work<T> {

		T run(Connection connection) throws SQLException;

	}

}
