package dev.chatconversation.store;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.logging.Logger;

import javax.sql.DataSource;

/**
 * A connection pool small enough for tests (the store's main code must not depend on
 * one): closing a connection it gave out keeps the physical connection for the next
 * caller, if it is open and back in auto-commit as the store leaves it.
 */
final class JdbcTestPool implements DataSource {

	private final DataSource target;

	private final BlockingDeque<Connection> idle;

	JdbcTestPool(DataSource target, int maxIdle) {
		this.target = target;
		this.idle = new LinkedBlockingDeque<>(maxIdle);
	}

	@Override
	public Connection getConnection() throws SQLException {
		Connection physical = this.idle.pollFirst();
		if (physical == null || physical.isClosed()) {
			physical = this.target.getConnection();
		}
		Connection pooled = physical;
		return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
				new Class<?>[] { Connection.class }, (proxy, method, arguments) -> {
					if (method.getName().equals("close")) {
						giveBack(pooled);
						return null;
					}
					return invoke(pooled, method, arguments);
				});
	}

	/**
	 * A data source that logs the SQL of every statement prepared on its connections, and
	 * {@code COMMIT} or {@code ROLLBACK} for each end of a transaction.
	 * @param target where connections come from
	 * @param log where the SQL goes
	 * @return the data source
	 */
	static DataSource logging(DataSource target, List<String> log) {
		return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(),
				new Class<?>[] { DataSource.class }, (proxy, method, arguments) -> {
					Object result = invoke(target, method, arguments);
					if (!(result instanceof Connection connection)) {
						return result;
					}
					return Proxy.newProxyInstance(Connection.class.getClassLoader(),
							new Class<?>[] { Connection.class }, (connectionProxy, call, callArguments) -> {
								if (call.getName().equals("prepareStatement")) {
									log.add((String) callArguments[0]);
								}
								else if (call.getName().equals("commit") || call.getName().equals("rollback")) {
									log.add(call.getName().toUpperCase(Locale.ROOT));
								}
								return invoke(connection, call, callArguments);
							});
				});
	}

	private static Object invoke(Object target, Method method, Object[] arguments) throws Throwable {
		try {
			return method.invoke(target, arguments);
		}
		catch (InvocationTargetException ex) {
			throw ex.getCause();
		}
	}

	private void giveBack(Connection physical) throws SQLException {
		if (physical.isClosed() || !physical.getAutoCommit() || !this.idle.offerFirst(physical)) {
			physical.close();
		}
	}

	@Override
	public Connection getConnection(String username, String password) throws SQLException {
		throw new SQLFeatureNotSupportedException("The test pool has one user");
	}

	@Override
	public PrintWriter getLogWriter() {
		return null;
	}

	@Override
	public void setLogWriter(PrintWriter out) {
	}

	@Override
	public void setLoginTimeout(int seconds) {
	}

	@Override
	public int getLoginTimeout() {
		return 0;
	}

	@Override
	public Logger getParentLogger() throws SQLFeatureNotSupportedException {
		throw new SQLFeatureNotSupportedException();
	}

	@Override
	public <T> T unwrap(Class<T> type) throws SQLException {
		throw new SQLException("Not a wrapper");
	}

	@Override
	public boolean isWrapperFor(Class<?> type) {
		return false;
	}

}
