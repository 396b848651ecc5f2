package dev.chatconversation.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.jspecify.annotations.Nullable;

/**
 * The stores the store benchmarks compare, each in a place of its own that closing
 * removes: a temporary folder, tables under a random prefix, keys under a random prefix.
 * PostgreSQL and Redis come from the variables the store tests read
 * ({@code CHAT_TEST_POSTGRES_URL}, {@code CHAT_TEST_POSTGRES_USER},
 * {@code CHAT_TEST_REDIS_URL}); without them those stores are not available. A test
 * source in the store's package, so that the benchmarks reuse the tests' table and key
 * clean-up; PostgreSQL is reached through HikariCP, the pool Spring Boot applications
 * use.
 */
public final class BenchmarkStores {

	/** Every store the benchmarks know, in the order they run. */
	public static final List<String> ALL = List.of("memory", "file", "jdbc", "redis");

	private BenchmarkStores() {
	}

	/**
	 * The stores that can run here: memory and file always, JDBC and Redis when their
	 * servers are configured.
	 * @return the names of the available stores
	 */
	public static List<String> available() {
		List<String> names = new ArrayList<>(List.of("memory", "file"));
		if (variable("CHAT_TEST_POSTGRES_URL") != null) {
			names.add("jdbc");
		}
		if (variable("CHAT_TEST_REDIS_URL") != null) {
			names.add("redis");
		}
		return names;
	}

	/**
	 * Opens an empty store of the named kind.
	 * @param name {@code memory}, {@code file}, {@code jdbc} or {@code redis}
	 * @return the store and what removes it
	 * @throws IOException if the file store's folder cannot be made
	 */
	public static Opened open(String name) throws IOException {
		return switch (name) {
			case "memory" -> new Opened(new InMemoryConversationStore(), () -> {
			});
			case "file" -> file();
			case "jdbc" -> jdbc();
			case "redis" -> redis();
			default -> throw new IllegalArgumentException("Unknown store " + name + ", expected one of " + ALL);
		};
	}

	private static Opened file() throws IOException {
		Path folder = Files.createTempDirectory("chat-store-bench");
		return new Opened(new FileConversationStore(folder), () -> {
			try (Stream<Path> paths = Files.walk(folder)) {
				for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
					Files.deleteIfExists(path);
				}
			}
		});
	}

	private static Opened jdbc() {
		// the pool Spring Boot gives an application, sized like the test pool
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(required("CHAT_TEST_POSTGRES_URL"));
		String user = variable("CHAT_TEST_POSTGRES_USER");
		config.setUsername((user != null) ? user : "chat");
		config.setMaximumPoolSize(32);
		HikariDataSource pool = new HikariDataSource(config);
		String prefix = "bench_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()) + "_";
		JdbcConversationStore store = JdbcConversationStore.builder(pool).tablePrefix(prefix).build();
		store.initializeSchema();
		return new Opened(store, () -> {
			JdbcTestDatabase.drop(pool, prefix);
			pool.close();
		});
	}

	private static Opened redis() {
		RedisClient client = RedisClient.create(required("CHAT_TEST_REDIS_URL"));
		String prefix = "chat-bench:" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()) + ":";
		RedisConversationStore store = RedisConversationStore.builder(client).keyPrefix(prefix).build();
		return new Opened(store, () -> {
			store.close();
			try (StatefulRedisConnection<String, String> connection = client.connect()) {
				RedisTestKeys.flush(connection.sync(), prefix);
			}
			client.shutdown();
		});
	}

	private static String required(String name) {
		String value = variable(name);
		if (value == null) {
			throw new IllegalStateException(name + " is not set: start the servers with .ci/services start");
		}
		return value;
	}

	private static @Nullable String variable(String name) {
		String value = System.getenv(name);
		return (value == null || value.isBlank()) ? null : value;
	}

	/**
	 * A store and what removes everything it wrote.
	 *
	 * @param store the store
	 * @param removal closes the store and removes its folder, tables or keys
	 */
	public record Opened(ConversationStore store, Removal removal) implements AutoCloseable {

		@Override
		public void close() throws Exception {
			this.removal.remove();
		}

	}

	/** Removes a store's data. */
	@FunctionalInterface
	public interface Removal {

		void remove() throws Exception;

	}

}
