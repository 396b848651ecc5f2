package dev.chatconversation.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

import javax.sql.DataSource;

import dev.chatconversation.testfixture.StoreServers;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The test PostgreSQL database of the JDBC store tests, and tables of their own in it:
 * each test class takes a prefix nobody else uses, so classes (and builds) sharing the
 * server never see each other's rows.
 */
final class JdbcTestDatabase {

	private JdbcTestDatabase() {
	}

	private static volatile DataSource pool;

	/** A pool of connections to the test database (skips the test when there is none). */
	static DataSource dataSource() {
		DataSource current = pool;
		if (current == null) {
			current = new JdbcTestPool(direct(), 8);
			pool = current;
		}
		return current;
	}

	/** A data source that opens a new connection each time (skips without a database). */
	static PGSimpleDataSource direct() {
		PGSimpleDataSource dataSource = new PGSimpleDataSource();
		dataSource.setUrl(StoreServers.postgresUrl());
		dataSource.setUser(StoreServers.postgresUser());
		dataSource.setConnectTimeout(10);
		return dataSource;
	}

	/** A table prefix for one test class, random so that concurrent runs do not meet. */
	static String prefix(String name) {
		byte[] random = new byte[4];
		ThreadLocalRandom.current().nextBytes(random);
		return name + "_" + HexFormat.of().formatHex(random) + "_";
	}

	/** Drops the tables of a prefix, if they exist. */
	static void drop(DataSource dataSource, String prefix) {
		update(dataSource, "DROP TABLE IF EXISTS " + prefix + "messages, " + prefix + "conversations");
	}

	/**
	 * Replaces a stored message's JSON with raw text; whether there was such a message.
	 */
	static boolean corruptMessage(DataSource dataSource, String prefix, String id, int index, String raw) {
		try (Connection connection = dataSource.getConnection();
				PreparedStatement statement = connection.prepareStatement(
						"UPDATE " + prefix + "messages SET json = ? WHERE conversation_id = ? AND idx = ?")) {
			statement.setString(1, raw);
			statement.setString(2, id);
			statement.setInt(3, index);
			return statement.executeUpdate() == 1;
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Runs one statement in auto-commit. */
	static int update(DataSource dataSource, String sql) {
		try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
			return statement.executeUpdate(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Test statement failed: " + sql, ex);
		}
	}

}
