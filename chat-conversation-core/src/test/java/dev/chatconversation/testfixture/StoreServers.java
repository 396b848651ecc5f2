package dev.chatconversation.testfixture;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;

/**
 * Where the store tests find their real servers: PostgreSQL and Redis on loopback, as
 * {@code .ci/services start} prints them ({@code CHAT_TEST_POSTGRES_URL},
 * {@code CHAT_TEST_POSTGRES_USER}, {@code CHAT_TEST_REDIS_URL}). Without them the tests
 * are skipped with a message saying how to run them, unless {@code CHAT_STORE_TESTS} is
 * {@code required} (as in CI), when they fail.
 */
public final class StoreServers {

	private static final String HOW = "start throwaway servers with: eval \"$(bash .ci/services start)\" "
			+ "(needs Debian's postgresql and redis-server), then run the tests from that shell";

	private StoreServers() {
	}

	/**
	 * The JDBC URL of the test PostgreSQL database.
	 * @return the URL
	 */
	public static String postgresUrl() {
		return required("CHAT_TEST_POSTGRES_URL", "PostgreSQL");
	}

	/**
	 * The user of the test PostgreSQL database (trust authentication, no password).
	 * @return the user name
	 */
	public static String postgresUser() {
		String user = System.getenv("CHAT_TEST_POSTGRES_USER");
		return (user != null) ? user : "chat";
	}

	/**
	 * The URI of the test Redis server.
	 * @return the URI, such as {@code redis://127.0.0.1:56379}
	 */
	public static String redisUrl() {
		return required("CHAT_TEST_REDIS_URL", "Redis");
	}

	private static String required(String variable, String server) {
		@Nullable String value = System.getenv(variable);
		if (value == null || value.isBlank()) {
			String message = server + " is not available (" + variable + " is not set): " + HOW;
			if ("required".equals(System.getenv("CHAT_STORE_TESTS"))) {
				throw new IllegalStateException(message);
			}
			Assumptions.abort(message);
		}
		return value;
	}

}
